export * from '../../tools/harness/redis-server';
