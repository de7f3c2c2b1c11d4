/**
 * Timeouts that judge a peer by the time this process was listening.
 *
 * A plain `setTimeout` deadline counts wall-clock time. When this process's event loop is busy
 * (a search, a gallery build, an extraction in the same thread, all slower under CPU load), the
 * peer's answer can be waiting unread in the socket while the deadline passes; and after the
 * stall Node runs due timers BEFORE it reads pending I/O, so the timer reports the peer silent
 * although its answer is already here. {@link StallClock} measures those stalls of our own
 * loop, and {@link setResponsiveTimeout} counts only the time the loop was responsive and
 * judges after pending I/O is read.
 */

/**
 * The time this process's event loop was stalled: a ticking timer (unref'd, so it keeps no
 * process alive) whose ticks late by more than one period count as a stall of that length.
 * Cost: one timer callback per `tickMs`. Not shared across worker threads (each has its loop).
 */
export class StallClock {
  private stalled = 0;
  private lastTick: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(readonly tickMs = 50) {
    this.lastTick = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      this.stalled += this.lateness(now);
      this.lastTick = now;
    }, tickMs);
    this.timer.unref?.();
  }

  /** Ms the loop has been stalled since the clock started, the stall going on now included (a tick not yet run). */
  stalledMs(now = Date.now()): number {
    return this.stalled + this.lateness(now);
  }

  /** Wall-clock ms since `since` less the stalls since `stalledAtSince` (a {@link stalledMs} reading taken at `since`). */
  responsiveSince(since: number, stalledAtSince: number, now = Date.now()): number {
    return now - since - (this.stalledMs(now) - stalledAtSince);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private lateness(now: number): number {
    const late = now - this.lastTick - this.tickMs;
    // jitter up to one period is not a stall
    return late > this.tickMs ? late : 0;
  }
}

/**
 * Calls `onExpire` once `ms` of responsive time have passed: wall-clock time less this loop's
 * stalls, judged in a setImmediate (after the I/O that arrived meanwhile is read, so an answer
 * that came during a stall cancels it first). Even when every tick is late the deadline still
 * comes: each tick adds at least `tickMs`, so it fires after at most `ms / tickMs` turns of the
 * loop. Returns a function that cancels it.
 */
export function setResponsiveTimeout(onExpire: () => void, ms: number, tickMs = Math.max(10, Math.min(100, ms / 10))): () => void {
  const clock = new StallClock(tickMs);
  const started = Date.now();
  const stalledAtStart = clock.stalledMs(started);
  let done = false;
  let judging = false;
  const cancel = (): void => {
    done = true;
    clearInterval(watch);
    clock.close();
  };
  const watch = setInterval(() => {
    if (judging) return;
    judging = true;
    setImmediate(() => {
      judging = false;
      if (done || clock.responsiveSince(started, stalledAtStart) < ms) return;
      cancel();
      onExpire();
    });
  }, tickMs);
  return cancel;
}
