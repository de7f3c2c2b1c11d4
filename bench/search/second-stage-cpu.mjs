// The 1:N second stage on one thread in CPU time, and a hash of every raw finger score it gives:
// a cached synthetic gallery (afis bench search --cache DIR builds it), the same mated and
// non-mated probes as `afis bench search`, each search's shortlist from the first stage, then
// matchShortlist on the calling thread, timed with process.cpuUsage (the machine is shared).
// The hash pins the scores: two builds agree on it when every second-stage score is bit-identical.
// Usage: npm run build && node bench/search/second-stage-cpu.mjs GALLERY.bin [BUILD_DIR=.] [SEARCHES=40] [REPEATS=3]
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
const [file, buildArg = '.', searchesArg = '40', repeatsArg = '3'] = process.argv.slice(2);
if (!file) { console.error('usage: second-stage-cpu.mjs GALLERY.bin [BUILD_DIR] [SEARCHES] [REPEATS]'); process.exit(2); }
const dist = resolve(buildArg, 'dist');
const ix = await import(`${dist}/index/index.js`);
const ma = await import(`${dist}/matching/index.js`);
const sy = await import(`${dist}/synthetic/index.js`);
const { matchShortlist } = await import(`${dist}/index/match-shortlist.js`);
const seed = 20261124;
const gallery = ix.Gallery.loadSnapshot(file);
if (!gallery.hasStopBits) gallery.applyStopBits();
const N = gallery.size;
const searches = Number(searchesArg), repeats = Number(repeatsArg);
const searcher = new ix.GallerySearcher(gallery);
// half mated (the second impression of enrolled subjects), half non-mated, as bench search draws them
const mated = Array.from({ length: searches / 2 }, (_, q) => Math.floor(((q + 0.5) * N) / (searches / 2)));
const subjects = [...mated, ...Array.from({ length: searches / 2 }, (_, q) => N + 1_000_000 + q)];
const { memory, ids } = gallery.snapshot();
const slotOf = new Map(ids.map((id, s) => [id, s]));
const work = [];
for (const s of subjects) {
  const fingers = sy.generateSyntheticTenPrint(seed, s, 1).map((i, f) => ({ position: f + 1, template: sy.impressionToTemplate(i) }));
  const r = await searcher.search(fingers, { maxCandidates: 1e9 });
  // the shortlist in the searcher's own order is not returned; its candidates' slots, sorted, are the same set
  const slots = Int32Array.from(r.candidates.map((c) => slotOf.get(c.id)).filter((v) => v !== undefined)).sort();
  work.push({ probe: ix.probeByPosition(fingers), slots, shortlisted: r.shortlisted });
}
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
const reader = new ix.GalleryReader(memory);
const hash = createHash('sha256');
let comparisons = 0;
const times = [];
for (let rep = 0; rep < repeats; rep++) {
  const t = cpu();
  for (const w of work) {
    // as the worker does: the probe prepared once per search task
    const prepared = w.probe.map((t) => (t ? ma.prepareTemplate(t) : null));
    const out = matchShortlist(reader, prepared, w.slots);
    if (rep === 0) { hash.update(Buffer.from(out.buffer, out.byteOffset, out.byteLength)); for (const v of out) if (!Number.isNaN(v)) comparisons++; }
  }
  times.push(cpu() - t);
}
const best = Math.min(...times);
console.log(JSON.stringify({ gallery: N, searches: work.length, shortlisted: work[0].shortlisted, candidatesCompared: work.reduce((a, w) => a + w.slots.length, 0), comparisons, cpuMsPerSearch: times.map((t) => +(t / work.length).toFixed(2)), bestMsPerSearch: +(best / work.length).toFixed(2), usPerComparison: +((best * 1000) / comparisons).toFixed(2), scoreHash: hash.digest('hex').slice(0, 16) }));
