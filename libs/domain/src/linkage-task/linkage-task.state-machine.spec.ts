import { RecipientState } from './linkage-task.enums';
import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';
import { Lifecycle, LifecycleEvent, reconcileDeadline, stateOf, transition } from './linkage-task.state-machine';

const at = (phase: Lifecycle['phase'], overdue = false): Lifecycle => ({ phase, overdue });

describe('linkage task recipient lifecycle', () => {
  it('walks issued → received → accepted → in progress → completed', () => {
    let life = at(RecipientState.Issued);
    for (const event of [LifecycleEvent.Deliver, LifecycleEvent.Accept, LifecycleEvent.ReportProgress, LifecycleEvent.ReportProgress, LifecycleEvent.Complete]) {
      life = transition(life, event);
    }
    expect(life).toEqual(at(RecipientState.Completed));
  });

  it.each([
    [RecipientState.Issued, LifecycleEvent.Accept],
    [RecipientState.Received, LifecycleEvent.Complete],
    [RecipientState.Received, LifecycleEvent.Decompose],
    [RecipientState.Completed, LifecycleEvent.ReportProgress],
    [RecipientState.Completed, LifecycleEvent.Cancel],
    [RecipientState.Cancelled, LifecycleEvent.Accept],
    [RecipientState.Accepted, LifecycleEvent.Deliver],
  ] as const)('refuses from %s to %s with ILLEGAL_TRANSITION', (phase, event) => {
    const attempt = () => transition(at(phase), event);
    expect(attempt).toThrow(LinkageTaskException);
    try {
      attempt();
    } catch (error) {
      expect((error as LinkageTaskException).code).toBe(LinkageTaskErrorCode.IllegalTransition);
    }
  });

  it('keeps the phase under overdue, so a late recipient can still work and complete', () => {
    let life = transition(at(RecipientState.Accepted), LifecycleEvent.Expire);
    expect(stateOf(life)).toBe(RecipientState.Overdue);
    life = transition(life, LifecycleEvent.ReportProgress);
    expect(life).toEqual(at(RecipientState.InProgress, true));
    expect(stateOf(life)).toBe(RecipientState.Overdue);
    life = transition(life, LifecycleEvent.Complete);
    expect(stateOf(life)).toBe(RecipientState.Completed);
  });

  it('expires only once and only what is unfinished', () => {
    expect(() => transition(at(RecipientState.Received, true), LifecycleEvent.Expire)).toThrow(LinkageTaskException);
    expect(() => transition(at(RecipientState.Completed), LifecycleEvent.Expire)).toThrow(LinkageTaskException);
  });

  it('cancels from any open phase, overdue or not', () => {
    expect(transition(at(RecipientState.Issued), LifecycleEvent.Cancel)).toEqual(at(RecipientState.Cancelled));
    expect(transition(at(RecipientState.InProgress, true), LifecycleEvent.Cancel)).toEqual(at(RecipientState.Cancelled));
  });

  describe('reconcileDeadline', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    const past = new Date('2025-05-31T00:00:00Z');
    const future = new Date('2025-06-02T00:00:00Z');

    it('marks an unfinished recipient overdue once the deadline has passed', () => {
      expect(reconcileDeadline(at(RecipientState.Received), past, now)).toEqual(at(RecipientState.Received, true));
      expect(reconcileDeadline(at(RecipientState.Received), now, now)).toEqual(at(RecipientState.Received, true));
    });

    it('lifts overdue when an amendment moves the deadline out', () => {
      expect(reconcileDeadline(at(RecipientState.InProgress, true), future, now)).toEqual(at(RecipientState.InProgress));
    });

    it('leaves finished recipients and unexpired ones alone', () => {
      expect(reconcileDeadline(at(RecipientState.Completed), past, now)).toEqual(at(RecipientState.Completed));
      expect(reconcileDeadline(at(RecipientState.Accepted), future, now)).toEqual(at(RecipientState.Accepted));
    });
  });
});
