// Sharded search at scale (issue 14): Redis holds a synthetic gallery, S shards × R replicas run
// as `afis worker` processes over NATS, and this process coordinates as `afis serve --shards S`
// does (NatsShardedSearcher). Measures, against one process holding the whole gallery:
//   - agreement: the same candidate lists (every candidate of the shortlist: ids, order, first-stage,
//     finger and fused scores, FPIR) for mated and non-mated searches, and the same hits;
//   - latency p50 / p95 of one search at a time, sharded and single;
//   - failover: kill -9 of one replica while searches are in flight (failed searches counted),
//     then kill -9 of the other replica of that shard (time until searches fail, and the code).
// Usage: npm run build && AFIS_REDIS_ALLOW_VOLATILE=1 node bench/cluster/sharded-search.mjs
//          [--subjects 200000] [--searches 100] [--shards 2] [--replicas 2] [--threads 1] [--json]
//          [--state DIR [--prepare-only]] [--generators T] [--writes W] [--skip-single]
//          [--http SECONDS [--desk-rate R] [--desk-in-flight K]]
// --http: then the real coordinator (`afis serve --shards S`) is started on the same gallery and
// police identifications (one connection, autocannon, ten SFinGe WSQ fingers of tests/fixtures
// as JSON) are timed alone, while desk captures arrive at R a second (default 0.5, far above a
// busy day's 240 captures in 8 h at one centre), and while K desk captures are always in flight.
// Enrolment makes the records on T worker threads (default one per core) and keeps W batch
// writes in flight (default 4); with --state, one replica per shard loads from the store and
// writes its shard's snapshot, the other replicas start from that snapshot.
// With --state, the gallery is enrolled once under a prefix kept in DIR/state.json, the workers'
// snapshots and the single process's snapshot are kept in DIR, and the Redis keys are left in
// place: a later run with the same DIR starts from the snapshots (seconds instead of minutes),
// so the timed part can run when the machine is quiet. --prepare-only stops after preparing.
// Needs Redis (REDIS_URL, default redis://127.0.0.1:6379) and NATS with JetStream (NATS_URL,
// default nats://127.0.0.1:4222). Keys go under a fresh prefix, removed at the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import { NatsShardedSearcher, ReplicaTracker, shardNamespace, shardSubjects } from '../../dist/cluster/index.js';
import { Gallery, GallerySearcher, createSearchPool, loadGalleryFromStore, syncGalleryWithStore } from '../../dist/index/index.js';
import { openRedisStore } from '../../dist/store/index.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../dist/synthetic/index.js';
import { calibrateOnSynthetic } from '../../dist/cli/commands/bench-search.js';
import { deleteRedisPrefix } from '../delete-redis-prefix.mjs';

