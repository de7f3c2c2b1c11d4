// A shard replica restarted while a sharded gallery switches stop-bit generations, with real
// `afis worker` processes (README "Stop bits follow the gallery's growth"): Redis holds N
// synthetic subjects with stop-bit generation 1 (masks of the first 30 %), two shards run one
// replica each, and this process coordinates (NatsShardedSearcher, as `afis serve --shards 2`).
// Then generation 2 is published in the store (as a process renewing would) and only shard 0 is
// told; once shard 0 holds 1 + 2, its only replica is stopped (SIGTERM, or SIGKILL with --kill:
// no snapshot then, as none was saved before) and started again;
// shard 1 is told `--lag` seconds after the restart. Mated searches run throughout (a new one
// every 250 ms while fewer than two are in flight; each waits up to the 30 s deadline); reported: how many failed or missed their
// mate before the restart, while shard 0 was down, after it was ready until shard 1 held 2, and
// after; the restarted replica's generations over time.
// Usage: npm run build && AFIS_REDIS_ALLOW_VOLATILE=1 node bench/cluster/restart-during-switch.mjs
//          [--subjects 2000] [--lag 20] [--kill] [--afis PATH/bin/afis.js (the workers' build)] [--json]
// Needs Redis (REDIS_URL) and NATS with JetStream (NATS_URL); keys go under a fresh prefix,
// removed at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import { NatsShardedSearcher, ReplicaTracker, shardNamespace, shardSubjects } from '../../dist/cluster/index.js';
import { Gallery, offerStopBits, readStopBits } from '../../dist/index/index.js';
import { SEARCH_PARAMETERS } from '../../dist/config/parameters.js';
import { openRedisStore } from '../../dist/store/index.js';
import { encodeTemplate } from '../../dist/templates/index.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../dist/synthetic/index.js';
import { deleteRedisPrefix } from '../delete-redis-prefix.mjs';

const { values: args } = parseArgs({ options: { subjects: { type: 'string' }, lag: { type: 'string' }, afis: { type: 'string' }, kill: { type: 'boolean' }, json: { type: 'boolean' } } });
const N = Number(args.subjects ?? 2000);
const LAG_MS = Number(args.lag ?? 20) * 1000;
const AFIS = args.afis ?? fileURLToPath(new URL('../../bin/afis.js', import.meta.url));
const SEED = 20261203;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = `afis-bench:restart-switch:${randomBytes(4).toString('hex')}:`;
const dataDir = mkdtempSync(join(tmpdir(), 'afis-restart-switch-'));
const t0 = Date.now();
const log = (what) => process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${what}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const fingersOf = (s, impression) => generateSyntheticTenPrint(SEED, s, impression).map((imp, f) => ({ position: f + 1, template: impressionToTemplate(imp), quality: imp.quality }));
const recordOf = (s, fingers) => ({
  id: `subject-${s}`, referenceNumber: `BE1${String(s).padStart(8, '0')}`, memberState: 'BE', category: 1, capturedAt: 1_700_000_000_000 + s,
  fingers: fingers.map((f) => ({ position: f.position, impression: 'plain', quality: f.quality, template: encodeTemplate(f.template) })),
});

