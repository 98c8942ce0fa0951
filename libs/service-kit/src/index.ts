export * from './service-runtime';
export * from './health.controller';
export * from './http-app';
export * from './graceful-shutdown';
export * from './request-body';
export * from './domain-error.filter';
export * from './event-batches';
export * from './retention';
