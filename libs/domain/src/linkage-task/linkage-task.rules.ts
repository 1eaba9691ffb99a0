import { LinkageTaskErrorCode, LinkageTaskException } from './linkage-task.exception';

export interface Window {
  startAt: Date;
  deadline: Date;
}

/** A task's window must be real and still open when it is issued or amended. */
export function assertWindow({ startAt, deadline }: Window, now: Date): void {
  if (deadline.getTime() <= startAt.getTime()) {
    throw new LinkageTaskException(LinkageTaskErrorCode.InvalidWindow, `the deadline (${deadline.toISOString()}) must be after the start (${startAt.toISOString()})`);
  }
  if (deadline.getTime() <= now.getTime()) {
    throw new LinkageTaskException(LinkageTaskErrorCode.DeadlinePassed, `the deadline (${deadline.toISOString()}) has already passed`);
  }
}

/** An assignment fits inside the task it decomposes: it may start later and end earlier, never the other way. */
export function assertInsideParent(window: Window, parent: Window): void {
  if (window.deadline.getTime() > parent.deadline.getTime()) {
    throw new LinkageTaskException(
      LinkageTaskErrorCode.OutsideParentWindow,
      `an assignment's deadline (${window.deadline.toISOString()}) cannot be later than its task's (${parent.deadline.toISOString()})`,
    );
  }
  if (window.startAt.getTime() < parent.startAt.getTime()) {
    throw new LinkageTaskException(
      LinkageTaskErrorCode.OutsideParentWindow,
      `an assignment cannot start (${window.startAt.toISOString()}) before its task does (${parent.startAt.toISOString()})`,
    );
  }
}

/** What an assignment's recipients must also honour: every requirement above it, outermost first. */
export function inheritedRequirements(parent: { requirements: string; inheritedRequirements: string | null }): string {
  return [parent.inheritedRequirements, parent.requirements].filter((text): text is string => !!text).join('\n\n');
}

export function mergeFocusPoints(inherited: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...inherited, ...added].map((point) => point.trim()).filter(Boolean))];
}
