import { DeadlineKind } from '../deadlines/deadline.enums';

/** Who takes a step of one target's exchange: the level that dispatched, or the target itself. */
export type DispatchActor = 'issuer' | 'target';

/** A step's body as its message carries it: `kind` names the rule that takes it. */
export interface StepBody {
  kind: string;
}

/** What a step owes the target by a date, tracked by the deadline sweep at the target. */
export interface Obligation {
  kind: DeadlineKind;
  /** The last instant on time; the deadline is its calendar day in Asia/Shanghai. */
  dueDate: string;
}

/** One row of a rules table: who may take the step, from which states, and where it leads. */
export interface StepRule<S extends string, B extends StepBody> {
  actor: DispatchActor;
  from: readonly S[];
  to: S;
  /** When the resulting state depends on what the step says (a review accepts or returns). */
  resolve?(body: B): S;
  /** Taking the step again once it has led to `to` changes nothing and sends nothing (a notice read twice). */
  idempotent?: boolean;
  /** The obligation the step puts on the target (rectification required by a date). */
  opens?(body: B): Obligation;
  /** The target's open obligations of these kinds that the step answers. */
  meets?: readonly DeadlineKind[];
  /** The step ends the exchange: every open obligation of the target for this dispatch is cancelled. */
  cancels?: boolean;
}

/**
 * A flow's state machine, one rule per step kind (exhaustive: a step kind without a rule does not
 * compile). `initial` is the state of each target when the dispatch reaches it.
 */
export interface RulesTable<S extends string, B extends StepBody, C = unknown> {
  initial: S;
  steps: { readonly [K in B['kind']]: StepRule<S, Extract<B, { kind: K }>> };
  /** What a target owes as soon as the dispatch reaches it (a self-check report due). */
  onDispatch?(content: C): Obligation | null;
}

/** Where a step leads from a state: a new state, nothing (an idempotent repeat), or a refusal saying why. */
export type Transition<S extends string> = { state: S } | { unchanged: true } | { refused: string };

export function ruleOf<S extends string, B extends StepBody>(rules: RulesTable<S, B, never>, kind: string): StepRule<S, B> | undefined {
  return (rules.steps as Record<string, StepRule<S, B> | undefined>)[kind];
}

/** The engine: the transition `body` taken by `actor` makes from `state`, by the table's rules. */
export function transition<S extends string, B extends StepBody>(rules: RulesTable<S, B, never>, state: S, body: B, actor: DispatchActor): Transition<S> {
  const rule = ruleOf(rules, body.kind);
  if (!rule) return { refused: `no step ${body.kind} in this flow` };
  if (rule.actor !== actor) return { refused: `only the ${rule.actor} takes the step ${body.kind}` };
  if (rule.idempotent && state === rule.to) return { unchanged: true };
  if (!rule.from.includes(state)) return { refused: `cannot take the step ${body.kind} while the target is ${state}` };
  return { state: rule.resolve ? rule.resolve(body) : rule.to };
}