const { values: args } = parseArgs({
  options: {
    subjects: { type: 'string', default: '200000' },
    searches: { type: 'string', default: '100' },
    shards: { type: 'string', default: '2' },
    replicas: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    seed: { type: 'string', default: '20261202' },
    json: { type: 'boolean', default: false },
    state: { type: 'string' },
    'prepare-only': { type: 'boolean', default: false },
    generators: { type: 'string' },
    writes: { type: 'string', default: '4' },
    'skip-single': { type: 'boolean', default: false },
    http: { type: 'string' },
    'desk-rate': { type: 'string', default: '0.5' },
    'desk-in-flight': { type: 'string', default: '4' },
  },
});
const N = Number(args.subjects);
const SEARCHES = Number(args.searches);
const SHARDS = Number(args.shards);
const REPLICAS = Number(args.replicas);
const THREADS = Number(args.threads);
const SEED = Number(args.seed);
const WRITES = Math.max(1, Number(args.writes));
// --skip-single: no one-process gallery beside the shards (at 2 M it would need another ≈ 7 GB);
// agreement is then not measured, only the sharded deployment's times
const SKIP_SINGLE = args['skip-single'];
const HTTP_SECONDS = args.http === undefined ? 0 : Number(args.http);
const DESK_RATE = Number(args['desk-rate']);
const DESK_IN_FLIGHT = Number(args['desk-in-flight']);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const AFIS = fileURLToPath(new URL('../../bin/afis.js', import.meta.url));
const STATE = args.state;
const stateFile = STATE ? join(STATE, 'state.json') : undefined;
if (STATE) mkdirSync(STATE, { recursive: true });
const saved = stateFile && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : undefined;
if (saved && (saved.subjects !== N || saved.seed !== SEED || saved.shards !== SHARDS)) {
  throw new Error(`${stateFile} holds ${saved.subjects} subjects, seed ${saved.seed}, ${saved.shards} shards: use another --state folder`);
}
const prefix = saved?.prefix ?? `afis-bench-shards-${process.pid}-${Date.now()}:`;
// all replicas share one data folder: the snapshot file is named after the shard
const dataDir = STATE ? join(STATE, 'workers') : mkdtempSync(join(tmpdir(), 'afis-bench-shards-'));
const singleSnapshot = STATE ? join(STATE, 'single.snapshot') : undefined;
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const probe = (s, impression) => generateSyntheticTenPrint(SEED, s, impression).map((imp, f) => ({ position: f + 1, template: impressionToTemplate(imp) }));

/**
 * Enrols subjects 0 … N−1: records made on GENERATORS worker threads (one per core by default),
 * batches of 500 written with up to WRITES putMany calls in flight, so generation, encoding
 * and Redis overlap (generate-records-worker.mjs makes the records).
 */
