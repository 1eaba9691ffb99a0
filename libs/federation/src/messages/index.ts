export * from './message-type';
export * from './probe.messages';
