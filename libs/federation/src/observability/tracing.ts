import { Context, ProxyTracerProvider, Span, SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import { Envelope, TraceContext } from '../envelope/envelope';
import { childTrace } from '../envelope/trace-context';

/**
 * OpenTelemetry around the federation's hops, through the API only: without an SDK registered in
 * the process every call here is a no-op and the envelopes keep carrying W3C traceparents hop by
 * hop (same trace id, a fresh span id per hop). With an SDK registered (see docs/observability.md),
 * each apply or relay is a span whose parent is the envelope's traceparent, and the traceparent of
 * that span goes into the next envelope, so one task's path down and back is one trace.
 */
const tracer = () => trace.getTracer('inspection-federation');
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function toTraceparent(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** Whether an SDK has registered a tracer provider (otherwise the API is a no-op proxy). */
export function tracingEnabled(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer('inspection-federation') !== undefined;
}

function parentContext(parent: TraceContext | undefined): Context {
  const match = parent ? TRACEPARENT.exec(parent.traceparent) : null;
  if (!match) return context.active();
  return trace.setSpanContext(context.active(), { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED, isRemote: true });
}

/**
 * Runs the work of several hops applied together (at the destination, or recorded and passed on
 * at a level in between), each in a span continuing its envelope's trace. `fn` receives, in the
 * envelopes' order, the trace context the messages each one causes must carry. Without a tracer
 * the spans are not made and batching is the same either way.
 */
export async function inHopSpans<T>(envelopes: readonly Envelope[], kind: 'apply' | 'relay', fn: (traces: TraceContext[]) => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return fn(envelopes.map((envelope) => envelope.trace));
  const spans = envelopes.map((envelope) =>
    tracer().startSpan(
      `federation.${kind} ${envelope.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'federation',
          'messaging.message.id': envelope.messageId,
          'messaging.batch.message_count': envelopes.length,
          'federation.from': envelope.from,
          'federation.to': envelope.to,
          'federation.origin': envelope.origin,
          'federation.destination': envelope.destination,
          'federation.channel_seq': envelope.seq,
        },
      },
      parentContext(envelope.trace),
    ),
  );
  try {
    return await fn(spans.map((span, i) => (span.isRecording() ? { traceparent: toTraceparent(span) } : envelopes[i].trace)));
  } catch (error) {
    for (const span of spans) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

/**
 * The trace context of an envelope about to be written to the outbox. Under an SDK: the active span
 * when it is recording (a mutation traced by an HTTP instrumentation starts the trace), or the hop
 * span's context the caller passed on. Without one: the parent's trace with a fresh span id.
 */
export function outgoingTrace(parent: TraceContext | undefined): TraceContext {
  if (tracingEnabled()) {
    const active = trace.getActiveSpan();
    if (active?.isRecording()) {
      const own = toTraceparent(active);
      if (!parent || parent.traceparent.slice(3, 35) === own.slice(3, 35)) return { traceparent: own };
    }
    if (parent) return parent;
  }
  return childTrace(parent);
}
