export * from '../../tools/harness/federation';
