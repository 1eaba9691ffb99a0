export * from '../../tools/harness/redis-cluster';
