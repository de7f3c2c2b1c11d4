#!/usr/bin/env node
// The 1:N second stage's CPU cost under matching parameters changed from shipped (issue 12,
// weakroots: secondRootSearchBelowPairs is read by matchShortlist, src/index/match-shortlist.ts).
// As bench/search/second-stage-cpu.mjs (a cached synthetic gallery from `afis bench search
// --cache DIR`, its mated and non-mated probes, each search's shortlist from the first stage,
// then matchShortlist timed in CPU on this thread), but with each arm's parameters in turn,
// the arms alternated over REPEATS rounds. Prints CPU ms per search per arm and round.
//
//   node bench/matching/second-root-search-1n.mjs GALLERY.bin '[{},{"secondRootSearchBelowPairs":6}]' [SEARCHES=40] [REPEATS=3]
const [file, armsText = '[{}]', searchesArg = '40', repeatsArg = '3'] = process.argv.slice(2);
if (!file) { console.error("usage: second-root-search-1n.mjs GALLERY.bin '[{…},…]' [SEARCHES] [REPEATS]"); process.exit(2); }
const ix = await import('../../dist/index/index.js');
const ma = await import('../../dist/matching/index.js');
const sy = await import('../../dist/synthetic/index.js');
const { matchShortlist } = await import('../../dist/index/match-shortlist.js');
const { MATCHING_PARAMETERS } = await import('../../dist/config/parameters/matching.js');
const arms = JSON.parse(armsText).map((c) => ({ change: c, params: { ...MATCHING_PARAMETERS, ...c } }));
const seed = 20261124; // bench search's
const gallery = ix.Gallery.loadSnapshot(file);
if (!gallery.hasStopBits) gallery.applyStopBits();
const N = gallery.size;
const searches = Number(searchesArg), repeats = Number(repeatsArg);
const searcher = new ix.GallerySearcher(gallery);
const mated = Array.from({ length: searches / 2 }, (_, q) => Math.floor(((q + 0.5) * N) / (searches / 2)));
const subjects = [...mated, ...Array.from({ length: searches / 2 }, (_, q) => N + 1_000_000 + q)];
const { memory, ids } = gallery.snapshot();
const slotOf = new Map(ids.map((id, s) => [id, s]));
const work = [];
for (const s of subjects) {
  const fingers = sy.generateSyntheticTenPrint(seed, s, 1).map((i, f) => ({ position: f + 1, template: sy.impressionToTemplate(i) }));
  const r = await searcher.search(fingers, { maxCandidates: 1e9 });
  const slots = Int32Array.from(r.candidates.map((c) => slotOf.get(c.id)).filter((v) => v !== undefined)).sort();
  work.push({ probe: ix.probeByPosition(fingers), slots, mated: s < N });
}
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
const reader = new ix.GalleryReader(memory);
const out = arms.map((a) => ({ change: a.change, msPerSearch: [], matedTopScoreMedian: null }));
for (let rep = 0; rep < repeats; rep++) {
  for (const [k, arm] of (rep % 2 ? [...arms.entries()].reverse() : [...arms.entries()])) {
    const t = cpu();
    const tops = [];
    for (const w of work) {
      const prepared = w.probe.map((t) => (t ? ma.prepareTemplate(t, arm.params) : null));
      const scores = matchShortlist(reader, prepared, w.slots, arm.params);
      if (rep === 0 && w.mated) { let m = 0; for (const v of scores) if (v > m) m = v; tops.push(m); }
    }
    out[k].msPerSearch.push(+((cpu() - t) / work.length).toFixed(2));
    if (rep === 0) { tops.sort((a, b) => a - b); out[k].matedTopScoreMedian = +tops[tops.length >> 1].toFixed(2); }
  }
}
console.log(JSON.stringify({ gallery: N, searches: work.length, candidatesCompared: work.reduce((a, w) => a + w.slots.length, 0), arms: out }));
