export * from './registry';
export * from './registry.error';
export * from './registry.types';
export * from './registry-validation';
export * from './node-keys';
export * from './encryption-keys';
