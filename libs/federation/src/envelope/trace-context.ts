import { randomBytes } from 'node:crypto';
import { TraceContext } from './envelope';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Starts a new trace, or continues `parent`'s trace with a new span for this hop. */
export function childTrace(parent?: TraceContext): TraceContext {
  const match = parent ? TRACEPARENT.exec(parent.traceparent) : null;
  const traceId = match ? match[1] : randomBytes(16).toString('hex');
  const flags = match ? match[3] : '01';
  return { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}` };
}

export function traceIdOf(trace: TraceContext): string | undefined {
  return TRACEPARENT.exec(trace.traceparent)?.[1];
}
