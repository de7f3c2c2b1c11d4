import { describe, expect, it } from 'vitest';
import { createPriorityQueue, currentSearchPriority, withSearchPriority, type SearchPriority } from '../../src/index/index.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

describe('the search priority queue', () => {
  it('starts waiting searches police first, then desk, then batch, each first come first served', async () => {
    const q = createPriorityQueue(1);
    const started: string[] = [];
    const first = gate();
    const running = q.run('batch', async () => {
      started.push('batch-0');
      await first.promise;
    });
    const jobs = ([['desk', 'desk-1'], ['batch', 'batch-1'], ['desk', 'desk-2'], ['police', 'police-1'], ['desk', 'desk-3'], ['police', 'police-2']] as [SearchPriority, string][])
      .map(([p, name]) => q.run(p, async () => {
        started.push(name);
      }));
    expect(q.depth()).toEqual({ police: 2, desk: 3, batch: 1 });
    expect(q.running).toBe(1);
    first.open();
    await Promise.all([running, ...jobs]);
    expect(started).toEqual(['batch-0', 'police-1', 'police-2', 'desk-1', 'desk-2', 'desk-3', 'batch-1']);
    expect(q.depth()).toEqual({ police: 0, desk: 0, batch: 0 });
    expect(q.running).toBe(0);
  });

  it('runs up to `concurrency` jobs at once, passes results and errors through and frees the place on failure', async () => {
    const q = createPriorityQueue(2);
    const g = gate();
    let peak = 0;
    const job = async (v: number): Promise<number> => {
      peak = Math.max(peak, q.running);
      await g.promise;
      if (v === 3) throw new Error('three');
      return v * 2;
    };
    const runs = [1, 2, 3, 4].map((v) => q.run('desk', () => job(v)));
    g.open();
    const settled = await Promise.allSettled(runs);
    expect(peak).toBe(2);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([2, 4, 'three', 8]);
    expect(await q.run('police', async () => 'after')).toBe('after');
  });

  it('reports how long a job waited', async () => {
    const q = createPriorityQueue(1);
    const g = gate();
    const a = q.run('desk', () => g.promise);
    let waited = -1;
    const b = q.run('police', async () => undefined, (ms) => {
      waited = ms;
    });
    setTimeout(g.open, 30);
    await Promise.all([a, b]);
    expect(waited).toBeGreaterThanOrEqual(20);
  });

  it('carries the priority of a use case into the work it starts, background work included', async () => {
    expect(currentSearchPriority()).toBe('desk');
    const seen: SearchPriority[] = [];
    let background!: Promise<void>;
    await withSearchPriority('police', async () => {
      await Promise.resolve();
      seen.push(currentSearchPriority());
      background = new Promise<void>((resolve) => setTimeout(() => {
        seen.push(currentSearchPriority());
        resolve();
      }, 5));
    });
    await withSearchPriority('batch', async () => seen.push(currentSearchPriority()));
    await background;
    expect(seen).toEqual(['police', 'batch', 'police']);
    expect(currentSearchPriority()).toBe('desk');
  });
});
