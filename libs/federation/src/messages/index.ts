export * from './message-type';
export * from './linkage-task.messages';
export * from './notice.messages';
export * from './probe.messages';
export * from './deadline.messages';
export * from './filing.messages';
export * from './special-check.messages';
export * from './supervision-team.messages';
