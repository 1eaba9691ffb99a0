export * from './canonical-json';
export * from './envelope';
export * from './trace-context';
