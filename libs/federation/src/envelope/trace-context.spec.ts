import { childTrace, traceIdOf } from './trace-context';

describe('childTrace', () => {
  it('starts traces with distinct, well-formed ids, also across refills of the random pool', () => {
    const traces = Array.from({ length: 1_500 }, () => childTrace().traceparent);
    for (const traceparent of traces) expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(new Set(traces).size).toBe(traces.length);
    expect(new Set(traces.map((t) => t.slice(36, 52))).size).toBe(traces.length);
  });

  it('continues the parent trace with a new span and the parent flags', () => {
    const parent = { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00` };
    const child = childTrace(parent);
    expect(traceIdOf(child)).toBe('a'.repeat(32));
    expect(child.traceparent).toMatch(/^00-a{32}-(?!b{16})[0-9a-f]{16}-00$/);
  });
});
