export * from './common.exception';
export * from './common.module';
export * from './jurisdiction';
export * from './pagination';
export * from './status-events';
export * from './target-scope';
