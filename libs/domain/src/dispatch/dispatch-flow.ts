import { AppError, MessagePayloads, MessageType } from '@app/federation';
import { DownwardKind } from '../common/status-events';
import { RulesTable, StepBody } from './dispatch-rules';

/** How the node holding a copy relates to the dispatch. */
export type DispatchRole = 'issuer' | 'target' | 'relay';

/** Why the engine refuses an operation; each flow answers with its own error code. */
export enum DispatchRefusal {
  NotFound = 'not_found',
  NotIssuer = 'not_issuer',
  NotTarget = 'not_target',
  IllegalStep = 'illegal_step',
}

/** A dispatch as every flow's message says it, whatever the flow calls its fields. */
export interface DispatchedMessage<C> {
  id: string;
  issuerId: string;
  title: string;
  /** What only this flow has (a team's members, a check's subject, a notice's body). */
  content: C;
  dispatchedAt: string;
}

/** One step of one target's exchange, as every flow's step message says it. */
export interface StepMessage<B extends StepBody> {
  dispatchId: string;
  targetId: string;
  /** The same at every level, so that a level records a step once. */
  stepId: string;
  body: B;
  at: string;
}

/**
 * One flow of "dispatched down to targets, a step log per target, a rules table": what a flow
 * brings to the generic engine. Its two message types keep their own wire names and payloads; the
 * flow reads and writes them as the engine's shapes.
 */
export interface DispatchFlow<DT extends MessageType, ST extends MessageType, S extends string, B extends StepBody, C> {
  /** Stored as the dispatch's flow, and the kind of its live status events. */
  readonly kind: DownwardKind;
  readonly messages: { readonly dispatched: DT; readonly step: ST };
  readonly rules: RulesTable<S, B, C>;
  readDispatched(payload: MessagePayloads[DT]): DispatchedMessage<C>;
  writeDispatched(dispatched: DispatchedMessage<C>): MessagePayloads[DT];
  readStep(payload: MessagePayloads[ST]): StepMessage<B>;
  writeStep(step: StepMessage<B>): MessagePayloads[ST];
  /** The flow's own error for a refusal (its codes are part of the API). */
  refuse(why: DispatchRefusal, message: string, details?: Record<string, unknown>): AppError;
}

/** Any flow, as the engine takes it (its methods accept each flow's own payloads: method parameters are bivariant). */
export type AnyFlow = DispatchFlow<MessageType, MessageType, string, StepBody, unknown>;
export type ContentOf<F> = F extends DispatchFlow<MessageType, MessageType, string, StepBody, infer C> ? C : never;
export type BodyOf<F> = F extends DispatchFlow<MessageType, MessageType, string, infer B, unknown> ? B : never;
export type StateOf<F> = F extends DispatchFlow<MessageType, MessageType, infer S, StepBody, unknown> ? S : never;

/** A flow's role filter (its own enum) as the engine's role. */
export function dispatchRoleOf<R extends string>(roles: { readonly [D in DispatchRole]: R }, role: R | null | undefined): DispatchRole | undefined {
  return role ? (Object.keys(roles) as DispatchRole[]).find((key) => roles[key] === role) : undefined;
}
