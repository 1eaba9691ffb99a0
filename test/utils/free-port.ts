export * from '../../tools/harness/free-port';
