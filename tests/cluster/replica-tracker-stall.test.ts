import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaTracker, shardSubjects } from '../../src/cluster/index.js';
import { waitUntil } from '../helpers/eventually.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function stall(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* busy */ }
}

/** A replica in another process that heartbeats every 50 ms (alive all along, whatever this process does). */
function heartbeats(subject: string): ChildProcess {
  const code = `import('nats').then(async ({ connect }) => {
    const nc = await connect({ servers: ${JSON.stringify(NATS_URL)} });
    setInterval(() => nc.publish(${JSON.stringify(subject)}, JSON.stringify({ replica: 'r0', subjects: 7, stopBits: [1] })), 50);
  });`;
  return spawn(process.execPath, ['-e', code], { cwd: ROOT, stdio: 'ignore' });
}

describe('ReplicaTracker and a stall of its own event loop', () => {
  let nc: NatsConnection;
  let tracker: ReplicaTracker;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    const subjects = shardSubjects(`t-${process.pid}-${randomBytes(3).toString('hex')}`);
    tracker = new ReplicaTracker(nc, subjects, 1, 400);
    child = heartbeats(subjects.heartbeat({ index: 0, count: 1 }));
    await waitUntil(() => tracker.isAlive(0, 'r0'), 20_000);
  }, 30_000);
  afterAll(async () => {
    child?.kill();
    tracker.close();
    await nc.close();
  });

  it('a replica heartbeating all along is alive right after this process stalled longer than the silence period', async () => {
    // the stall and the look after it in one timers phase, as a search in this thread and the
    // next due timer (a retry, a readiness check) run: the heartbeats that came during the stall
    // are not read between them
    const seen = new Promise<{ live: string[]; alive: boolean; generation: number | undefined }>((resolve) => {
      setTimeout(() => stall(1200), 5);
      setTimeout(() => resolve({ live: tracker.live(0), alive: tracker.isAlive(0, 'r0'), generation: tracker.searchGeneration() }), 5);
    });
    expect(await seen).toEqual({ live: ['r0'], alive: true, generation: 1 });
  });

  it('a replica that really stopped is dead after the silence period', async () => {
    child!.kill();
    child = undefined;
    await new Promise((r) => setTimeout(r, 800));
    expect(tracker.live(0)).toEqual([]);
    expect(tracker.isAlive(0, 'r0')).toBe(false);
  });
});
