export * from './test-env';
export * from './service-env';
export * from './namespace-cleanup';
export * from './json-call';
export * from './service-process';
export * from './idle';
export * from './own-nats-server';
