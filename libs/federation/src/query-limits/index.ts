export * from './query-limits.plugin';
