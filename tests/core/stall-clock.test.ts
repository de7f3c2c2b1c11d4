import { describe, expect, it } from 'vitest';
import { setResponsiveTimeout, StallClock } from '../../src/core/index.js';

/** Keeps this thread's event loop busy for `ms` (what a search or a gallery build in this thread does). */
function stall(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* busy */ }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StallClock', () => {
  it('counts a stall of this event loop, the one going on included, and not a free wait', async () => {
    const clock = new StallClock(20);
    try {
      await sleep(200);
      expect(clock.stalledMs()).toBeLessThan(100);
      const before = clock.stalledMs();
      const t0 = Date.now();
      stall(400);
      // the tick has not run yet: the stall going on counts already
      expect(clock.stalledMs() - before).toBeGreaterThanOrEqual(300);
      expect(clock.responsiveSince(t0, before)).toBeLessThan(100);
      await sleep(60);
      const after = clock.stalledMs();
      expect(after - before).toBeGreaterThanOrEqual(300);
      await sleep(200);
      expect(clock.stalledMs() - after).toBeLessThan(100);
    } finally {
      clock.close();
    }
  });
});

describe('setResponsiveTimeout', () => {
  it('fires after its time when the loop is free', async () => {
    const t0 = Date.now();
    const fired = await new Promise<number>((resolve) => setResponsiveTimeout(() => resolve(Date.now()), 150));
    expect(fired - t0).toBeGreaterThanOrEqual(140);
    expect(fired - t0).toBeLessThan(1000);
  });

  it('does not fire for a stall of this loop, and lets I/O that came meanwhile cancel it first', async () => {
    let fired = false;
    const cancel = setResponsiveTimeout(() => (fired = true), 150);
    // an answer that arrived during the stall is read (here: an immediate queued before it) before the judgement
    setImmediate(cancel);
    stall(600);
    await sleep(300);
    expect(fired).toBe(false);
  });

  it('still comes when every tick is late (a loop stalled again and again)', async () => {
    let fired = false;
    setResponsiveTimeout(() => (fired = true), 100, 10);
    const end = Date.now() + 5000;
    while (!fired && Date.now() < end) {
      stall(50);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(fired).toBe(true);
  });

  it('cancelled, never fires', async () => {
    let fired = false;
    const cancel = setResponsiveTimeout(() => (fired = true), 50);
    cancel();
    await sleep(200);
    expect(fired).toBe(false);
  });
});
