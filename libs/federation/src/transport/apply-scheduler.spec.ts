import { ApplyScheduler, RunResult } from './apply-scheduler';

/** A run the test finishes by hand: which nodes it took, and how it ends. */
interface PendingRun {
  nodes: string[];
  isolated: boolean;
  finish: (more?: string[], isolate?: string[]) => void;
  fail: (error: Error) => void;
}

function harness(options: { concurrency?: number; nodesPerRun?: number } = {}) {
  const runs: PendingRun[] = [];
  const errors: string[][] = [];
  const scheduler = new ApplyScheduler(
    (nodes, isolated) =>
      new Promise<RunResult>((resolve, reject) => {
        runs.push({ nodes, isolated, finish: (more = [], isolate = []) => resolve({ more: new Set(more), isolate: new Set(isolate) }), fail: reject });
      }),
    { concurrency: options.concurrency ?? 2, nodesPerRun: options.nodesPerRun ?? 3, onError: (nodes) => errors.push(nodes) },
  );
  return { scheduler, runs, errors };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ApplyScheduler', () => {
  it('takes waiting nodes together, up to the limit per run and runs at once', async () => {
    const { scheduler, runs } = harness({ concurrency: 2, nodesPerRun: 3 });
    for (const node of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) scheduler.kick(node);
    await settle();
    expect(runs.map((run) => run.nodes)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f']]);
    runs[0].finish();
    await settle();
    expect(runs.map((run) => run.nodes)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('never puts a node in two runs at once: news during its run gives it the next one', async () => {
    const { scheduler, runs } = harness({ concurrency: 2 });
    scheduler.kick('a');
    await settle();
    scheduler.kick('a');
    await settle();
    expect(runs).toHaveLength(1);
    runs[0].finish();
    await settle();
    expect(runs.map((run) => run.nodes)).toEqual([['a'], ['a']]);
    runs[1].finish();
    await settle();
    expect(runs).toHaveLength(2);
  });

  it('runs again the nodes a run could not finish, and only those', async () => {
    const { scheduler, runs } = harness();
    scheduler.kick('a');
    scheduler.kick('b');
    await settle();
    runs[0].finish(['b']);
    await settle();
    expect(runs.map((run) => run.nodes)).toEqual([['a', 'b'], ['b']]);
  });

  it('after a failed run applies each of its nodes in isolation, and a node failing so waits for news', async () => {
    const { scheduler, runs, errors } = harness({ concurrency: 1 });
    scheduler.kick('a');
    scheduler.kick('b');
    await settle();
    runs[0].fail(new Error('boom'));
    await settle();
    expect(runs.map((run) => [run.nodes, run.isolated])).toEqual([[['a', 'b'], false], [['a'], true]]);
    runs[1].fail(new Error('boom again'));
    await settle();
    expect(runs.map((run) => [run.nodes, run.isolated])).toEqual([[['a', 'b'], false], [['a'], true], [['b'], true]]);
    runs[2].finish();
    await settle();
    expect(runs).toHaveLength(3);
    expect(errors).toEqual([['a', 'b'], ['a']]);
    // The node that failed in isolation is tried in isolation again at its next news; the other is back to normal runs.
    scheduler.kick('a');
    scheduler.kick('b');
    await settle();
    expect(runs.slice(3).map((run) => [run.nodes, run.isolated])).toEqual([[['a'], true]]);
    runs[3].finish();
    await settle();
    expect(runs.slice(4).map((run) => [run.nodes, run.isolated])).toEqual([[['b'], false]]);
  });

  it('runs in isolation, next, the nodes a run says have a message to try again', async () => {
    const { scheduler, runs } = harness({ concurrency: 1 });
    scheduler.kick('a');
    scheduler.kick('b');
    await settle();
    runs[0].finish([], ['b']);
    await settle();
    expect(runs.map((run) => [run.nodes, run.isolated])).toEqual([[['a', 'b'], false], [['b'], true]]);
    runs[1].finish();
    await settle();
    expect(runs).toHaveLength(2);
  });

  it('settles a node once a run that began after the call is done', async () => {
    const { scheduler, runs } = harness();
    scheduler.kick('a');
    await settle();
    let settled = false;
    const done = scheduler.settle('a').then(() => (settled = true));
    runs[0].finish();
    await settle();
    // The run under way began before the call: another one is owed.
    expect(settled).toBe(false);
    expect(runs).toHaveLength(2);
    runs[1].finish();
    await done;
    expect(settled).toBe(true);
  });

  it('stops taking runs once stopped, waits for those under way and releases waiters', async () => {
    const { scheduler, runs } = harness();
    scheduler.kick('a');
    await settle();
    const waiter = scheduler.settle('b');
    const stopped = scheduler.stop();
    scheduler.kick('c');
    runs[0].finish(['a']);
    await stopped;
    await waiter;
    expect(runs.map((run) => run.nodes)).toEqual([['a']]);
  });
});
