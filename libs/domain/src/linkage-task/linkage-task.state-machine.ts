import { RecipientPhase, RecipientState } from './linkage-task.enums';
import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';

/**
 * One recipient's lifecycle on a task: issued → received → accepted → in progress → completed,
 * or cancelled by the issuer. Overdue is kept beside the phase rather than replacing it, so that a
 * late recipient can still work and complete, and an amendment that moves the deadline out puts
 * it back where it was.
 */
export interface Lifecycle {
  phase: RecipientPhase;
  overdue: boolean;
}

export enum LifecycleEvent {
  Deliver = 'deliver',
  Accept = 'accept',
  ReportProgress = 'report progress on',
  Complete = 'complete',
  Decompose = 'decompose',
  Expire = 'expire',
  Extend = 'extend',
  Cancel = 'cancel',
}

const OPEN: readonly RecipientPhase[] = [RecipientState.Issued, RecipientState.Received, RecipientState.Accepted, RecipientState.InProgress];
const WORKING: readonly RecipientPhase[] = [RecipientState.Accepted, RecipientState.InProgress];

interface Rule {
  from: readonly RecipientPhase[];
  to?: RecipientPhase;
  overdue: 'keep' | 'set' | 'clear';
  /** Only when the recipient is (true) or is not (false) overdue. */
  whenOverdue?: boolean;
}

const RULES: { readonly [E in LifecycleEvent]: Rule } = {
  [LifecycleEvent.Deliver]: { from: [RecipientState.Issued], to: RecipientState.Received, overdue: 'keep' },
  [LifecycleEvent.Accept]: { from: [RecipientState.Received], to: RecipientState.Accepted, overdue: 'keep' },
  [LifecycleEvent.ReportProgress]: { from: WORKING, to: RecipientState.InProgress, overdue: 'keep' },
  [LifecycleEvent.Complete]: { from: WORKING, to: RecipientState.Completed, overdue: 'clear' },
  [LifecycleEvent.Decompose]: { from: WORKING, overdue: 'keep' },
  [LifecycleEvent.Expire]: { from: OPEN, overdue: 'set', whenOverdue: false },
  [LifecycleEvent.Extend]: { from: OPEN, overdue: 'clear', whenOverdue: true },
  [LifecycleEvent.Cancel]: { from: OPEN, to: RecipientState.Cancelled, overdue: 'clear' },
};

export function stateOf({ phase, overdue }: Lifecycle): RecipientState {
  return overdue && OPEN.includes(phase) ? RecipientState.Overdue : phase;
}

export function isOpen(phase: RecipientPhase): boolean {
  return OPEN.includes(phase);
}

export function can(current: Lifecycle, event: LifecycleEvent): boolean {
  const rule = RULES[event];
  return rule.from.includes(current.phase) && (rule.whenOverdue === undefined || rule.whenOverdue === current.overdue);
}

/** The lifecycle after `event`; refuses with ILLEGAL_TRANSITION what the rules do not allow. */
export function transition(current: Lifecycle, event: LifecycleEvent): Lifecycle {
  if (!can(current, event)) {
    throw new LinkageTaskException(LinkageTaskErrorCode.IllegalTransition, `cannot ${event} a task that is ${stateOf(current)}`, {
      state: stateOf(current),
      event,
    });
  }
  const rule = RULES[event];
  const overdue = rule.overdue === 'keep' ? current.overdue : rule.overdue === 'set';
  return { phase: rule.to ?? current.phase, overdue };
}

/** Deadlines are rules, not suggestions: passing one unfinished makes the recipient overdue, moving it out again lifts that. */
export function reconcileDeadline(current: Lifecycle, deadline: Date, now: Date): Lifecycle {
  const passed = deadline.getTime() <= now.getTime();
  if (passed && can(current, LifecycleEvent.Expire)) return transition(current, LifecycleEvent.Expire);
  if (!passed && can(current, LifecycleEvent.Extend)) return transition(current, LifecycleEvent.Extend);
  return current;
}
