export * from './fake-viber-api';
export * from './simulator-server';
export * from './signed-callback';
export * from './citizen-callbacks';
export * from './receipt-sender';
