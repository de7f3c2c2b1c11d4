// What a new generation of stop bits costs a running process (src/index/renew-stop-bits.ts):
// a Redis store of N synthetic subjects whose gallery got its masks at N/4 subjects (generation
// 1), grown to N, then one RenewingGallery.check() computing generation 2: wall and CPU time,
// the pauses of the event loop (what a search's main-thread part waits; against a control window
// of searches alone, since a shared machine's scheduler pauses a process too), the process's
// memory with the two galleries, and mated search latency before and during. As the service
// runs it: the records are encoded on the search pool (2 threads, shared with the searches);
// --main-thread encodes them on the main thread instead (the first version), --threads N.
// Usage: npm run build && node bench/search/stop-bits-renewal.mjs [SUBJECTS=40000] [--batch 50] [--main-thread] [--threads 2]
// Needs Redis at REDIS_URL (default redis://127.0.0.1:6379); uses and then deletes its own prefix.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openRedisStore } from '../../dist/store/index.js';
import { encodeTemplate } from '../../dist/templates/index.js';
import { createSearchPool, Gallery, GallerySearcher, loadGalleryFromStore, readStopBits, RenewingGallery } from '../../dist/index/index.js';
import { SEARCH_PARAMETERS } from '../../dist/config/parameters.js';
import { encodeOnPool } from '../../dist/runtime.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../dist/synthetic/index.js';
import { deleteRedisPrefix } from '../delete-redis-prefix.mjs';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 40000);
const batchAt = args.indexOf('--batch');
const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : undefined;
const mainThread = args.includes('--main-thread');
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : 2;
const SEED = 20261203;
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `afis-bench:renewal:${randomBytes(4).toString('hex')}:`;
const store = openRedisStore({ url, prefix });
await store.ready();
const log = (what) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);

const fingersOf = (s, i) => generateSyntheticTenPrint(SEED, s, i).map((imp, f) => ({ position: f + 1, template: impressionToTemplate(imp) }));
async function enrol(from, to, gallery) {
  for (let b = from; b < to; b += 500) {
    const recs = [];
    for (let s = b; s < Math.min(to, b + 500); s++) {
      const fingers = fingersOf(s, 0);
      recs.push({ id: `s${String(s).padStart(7, '0')}`, referenceNumber: `BE${s}`, memberState: 'BE', category: 1, capturedAt: 1, fingers: fingers.map((f) => ({ position: f.position, impression: 'rolled', quality: f.template.quality, template: encodeTemplate(f.template) })) });
      gallery?.mutate((g) => g.put(recs[recs.length - 1].id, fingers, { category: 1, memberState: 'BE' }));
    }
    await store.subjects.putMany(recs);
  }
}

try {
  const first = Math.floor(N / SEARCH_PARAMETERS.stopBitsRenewalFactor);
  log(`enrolling ${first} subjects`);
  await enrol(0, first);
  const g = new Gallery();
  await loadGalleryFromStore(store.subjects, g);
  const pool = createSearchPool({ threads });
  const renewing = new RenewingGallery(g, { store: store.subjects, ...(batchSize ? { batchSize } : {}), ...(mainThread ? {} : { encode: encodeOnPool(pool) }) });
  log(`generation ${g.stopBitsGeneration.generation} from ${g.stopBitsGeneration.subjects}; growing to ${N}`);
  await enrol(first, N, renewing);
  const probes = Array.from({ length: 8 }, (_, k) => Math.floor(((k + 0.5) * N) / 8));
  const searchOnce = async (k) => {
    const t0 = performance.now();
    const r = await new GallerySearcher(renewing.current, { pool }).search(fingersOf(probes[k % probes.length], 1), { maxCandidates: 1 });
    return { ms: performance.now() - t0, found: r.candidates[0]?.id === `s${String(probes[k % probes.length]).padStart(7, '0')}` };
  };
  // the event loop's pauses (beyond the 10 ms tick): in a control window of searches alone
  // (on a shared machine the scheduler alone stops a process now and then), then during the renewal
  let last = performance.now();
  let pauses = [];
  const tick = setInterval(() => {
    const now = performance.now();
    pauses.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  const before = [];
  const controlUntil = performance.now() + 30_000;
  for (let k = 0; k < 8 || performance.now() < controlUntil; k++) before.push(await searchOnce(k));
  const control = pauses;
  pauses = [];
  let peakRss = process.memoryUsage().rss;
  const mem = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const rssBefore = process.memoryUsage().rss;
  log('renewing');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const during = [];
  const check = renewing.check();
  let done = false;
  check.finally(() => (done = true)).catch(() => undefined);
  for (let k = 0; !done; k++) during.push(await searchOnce(k));
  const r = await check;
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(tick);
  clearInterval(mem);
  const after = [];
  for (let k = 0; k < 8; k++) after.push(await searchOnce(k));
  await pool.close();
  const stored = await readStopBits(store.subjects, SEARCH_PARAMETERS);
  const pauseStats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { ticks: s.length, p99: Math.round(s[Math.floor(s.length * 0.99)] ?? 0), max: Math.round(s[s.length - 1] ?? 0), over500: s.filter((x) => x > 500).length };
  };
  const p50 = (xs) => {
    const s = xs.map((x) => x.ms).sort((a, b) => a - b);
    return s.length ? +s[Math.floor(s.length / 2)].toFixed(1) : null;
  };
  const report = {
    subjects: N, fromGeneration: { generation: 1, subjects: g.stopBitsGeneration.subjects }, outcome: r.outcome, generation: r.generation, storedGeneration: stored?.generation,
    renewalWallS: +wallS.toFixed(1), renewalMs: r.ms, cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(1), subjectsPerWallS: Math.round(N / wallS),
    batchSize: batchSize ?? 50, encodedOn: mainThread ? 'main thread' : `search pool (${threads} threads)`, eventLoopPauseMs: { control: pauseStats(control), renewal: pauseStats(pauses) },
    rssBeforeMB: Math.round(rssBefore / 2 ** 20), peakRssMB: Math.round(peakRss / 2 ** 20), galleryBytes: renewing.current.stats().allocatedBytes,
    searchP50Ms: { before: p50(before), during: p50(during), after: p50(after) },
    matesFound: { before: before.filter((x) => x.found).length + '/' + before.length, during: during.filter((x) => x.found).length + '/' + during.length, after: after.filter((x) => x.found).length + '/' + after.length },
  };
  console.log(JSON.stringify(report));
} finally {
  await store.close();
  const admin = new Redis(url);
  await deleteRedisPrefix(admin, prefix);
  await admin.quit();
}
