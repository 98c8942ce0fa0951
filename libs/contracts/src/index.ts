export * from './envelope';
export * from './deterministic-id';
export * from './messages';
export * from './registry';
export * from './events/inbound.events';
export * from './events/outbound.events';
export * from './events/dialog.events';
export * from './events/handoff.events';