const store = openRedisStore({ url: REDIS_URL, prefix });
await store.ready();
const children = new Map();
let nc;
try {
  // the gallery, and the masks of generations 1 (from the first 30 %) and 2 (from all)
  const g = new Gallery(SEARCH_PARAMETERS);
  const firstSize = Math.ceil(N * 0.3);
  let gen1;
  for (let b = 0; b < N; b += 200) {
    const recs = [];
    for (let s = b; s < Math.min(N, b + 200); s++) {
      const fingers = fingersOf(s, 0);
      recs.push(recordOf(s, fingers));
      g.put(`subject-${s}`, fingers.map(({ position, template }) => ({ position, template })), { category: 1, memberState: 'BE' });
      if (g.size === firstSize) gen1 = await offerStopBits(store.subjects, SEARCH_PARAMETERS, undefined, { generation: 1, subjects: firstSize }, g.computeStopMasks());
    }
    await store.subjects.putMany(recs);
  }
  const masks2 = g.computeStopMasks();
  log(`${N} subjects stored; generation 1 from ${firstSize} (the next one is due at ${4 * firstSize})`);

  nc = await connect({ servers: NATS_URL });
  const subjects = shardSubjects(shardNamespace(prefix));
  const held = new Map(); // replica -> { shard, stopBits }
  nc.subscribe(subjects.heartbeats(2), {
    callback: (err, m) => {
      if (err) return;
      const hb = m.json();
      held.set(hb.replica, { shard: Number(m.subject.slice(m.subject.lastIndexOf('.') + 1)), stopBits: hb.stopBits, at: Date.now() });
    },
  });
  const shardHolds = (k) => [...held.values()].filter((v) => v.shard === k && Date.now() - v.at < 1600).map((v) => (v.stopBits ?? []).join('+')).join(' | ') || '-';

  const start = (k) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AFIS, 'worker', '--shard', `${k}/2`, '--redis', REDIS_URL, '--nats', NATS_URL], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AFIS_REDIS_PREFIX: prefix, AFIS_DATA_DIR: dataDir, AFIS_SEARCH_THREADS: '1', LOG_LEVEL: 'info', AFIS_REDIS_ALLOW_VOLATILE: '1' },
    });
    children.set(k, child);
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (/stop bits|shard loaded/.test(line)) {
        const j = JSON.parse(line);
        log(`shard ${k}: ${j.msg} ${JSON.stringify({ ...(j.generation !== undefined ? { generation: j.generation } : {}), ...(j.newest !== undefined ? { newest: j.newest } : {}), ...(j.stopBits !== undefined ? { stopBits: j.stopBits } : {}), ...(j.outcome ? { outcome: j.outcome } : {}), ...(j.ms !== undefined ? { ms: j.ms } : {}) })}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`shard ${k} exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
  const startedAt = Date.now();
  await Promise.all([start(0), start(1)]);
  log(`both workers ready in ${Date.now() - startedAt} ms`);

  const tracker = new ReplicaTracker(nc, subjects, 2);
  const searcher = new NatsShardedSearcher(nc, subjects, 2, tracker);
  const until = async (check, what, ms = 300_000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };
  await until(() => tracker.searchGeneration() === 1, 'generation 1 everywhere');

  // a mated search every 250 ms, whatever the others do
  const outcomes = [];
  let searching = true;
  let phase = 'before';
  const probes = Array.from({ length: 20 }, (_, i) => Math.floor((i * N) / 20) + 3);
  const probeFingers = new Map(probes.map((s) => [s, fingersOf(s, 1).map(({ position, template }) => ({ position, template }))]));
  let inFlight = 0;
  const loop = (async () => {
    const pending = [];
    for (let i = 0; searching;) {
      // at most two in flight (more would queue past the deadline on a loaded machine)
      if (inFlight >= 2) {
        await sleep(50);
        continue;
      }
      const s = probes[i++ % probes.length];
      const o = { phase, at: Date.now() };
      outcomes.push(o);
      inFlight++;
      pending.push(searcher.search(probeFingers.get(s), { maxCandidates: 3 }).then(
        (r) => Object.assign(o, { ms: Date.now() - o.at, ok: true, mate: r.candidates[0]?.id === `subject-${s}` }),
        (e) => Object.assign(o, { ms: Date.now() - o.at, ok: false, code: e.code ?? String(e), message: e.message }),
      ).finally(() => inFlight--));
      await sleep(250);
    }
    await Promise.all(pending);
  })();
  await sleep(5000);

  // generation 2 in the store (a process renewing published it); only shard 0 is told
  await offerStopBits(store.subjects, SEARCH_PARAMETERS, gen1, { generation: 2, subjects: N }, masks2);
  const gen2At = Date.now();
  await nc.jetstream().publish(subjects.changes({ index: 0, count: 2 }), new TextEncoder().encode(JSON.stringify({ op: 'stop-bits', generation: 2 })));
  await until(() => shardHolds(0) === '1+2', 'shard 0 holding 1 + 2');
  log(`shard 0 holds 1+2 after ${Date.now() - gen2At} ms; shard 1 holds ${shardHolds(1)}`);
  await sleep(3000);

  // the only replica of shard 0 stopped and started again
  phase = 'down';
  const stopAt = Date.now();
  await new Promise((resolve) => {
    const c = children.get(0);
    c.removeAllListeners('exit');
    c.once('exit', resolve);
    c.kill(args.kill ? 'SIGKILL' : 'SIGTERM');
  });
  log(`shard 0 stopped (${args.kill ? 'SIGKILL' : 'SIGTERM'}) in ${Date.now() - stopAt} ms`);
  const again = await start(0);
  const readyAt = Date.now();
  phase = 'after-restart';
  log(`shard 0 ready again ${readyAt - stopAt} ms after the stop signal (${again.subjects} subjects)`);
  const timeline = [];
  const sample = setInterval(() => timeline.push({ s: +((Date.now() - readyAt) / 1000).toFixed(1), shard0: shardHolds(0), shard1: shardHolds(1) }), 1000);
  await sleep(LAG_MS);
  await nc.jetstream().publish(subjects.changes({ index: 1, count: 2 }), new TextEncoder().encode(JSON.stringify({ op: 'stop-bits', generation: 2 })));
  log(`shard 1 told (holds ${shardHolds(1)}); shard 0 holds ${shardHolds(0)}`);
  await until(() => shardHolds(1).includes('2'), 'shard 1 holding 2');
  const bothAt = Date.now();
  phase = 'after-switch';
  log(`shard 1 holds 2 after ${bothAt - readyAt} ms from the restart`);
  await until(() => tracker.searchGeneration() === 2, 'searches on generation 2');
  await sleep(8000);
  searching = false;
  await loop;
  clearInterval(sample);

  const phases = ['before', 'down', 'after-restart', 'after-switch'];
  const summary = Object.fromEntries(phases.map((p) => {
    const os = outcomes.filter((o) => o.phase === p);
    const ok = os.filter((o) => o.ok);
    const lat = ok.map((o) => o.ms).sort((a, b) => a - b);
    return [p, { searches: os.length, failed: os.length - ok.length, why: [...new Set(os.filter((o) => !o.ok).map((o) => `${o.code}: ${String(o.message).replace(/subject-\d+|\d+ ms/g, '…').slice(0, 160)}`))], mates: ok.filter((o) => o.mate).length, p50: lat[Math.floor(lat.length / 2)] ?? null, max: lat[lat.length - 1] ?? null }];
  }));
  const firstOk = outcomes.find((o) => o.at >= readyAt && o.ok);
  const result = {
    subjects: N, worker: AFIS, stop: args.kill ? 'SIGKILL' : 'SIGTERM', stoppedToReadyMs: readyAt - stopAt, readyToShard1HoldsMs: bothAt - readyAt,
    firstSuccessAfterReadyMs: firstOk ? firstOk.at - readyAt : null, stored: (await readStopBits(store.subjects, SEARCH_PARAMETERS)).generation,
    phases: summary, timeline: timeline.filter((x, i, a) => i === 0 || x.shard0 !== a[i - 1].shard0 || x.shard1 !== a[i - 1].shard1),
  };
  searcher.close();
  tracker.close();
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else console.log(JSON.stringify(result, null, 2));
} finally {
  // the workers save their snapshots on SIGTERM: wait for them before removing the folder
  await Promise.all([...children.values()].map((c) => new Promise((resolve) => {
    c.removeAllListeners('exit');
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      c.kill('SIGKILL');
      resolve();
    }, 15_000);
    c.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    c.kill('SIGTERM');
  })));
  try {
    const jsm = await nc?.jetstreamManager();
    await jsm?.streams.delete(shardSubjects(shardNamespace(prefix)).changeStream);
  } catch {
    // gone
  }
  await nc?.close();
  await store.close();
  const admin = new Redis(REDIS_URL);
  await deleteRedisPrefix(admin, prefix);
  await admin.quit();
  rmSync(dataDir, { recursive: true, force: true });
}
