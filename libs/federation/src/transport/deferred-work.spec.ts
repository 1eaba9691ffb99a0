import { DeferredWork } from './deferred-work';

describe('DeferredWork', () => {
  it('runs each key once, with the work asked for last, in the order last asked for', async () => {
    const deferred = new DeferredWork();
    const ran: string[] = [];
    deferred.add('a', async () => (ran.push('a1'), false));
    deferred.add('b', async () => (ran.push('b'), false));
    deferred.add('a', async () => (ran.push('a2'), false));
    await deferred.runAll();
    expect(ran).toEqual(['b', 'a2']);
  });

  it('runs what the work defers, again for a key that already ran, and reports any send', async () => {
    const deferred = new DeferredWork();
    const ran: string[] = [];
    deferred.add('child', async () => {
      ran.push('child');
      // A child's roll-up changes its parent's: the parent runs (again) after it.
      deferred.add('parent', async () => (ran.push('parent again'), true));
      return false;
    });
    deferred.add('parent', async () => (ran.push('parent'), false));
    deferred.add('parent', async () => (ran.push('parent'), false));
    expect(await deferred.runAll()).toBe(true);
    expect(ran).toEqual(['child', 'parent again']);
  });

  it('adopts what another deferred and leaves it empty', async () => {
    const kept = new DeferredWork();
    const own = new DeferredWork();
    const ran: string[] = [];
    kept.add('x', async () => (ran.push('x old'), false));
    own.add('x', async () => (ran.push('x new'), false));
    kept.adopt(own);
    expect(await own.runAll()).toBe(false);
    await kept.runAll();
    expect(ran).toEqual(['x new']);
  });

  it('runs collected items once, all together, including those of an adopted run', async () => {
    const kept = new DeferredWork();
    const own = new DeferredWork();
    const batches: number[][] = [];
    const work = async (items: number[]) => (batches.push(items), false);
    kept.collect('tasks', [1, 2], work);
    own.collect('tasks', [3], work);
    kept.collect('tasks', [4], work);
    kept.adopt(own);
    await kept.runAll();
    expect(batches).toEqual([[1, 2, 4, 3]]);
  });

  it('drops what a refused message collected with its own deferred work', async () => {
    const kept = new DeferredWork();
    const refused = new DeferredWork();
    const batches: string[][] = [];
    const work = async (items: string[]) => (batches.push(items), false);
    kept.collect('tasks', ['good'], work);
    refused.collect('tasks', ['bad'], work);
    await kept.runAll();
    expect(batches).toEqual([['good']]);
  });
});
