export * from '../../tools/harness/host-process';
