import { randomBytes } from 'node:crypto';
import { Context, Span, SpanContext, SpanOptions, Tracer, TracerProvider, context, trace } from '@opentelemetry/api';
import { Envelope } from '../envelope/envelope';
import { inHopSpans, outgoingTrace, tracingEnabled } from './tracing';

/** Just enough of an SDK to see which spans are made and who their parents are. */
class RecordingTracer implements Tracer {
  readonly spans: { name: string; context: SpanContext; parent?: SpanContext; ended: boolean }[] = [];

  startSpan(name: string, _options?: SpanOptions, ctx: Context = context.active()): Span {
    const parent = trace.getSpanContext(ctx);
    const spanContext: SpanContext = { traceId: parent?.traceId ?? randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), traceFlags: 1 };
    const record = { name, context: spanContext, parent, ended: false };
    this.spans.push(record);
    const span = trace.wrapSpanContext(spanContext);
    return Object.assign(Object.create(span), { isRecording: () => true, end: () => void (record.ended = true) });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...args: unknown[]): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    const options = (args.length > 1 ? args[0] : undefined) as SpanOptions | undefined;
    const ctx = (args.length > 2 ? args[1] : context.active()) as Context;
    const span = this.startSpan(name, options, ctx);
    return context.with(trace.setSpan(ctx, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const envelope = (spanId: string) => ({ messageId: 'm1', type: 'probe', from: '000000', to: '130000', origin: '000000', destination: '130102', seq: 1, trace: { traceparent: `00-${TRACE_ID}-${spanId}-01` } }) as unknown as Envelope;

describe('hop tracing', () => {
  afterEach(() => trace.disable());

  it('without an SDK keeps the trace id and gives each hop a fresh span id', async () => {
    expect(tracingEnabled()).toBe(false);
    const [passedOn] = await inHopSpans([envelope('00f067aa0ba902b7')], 'relay', async (hops) => hops);
    expect(passedOn.traceparent).toBe(`00-${TRACE_ID}-00f067aa0ba902b7-01`);
    const next = outgoingTrace(passedOn).traceparent.split('-');
    expect(next[1]).toBe(TRACE_ID);
    expect(next[2]).not.toBe('00f067aa0ba902b7');
  });

  it('with an SDK runs the hop in a span whose parent is the envelope and passes that span on', async () => {
    const tracer = new RecordingTracer();
    const provider: TracerProvider = { getTracer: () => tracer };
    trace.setGlobalTracerProvider(provider);
    expect(tracingEnabled()).toBe(true);

    const [passedOn] = await inHopSpans([envelope('00f067aa0ba902b7')], 'apply', async (hops) => hops);
    expect(tracer.spans).toHaveLength(1);
    const [span] = tracer.spans;
    expect(span).toMatchObject({ name: 'federation.apply probe', ended: true, parent: { traceId: TRACE_ID, spanId: '00f067aa0ba902b7' } });
    expect(passedOn.traceparent).toBe(`00-${TRACE_ID}-${span.context.spanId}-01`);
    // The next envelope carries the hop span itself, so the next hop's span is its child.
    expect(outgoingTrace(passedOn)).toEqual(passedOn);
  });

  it('with an SDK gives each message applied together a span of its own, in its own trace', async () => {
    const tracer = new RecordingTracer();
    trace.setGlobalTracerProvider({ getTracer: () => tracer });
    const other = { ...envelope('b7ad6b7169203331'), messageId: 'm2', trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } } as Envelope;
    const passedOn = await inHopSpans([envelope('00f067aa0ba902b7'), other], 'apply', async (hops) => hops);
    expect(tracer.spans.map((span) => span.parent?.traceId)).toEqual([TRACE_ID, '0af7651916cd43dd8448eb211c80319c']);
    expect(tracer.spans.every((span) => span.ended)).toBe(true);
    expect(passedOn.map((hop) => hop.traceparent.split('-')[2])).toEqual(tracer.spans.map((span) => span.context.spanId));
  });
});