async function enrolAll() {
  const threads = Math.max(1, Number(args.generators ?? availableParallelism()));
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./generate-records-worker.mjs', import.meta.url)));
  const waiting = new Map();
  // each job's resolver is dropped once used: a kept resolver keeps its batch of records alive
  for (const w of workers) {
    w.on('message', ({ job, records }) => {
      const resolve = waiting.get(job);
      waiting.delete(job);
      resolve(records);
    });
  }
  const make = (job, from, to, w) => new Promise((resolve) => {
    waiting.set(job, resolve);
    w.postMessage({ seed: SEED, from, to, job });
  });
  const batches = [];
  for (let b = 0; b < N; b += 500) batches.push([b, Math.min(N, b + 500)]);
  const writes = new Set();
  let next = 0;
  let done = 0;
  try {
    // each worker makes batches in turn; a made batch is written while the next ones are made
    await Promise.all(workers.map(async (w) => {
      while (next < batches.length) {
        const k = next++;
        const records = await make(k, batches[k][0], batches[k][1], w);
        while (writes.size >= WRITES) await Promise.race(writes);
        const p = store.subjects.putMany(records).then(() => {
          writes.delete(p);
          done += records.length;
          if (done % 20000 < 500) log(`enrolled ${done} of ${N}`);
        });
        writes.add(p);
      }
    }));
    await Promise.all(writes);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const replicas = new Map();
function startReplica(name, index) {
  const child = spawn(process.execPath, [AFIS, 'worker', '--shard', `${index}/${SHARDS}`, '--redis', REDIS_URL, '--nats', NATS_URL], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AFIS_REDIS_PREFIX: prefix, AFIS_DATA_DIR: dataDir, AFIS_SEARCH_THREADS: String(THREADS), LOG_LEVEL: 'warn', AFIS_REDIS_ALLOW_VOLATILE: '1', AFIS_SHUTDOWN_TIMEOUT_MS: '600000' },
  });
  replicas.set(name, child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`replica ${name} exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
}
function kill9(name, signal = 'SIGKILL') {
  const child = replicas.get(name);
  replicas.delete(name);
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
async function startAll() {
  const starting = [];
  for (let k = 0; k < SHARDS; k++) for (let r = 0; r < REPLICAS; r++) starting.push(startReplica(`s${k}r${r}`, k));
  return Promise.all(starting);
}

const SFINGE = fileURLToPath(new URL('../../tests/fixtures/sfinge-wsq/', import.meta.url));
/** Ten SFinGe fingers as the desk sends them; the other person holds them at other positions. */
const tenPrint = (person, impression) => Array.from({ length: 10 }, (_, i) => ({
  position: i + 1,
  image: readFileSync(join(SFINGE, `${101 + (person === 'enrolled' ? i : (i + 5) % 10)}_${impression}.wsq`)).toString('base64'),
}));
const freePort = () => new Promise((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});

/**
 * The real coordinator on this gallery: `afis serve --shards S` over the same Redis prefix and
 * NATS subjects. One person is enrolled by a desk capture (it reaches its shard through the
 * change feed); police identifications of that person's second impression are then timed with
 * one connection: alone, with desk captures arriving at DESK_RATE a second, and with
 * DESK_IN_FLIGHT desk captures always in flight.
 */
async function httpPhase() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serveDir = mkdtempSync(join(tmpdir(), 'afis-bench-serve-'));
  const child = spawn(process.execPath, [AFIS, 'serve', '--shards', String(SHARDS), '--nats', NATS_URL, '--redis', REDIS_URL, '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, AFIS_REDIS_PREFIX: prefix, AFIS_DATA_DIR: serveDir, AFIS_API_KEYS: 'desk:bench-desk-key,police:bench-police-key', AFIS_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn', AFIS_REDIS_ALLOW_VOLATILE: '1' },
  });
  const post = (path, key, body) => fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 600) throw new Error('the coordinator was not ready after 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const desk = JSON.stringify({ category: 1, memberState: 'BE', fingers: tenPrint('other', 1) });
    const police = JSON.stringify({ purpose: 'benchmark of the interception check', caseNumber: 'BENCH-1', fingers: tenPrint('enrolled', 2) });
    const enrol = await post('/v1/transactions', 'bench-desk-key', JSON.stringify({ category: 1, memberState: 'BE', fingers: tenPrint('enrolled', 1) }));
    if (enrol.status !== 202) throw new Error(`the enrolling capture was answered ${enrol.status}: ${await enrol.text()}`);
    // the enrolled person reaches its shard through the change feed after its own search
    const t = performance.now();
    let first;
    for (;;) {
      const r = await post('/v1/police/identifications', 'bench-police-key', police);
      first = await r.json();
      if (r.status === 200 && first.outcome === 'hit') break;
      if (performance.now() - t > 120_000) throw new Error(`no hit for the enrolled person after 120 s: ${JSON.stringify(first).slice(0, 300)}`);
      await new Promise((r2) => setTimeout(r2, 500));
    }
    const found = { outcome: first.outcome, hits: first.hits.length, afterEnrolMs: round(performance.now() - t, 0) };
    log(`the enrolled person is found ${found.afterEnrolMs} ms after the capture`);
    const figures = (route, r) => ({ route, requests: r.requests.total, non2xx: r.non2xx + r.errors + r.timeouts, p50Ms: r.latency.p50, p90Ms: r.latency.p90, p99Ms: r.latency.p99, maxMs: r.latency.max });
    const run = (path, key, body, extra) => autocannon({ url: `${base}${path}`, method: 'POST', duration: HTTP_SECONDS, timeout: 60, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body, ...extra });
    const routes = [];
    log(`police alone: ${HTTP_SECONDS} s`);
    routes.push(figures('police, alone', await run('/v1/police/identifications', 'bench-police-key', police, { connections: 1 })));
    log(`police while desk captures arrive at ${DESK_RATE}/s`);
    // open-loop arrivals: one capture every 1/DESK_RATE s whether or not the last was answered
    // (autocannon's overallRate cannot go below one request a second)
    const deskTimes = [];
    let deskFailed = 0;
    const arrivals = [];
    const deskUntil = performance.now() + HTTP_SECONDS * 1000;
    const arrive = async () => {
      const t1 = performance.now();
      const r = await post('/v1/transactions', 'bench-desk-key', desk).catch(() => undefined);
      if (r?.status === 202) deskTimes.push(performance.now() - t1);
      else deskFailed++;
      await r?.arrayBuffer();
    };
    const arriving = (async () => {
      for (let k = 0; performance.now() < deskUntil; k++) {
        arrivals.push(arrive());
        const next = k + 1;
        const wait = (next / DESK_RATE) * 1000 - (performance.now() - (deskUntil - HTTP_SECONDS * 1000));
        if (wait > 0) await new Promise((r2) => setTimeout(r2, wait));
      }
      await Promise.all(arrivals);
    })();
    const [, policeWithArrivals] = await Promise.all([arriving, run('/v1/police/identifications', 'bench-police-key', police, { connections: 1 })]);
    routes.push({ route: `desk captures arriving at ${DESK_RATE}/s`, requests: deskTimes.length + deskFailed, non2xx: deskFailed, p50Ms: round(pct(deskTimes, 0.5), 0), p90Ms: round(pct(deskTimes, 0.9), 0), p99Ms: round(pct(deskTimes, 0.99), 0), maxMs: round(Math.max(...deskTimes), 0) });
    routes.push(figures(`police, desk at ${DESK_RATE}/s`, policeWithArrivals));
    log(`police while ${DESK_IN_FLIGHT} desk captures are in flight`);
    const [d, p] = await Promise.all([
      run('/v1/transactions', 'bench-desk-key', desk, { connections: DESK_IN_FLIGHT }),
      run('/v1/police/identifications', 'bench-police-key', police, { connections: 1 }),
    ]);
    routes.push(figures(`desk captures, ${DESK_IN_FLIGHT} in flight`, d), figures(`police, ${DESK_IN_FLIGHT} desk in flight`, p));
    for (const r of routes) log(`${r.route}: ${r.requests} requests, ${r.non2xx} failed, p50 ${r.p50Ms} p99 ${r.p99Ms} ms`);
    return { seconds: HTTP_SECONDS, found, routes };
  } finally {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    rmSync(serveDir, { recursive: true, force: true });
  }
}

const report = { subjects: N, fingers: N * 10, shards: SHARDS, replicas: REPLICAS, workerThreads: THREADS, searches: SEARCHES, seed: SEED };
const store = openRedisStore({ url: REDIS_URL, prefix });
const admin = new Redis(REDIS_URL);
let nc;
let tracker;
let sharded;
let pool;
try {
  await store.ready();
  let t0 = performance.now();
  let single;
  if (!saved) {
    await enrolAll();
    report.enrolSeconds = round((performance.now() - t0) / 1000);
    log(`enrolled ${N} subjects in ${report.enrolSeconds} s`);
    if (STATE) {
      // one replica per shard loads from the store; its graceful stop writes the shard's
      // snapshot, from which every replica of the timed part starts
      t0 = performance.now();
      const ready = await Promise.all(Array.from({ length: SHARDS }, (_, k) => startReplica(`s${k}r0`, k)));
      report.workersFirstLoadSeconds = round((performance.now() - t0) / 1000);
      log(`workers loaded from the store in ${report.workersFirstLoadSeconds} s: ${ready.map((r) => r.subjects).join(', ')} subjects`);
      for (const name of [...replicas.keys()]) await kill9(name, 'SIGTERM');
      if (!SKIP_SINGLE) {
        t0 = performance.now();
        single = new Gallery();
        await loadGalleryFromStore(store.subjects, single);
        report.singleLoadSeconds = round((performance.now() - t0) / 1000);
        single.saveSnapshot(singleSnapshot);
      }
      writeFileSync(stateFile, JSON.stringify({ prefix, subjects: N, seed: SEED, shards: SHARDS, enrolSeconds: report.enrolSeconds, workersFirstLoadSeconds: report.workersFirstLoadSeconds, singleLoadSeconds: report.singleLoadSeconds }));
      log(`prepared ${STATE}`);
      if (args['prepare-only']) throw Object.assign(new Error('prepared'), { prepared: true });
    }
  } else {
    Object.assign(report, { enrolSeconds: saved.enrolSeconds, workersFirstLoadSeconds: saved.workersFirstLoadSeconds });
  }

  t0 = performance.now();
  const ready = await startAll();
  report.workersReadySeconds = round((performance.now() - t0) / 1000);
  report.subjectsPerReplica = ready.map((r) => r.subjects);
  log(`workers ready in ${report.workersReadySeconds} s: ${report.subjectsPerReplica.join(', ')} subjects`);

  t0 = performance.now();
  if (SKIP_SINGLE) {
    // no one-process gallery
  } else if (singleSnapshot && existsSync(singleSnapshot)) {
    single = Gallery.loadSnapshot(singleSnapshot);
    await syncGalleryWithStore(store.subjects, single);
    report.singleFromSnapshotSeconds = round((performance.now() - t0) / 1000);
  } else if (!single) {
    single = new Gallery();
    await loadGalleryFromStore(store.subjects, single);
    report.singleLoadSeconds = round((performance.now() - t0) / 1000);
  }
  if (single) log(`single-process gallery ready in ${round((performance.now() - t0) / 1000)} s`);

  const calibration = calibrateOnSynthetic(SEED);
  pool = single ? createSearchPool({ threads: 2 }) : undefined;
  const one = single ? new GallerySearcher(single, { calibration, pool }) : undefined;
  nc = await connect({ servers: NATS_URL });
  const subjects = shardSubjects(shardNamespace(prefix));
  tracker = new ReplicaTracker(nc, subjects, SHARDS);
  sharded = new NatsShardedSearcher(nc, subjects, SHARDS, tracker, { calibration });
  for (let i = 0; i < 200 && Array.from({ length: SHARDS }, (_, k) => tracker.live(k).length).some((n) => n < REPLICAS); i++) await new Promise((r) => setTimeout(r, 50));

  // agreement and latency, one search at a time: mated probes (impression 1 of enrolled subjects)
  // and non-mated ones (subjects never enrolled)
  const probes = [];
  for (let i = 0; i < SEARCHES; i++) probes.push({ mated: true, subject: Math.floor((i * 7919) % N), fingers: null });
  for (let i = 0; i < SEARCHES; i++) probes.push({ mated: false, subject: N + i, fingers: null });
  for (const p of probes) p.fingers = probe(p.subject, p.mated ? 1 : 0);
  const tSingle = [];
  const tSharded = [];
  let same = 0;
  let sameHits = 0;
  let sameTop = 0;
  let candidatesCompared = 0;
  let matedTop = 0;
  let matedTopSingle = 0;
  const differences = [];
  for (const p of probes) {
    let t = performance.now();
    const b = await sharded.search(p.fingers, { maxCandidates: 100_000 });
    tSharded.push(performance.now() - t);
    if (p.mated && b.candidates[0]?.id === `subject-${p.subject}`) matedTop++;
    if (!one) continue;
    t = performance.now();
    // every candidate of the shortlist, so the whole list is compared, not only the first 20
    const a = await one.search(p.fingers, { maxCandidates: 100_000 });
    tSingle.push(performance.now() - t);
    const ids = (r) => JSON.stringify(r.candidates);
    const hits = (r) => JSON.stringify(r.candidates.filter((c) => c.hit));
    candidatesCompared += a.candidates.length;
    if (hits(a) === hits(b)) sameHits++;
    if (ids(a) === ids(b)) same++;
    else if (differences.length < 5) differences.push({ subject: p.subject, mated: p.mated, single: a.candidates.slice(0, 3), sharded: b.candidates.slice(0, 3) });
    if ((a.candidates[0]?.id ?? '') === (b.candidates[0]?.id ?? '')) sameTop++;
    if (p.mated && a.candidates[0]?.id === `subject-${p.subject}`) matedTopSingle++;
  }
  if (!one) {
    Object.assign(report, {
      matedRank1Sharded: `${matedTop} of ${SEARCHES}`,
      shardedP50Ms: round(pct(tSharded, 0.5)),
      shardedP95Ms: round(pct(tSharded, 0.95)),
      shardedP99Ms: round(pct(tSharded, 0.99)),
    });
    log(`sharded p50 ${report.shardedP50Ms} ms, p95 ${report.shardedP95Ms} ms (no one-process gallery)`);
  } else Object.assign(report, {
    sameCandidates: `${same} of ${probes.length}`,
    candidatesCompared,
    sameHits: `${sameHits} of ${probes.length}`,
    sameTopCandidate: `${sameTop} of ${probes.length}`,
    matedRank1Sharded: `${matedTop} of ${SEARCHES}`,
    matedRank1Single: `${matedTopSingle} of ${SEARCHES}`,
    singleP50Ms: round(pct(tSingle, 0.5)),
    singleP95Ms: round(pct(tSingle, 0.95)),
    shardedP50Ms: round(pct(tSharded, 0.5)),
    shardedP95Ms: round(pct(tSharded, 0.95)),
    differences,
  });
  if (one) log(`agreement ${report.sameCandidates}; sharded p50 ${report.shardedP50Ms} ms, single p50 ${report.singleP50Ms} ms`);

  if (HTTP_SECONDS > 0) report.http = await httpPhase();

  // failover: 4 searches always in flight for a while; one replica of shard 0 is killed mid-way
  if (REPLICAS >= 2) {
    let failed = 0;
    let done = 0;
    const codes = {};
    const until = performance.now() + 20_000;
    let killed = false;
    const loop = async (w) => {
      for (let i = w; performance.now() < until; i += 4) {
        if (!killed && performance.now() > until - 14_000) {
          killed = true;
          log('kill -9 of one replica of shard 0');
          void kill9('s0r0');
        }
        try {
          await sharded.search(probes[i % probes.length].fingers, {}, 'police');
          done++;
        } catch (err) {
          failed++;
          const key = `${err.code ?? 'error'}: ${err.message}`;
          codes[key] = (codes[key] ?? 0) + 1;
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(loop));
    report.failoverOneReplica = { searches: done + failed, failed, codes };
    log(`one replica killed: ${failed} of ${done + failed} searches failed`);

    for (let r = 1; r < REPLICAS; r++) await kill9(`s0r${r}`);
    const t = performance.now();
    let code = 'none';
    try {
      await sharded.search(probes[0].fingers, {});
    } catch (err) {
      code = err.code ?? String(err);
    }
    const failMs = round(performance.now() - t);
    // /ready names the shard once its replicas' heartbeats have stopped
    const heartbeatT = performance.now();
    while (sharded.missingShards().length === 0 && performance.now() - heartbeatT < 15_000) await new Promise((r) => setTimeout(r, 100));
    report.shardDown = { failMs, code, missingShards: sharded.missingShards(), missingAfterMs: round(performance.now() - heartbeatT, 0) };
    log(`shard 0 down: ${code} after ${report.shardDown.failMs} ms`);
  }
} catch (err) {
  if (!err.prepared) throw err;
} finally {
  await Promise.all([...replicas.keys()].map((n) => kill9(n)));
  sharded?.close();
  tracker?.close();
  try {
    const jsm = await nc?.jetstreamManager();
    await jsm?.streams.delete(shardSubjects(shardNamespace(prefix)).changeStream);
  } catch {
    // no stream
  }
  await nc?.close();
  await pool?.close();
  await store.close();
  if (!STATE) {
    await deleteRedisPrefix(admin, prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
  await admin.quit();
}
if (args['prepare-only']) process.exit(0);
report.loadAverage = (await import('node:os')).loadavg().map((x) => round(x, 1));
process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`);
