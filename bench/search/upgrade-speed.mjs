// The first start after a gallery format upgrade, at scale: how long runtime.loadGallery takes
// with a snapshot of an earlier format (afis-gallery-3: converted, every subject re-encoded from
// the store) against the current format (only changed subjects) and no snapshot (full load).
//   npm run build && nice -n 19 node bench/search/upgrade-speed.mjs DIR [SUBJECTS=100000] [--dist DIST] [--threads 1]
// DIR keeps the LMDB store (made once: ten-prints of 2,000 synthetic subjects, seed 3, reused
// cyclically under distinct ids, so generating 100 k takes seconds; the encoding cost per subject
// is that of real synthetic templates) and the snapshots `gallery-4.snapshot` and
// `gallery-3.snapshot` (the same gallery with its header saying afis-gallery-3: loading it takes
// the conversion path; the minutia words are then read as the old layout, which costs the same).
// Prints one JSON line per start.
import { copyFileSync, existsSync, mkdirSync, openSync, readSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const dist = resolve(flag('dist', new URL('../../dist', import.meta.url).pathname));
const threads = Number(flag('threads', '1'));
const [dirArg, nArg] = args;
if (!dirArg) throw new Error('usage: upgrade-speed.mjs DIR [SUBJECTS] [--dist DIST]');
const dir = resolve(dirArg);
const N = Number(nArg ?? 100000);
const load = (m) => import(pathToFileURL(join(dist, m)).href);
const { openEmbeddedStore } = await load('store/index.js');
const { encodeTemplate } = await load('templates/index.js');
const { generateSyntheticTenPrint, impressionToTemplate } = await load('synthetic/index.js');
const { loadGallery, saveGallerySnapshot, encodeOnPool } = await load('runtime.js');
const index = await load('index/index.js');
const { monitorEventLoopDelay } = await import('node:perf_hooks');

mkdirSync(dir, { recursive: true });
const store = openEmbeddedStore({ dir: join(dir, 'store') });
await store.ready();
const have = await store.subjects.count();
if (have < N) {
  const t0 = performance.now();
  const prints = [];
  for (let s = 0; s < 2000; s++) prints.push(generateSyntheticTenPrint(3, s, 0).map((i) => ({ quality: i.quality, template: encodeTemplate(impressionToTemplate(i)) })));
  for (let b = have; b < N; b += 1000) {
    const recs = [];
    for (let s = b; s < Math.min(N, b + 1000); s++) {
      recs.push({ id: `s${String(s).padStart(9, '0')}`, referenceNumber: `BE1${String(s).padStart(12, '0')}`, memberState: 'BE', category: 1, capturedAt: 1_700_000_000_000 + s, fingers: prints[s % 2000].map((f, k) => ({ position: k + 1, impression: 'rolled', quality: f.quality, template: f.template })) });
    }
    await store.subjects.putMany(recs);
  }
  console.log(JSON.stringify({ step: 'store', subjects: N, s: +((performance.now() - t0) / 1000).toFixed(1) }));
}
const file = join(dir, 'gallery.snapshot');
const rss = () => Math.round(process.memoryUsage().rss / 1048576);
const start = async (what) => {
  const r = await loadGallery(store, file);
  console.log(JSON.stringify({ step: what, subjects: r.gallery.size, fromSnapshot: r.fromSnapshot, encoded: r.encoded, unchanged: r.unchanged, s: +(r.ms / 1000).toFixed(1), subjectsPerS: Math.round(r.gallery.size / (r.ms / 1000)), rssMB: rss() }));
  return r.gallery;
};
const g4 = join(dir, 'gallery-4.snapshot');
const g3 = join(dir, 'gallery-3.snapshot');
if (!existsSync(g4)) {
  rmSync(file, { force: true });
  saveGallerySnapshot(await start('full load (no snapshot)'), g4);
  copyFileSync(g4, g3);
  // the same bytes with the earlier format's name: 'afis-gallery-4' or '-5' and 'afis-gallery-3'
  // have one length (the build's fingers carry no orientation map here: format 5 without maps is format 4's layout)
  const fd = openSync(g3, 'r+');
  const head = Buffer.alloc(4096);
  readSync(fd, head, 0, head.length, 0);
  const at = head.toString('latin1').search(/"afis-gallery-[45]"/);
  if (at < 0) throw new Error('no format in the header');
  writeSync(fd, Buffer.from('3'), 0, 1, at + '"afis-gallery-'.length);
  closeSync(fd);
}
copyFileSync(g4, file);
await start('current snapshot (afis-gallery-4 or -5)');
copyFileSync(g3, file);
const g = await start('upgrade (afis-gallery-3 snapshot)');
// builds that upgrade in the background (upgradeCoarseSubjects): the upgrade as the service runs
// it, encoded on one search thread, with this thread's event-loop delay (what a search or an
// enrolment waits meanwhile)
if (index.upgradeCoarseSubjects && g.coarseSubjects > 0) {
  const pool = index.createSearchPool({ threads });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  const r = await index.upgradeCoarseSubjects({ current: g, mutate: (c) => c(g) }, store.subjects, { encode: encodeOnPool(pool) });
  delay.disable();
  console.log(JSON.stringify({ step: `background upgrade (${threads} search thread)`, ...r, s: +((performance.now() - t0) / 1000).toFixed(1), subjectsPerS: Math.round(r.upgraded / ((performance.now() - t0) / 1000)), loopDelayMs: { p50: +(delay.percentile(50) / 1e6).toFixed(1), p99: +(delay.percentile(99) / 1e6).toFixed(1), max: +(delay.max / 1e6).toFixed(1) }, rssMB: rss() }));
  await pool.close();
}
await store.close();
