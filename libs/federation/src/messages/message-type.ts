import { ProbePayload } from './probe.messages';

/**
 * Every message the federation carries. Producers and handlers both refer to these names and to
 * the payload map below, so the two cannot drift apart; a host refuses to start when a type has
 * no handler or more than one.
 */
export enum MessageType {
  Probe = 'federation.probe',
}

export interface MessagePayloads {
  [MessageType.Probe]: ProbePayload;
}

/** The schema version each type is produced with; a receiver accepts versions up to this one. */
export const MESSAGE_SCHEMA_VERSION: { readonly [T in MessageType]: number } = {
  [MessageType.Probe]: 1,
};

const KNOWN = new Set<string>(Object.values(MessageType));

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && KNOWN.has(value);
}
