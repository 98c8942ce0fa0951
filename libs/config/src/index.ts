export * from './env';
export * from './secrets';
export * from './trusted-proxies';
export * from './retention';
