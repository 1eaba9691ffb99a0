import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';
import { assertInsideParent, assertWindow, inheritedRequirements, mergeFocusPoints } from './linkage-task.rules';

const d = (iso: string) => new Date(iso);
const codeOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return (error as LinkageTaskException).code;
  }
  return undefined;
};

describe('linkage task rules', () => {
  const now = d('2025-06-01T00:00:00Z');

  it('refuses a deadline that is not after the start', () => {
    expect(codeOf(() => assertWindow({ startAt: d('2025-07-01'), deadline: d('2025-07-01') }, now))).toBe(LinkageTaskErrorCode.InvalidWindow);
    expect(codeOf(() => assertWindow({ startAt: d('2025-07-02'), deadline: d('2025-07-01') }, now))).toBe(LinkageTaskErrorCode.InvalidWindow);
  });

  it('refuses a deadline that has passed', () => {
    expect(codeOf(() => assertWindow({ startAt: d('2025-05-01'), deadline: d('2025-05-31') }, now))).toBe(LinkageTaskErrorCode.DeadlinePassed);
  });

  it('accepts a window that is open', () => {
    expect(codeOf(() => assertWindow({ startAt: d('2025-05-01'), deadline: d('2025-09-30') }, now))).toBeUndefined();
  });

  it('keeps an assignment inside its task’s window: equal or earlier deadline, equal or later start', () => {
    const parent = { startAt: d('2025-06-01'), deadline: d('2025-09-30') };
    expect(codeOf(() => assertInsideParent({ startAt: d('2025-06-01'), deadline: d('2025-09-30') }, parent))).toBeUndefined();
    expect(codeOf(() => assertInsideParent({ startAt: d('2025-06-10'), deadline: d('2025-08-31') }, parent))).toBeUndefined();
    expect(codeOf(() => assertInsideParent({ startAt: d('2025-06-01'), deadline: d('2025-10-01') }, parent))).toBe(LinkageTaskErrorCode.OutsideParentWindow);
    expect(codeOf(() => assertInsideParent({ startAt: d('2025-05-31'), deadline: d('2025-09-01') }, parent))).toBe(LinkageTaskErrorCode.OutsideParentWindow);
  });

  it('passes every requirement above an assignment down, outermost first', () => {
    expect(inheritedRequirements({ requirements: 'province', inheritedRequirements: 'central' })).toBe('central\n\nprovince');
    expect(inheritedRequirements({ requirements: 'central', inheritedRequirements: null })).toBe('central');
  });

  it('merges focus points without duplicates or blanks', () => {
    expect(mergeFocusPoints(['选人用人', '作风建设'], [' 作风建设', '', '基层治理'])).toEqual(['选人用人', '作风建设', '基层治理']);
  });
});
