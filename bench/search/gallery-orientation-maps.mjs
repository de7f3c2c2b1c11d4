// What carrying the templates' orientation maps (snapshot format afis-gallery-5) costs 1:N:
// gallery memory per finger, and the second stage's CPU per search with and without maps.
// Two galleries of the same N synthetic subjects (seed 20261124, impression 0, as `afis bench
// search` draws them), one whose fingers carry a 16-px orientation map; the first stage reads
// only codes and entries, which the maps leave unchanged (checked: same shortlists). Then
// SEARCHES probes (half mated: impression 1 of enrolled subjects; half non-mated), each one's
// shortlist from the first stage, and matchShortlist on this thread timed with process.cpuUsage,
// REPEATS times after an untimed pass (forms in a turning order; the ratio to the first form with a
// 95 % interval from resampling the searches, paired), in three forms: no maps, weight 0 (the shipped default before the switch); maps
// stored, weight 0 (what carrying them costs when not used: the decoding); maps, weight 16.
// The maps are synthetic, for cost only: print inside the capture's ellipse, a one-core field
// turned per finger (the same turn in every impression of a finger), quantised as extraction
// quantises (map-orientation-cells.ts); real FVC2002 maps at 16 px are 17–31 × 17–31 cells,
// 50–65 % print (bench/RESULTS.md, odesc).
// With BASE_DIR (another build, e.g. main's), a fourth form: maps, weight 16, with that build's
// Gallery (the same subjects, put in the same order: the same slots and shortlists, checked),
// prepareTemplate and matchShortlist, in the same turning order (a before / after in the same
// minutes), its paired ratio to this build's weight 16, and whether every score is the same (each
// form prints a hash of the raw scores it gives).
// Usage: npm run build && node bench/search/gallery-orientation-maps.mjs [N=10000] [SEARCHES=40] [REPEATS=3] [BUILD_DIR=.] [BASE_DIR]
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
const [nArg = '10000', searchesArg = '40', repeatsArg = '3', buildArg = '.', baseArg] = process.argv.slice(2);
const dist = resolve(buildArg, 'dist');
const ix = await import(`${dist}/index/index.js`);
const ma = await import(`${dist}/matching/index.js`);
const sy = await import(`${dist}/synthetic/index.js`);
const cfg = await import(`${dist}/config/parameters.js`);
const { matchShortlist } = await import(`${dist}/index/match-shortlist.js`);
const own = { ix, ma, matchShortlist };
const base = baseArg === undefined ? null : {
  ix: await import(`${resolve(baseArg, 'dist')}/index/index.js`),
  ma: await import(`${resolve(baseArg, 'dist')}/matching/index.js`),
  matchShortlist: (await import(`${resolve(baseArg, 'dist')}/index/match-shortlist.js`)).matchShortlist,
};
const N = Number(nArg), searches = Number(searchesArg), repeats = Number(repeatsArg);
const seed = 20261124;
// the synthetic maps and their turns: drawSyntheticOrientationMap and syntheticMapTurn (src/synthetic), as `afis bench search` draws them
const syntheticMap = (t, turn) => sy.drawSyntheticOrientationMap(t.width, t.height, turn);
const turnOf = sy.syntheticMapTurn;
const fingersOf = (s, impression, maps) => sy.generateSyntheticTenPrint(seed, s, impression).map((i, f) => {
  const t = sy.impressionToTemplate(i);
  return { position: f + 1, template: maps ? { ...t, orientationMap: syntheticMap(t, turnOf(s, f)) } : t };
});

const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
const t0 = cpu();
const plain = new ix.Gallery(), mapped = new ix.Gallery(), mappedBase = base ? new base.ix.Gallery() : null;
let cells = 0, printCells = 0, maps = 0;
for (let s = 0; s < N; s++) {
  const withMaps = fingersOf(s, 0, true);
  plain.put(`S${s}`, withMaps.map((f) => ({ position: f.position, template: { ...f.template, orientationMap: undefined } })));
  mapped.put(`S${s}`, withMaps);
  mappedBase?.put(`S${s}`, withMaps);
  for (const f of withMaps) { maps++; cells += f.template.orientationMap.codes.length; printCells += f.template.orientationMap.codes.filter((c) => c !== 0).length; }
}
plain.applyStopBits();
mapped.applyStopBits();
mappedBase?.applyStopBits();
const built = cpu() - t0;
const stat = (g) => g.stats();
console.log(JSON.stringify({ step: 'galleries', subjects: N, buildCpuS: +(built / 1000).toFixed(1), cellsPerMap: +(cells / maps).toFixed(1), printShare: +(printCells / cells).toFixed(3),
  plain: { bytesPerFinger: +stat(plain).bytesPerFinger.toFixed(1), usedMB: +(stat(plain).usedBytes / 1e6).toFixed(1) },
  maps: { bytesPerFinger: +stat(mapped).bytesPerFinger.toFixed(1), usedMB: +(stat(mapped).usedBytes / 1e6).toFixed(1) },
  ...(mappedBase ? { mapsBase: { bytesPerFinger: +stat(mappedBase).bytesPerFinger.toFixed(1), usedMB: +(stat(mappedBase).usedBytes / 1e6).toFixed(1) } } : {}) }));

// the shortlists: the first stage of each gallery (the maps must not change them)
const off = { ...cfg.MATCHING_PARAMETERS, orientationAgreementWeight: 0 };
const on = { ...cfg.MATCHING_PARAMETERS, orientationAgreementWeight: 16 };
const mated = Array.from({ length: searches / 2 }, (_, q) => Math.floor(((q + 0.5) * N) / (searches / 2)));
const subjects = [...mated, ...Array.from({ length: searches / 2 }, (_, q) => N + 1_000_000 + q)];
const work = [];
for (const [g, name, code] of [[plain, 'plain', own], [mapped, 'maps', own], ...(mappedBase ? [[mappedBase, 'maps', base]] : [])]) {
  const searcher = new code.ix.GallerySearcher(g);
  const { ids } = g.snapshot();
  const slotOf = new Map(ids.map((id, s) => [id, s]));
  for (let q = 0; q < subjects.length; q++) {
    const fingers = fingersOf(subjects[q], 1, name === 'maps');
    const r = await searcher.search(fingers, { maxCandidates: 1e9 });
    const slots = Int32Array.from(r.candidates.map((c) => slotOf.get(c.id))).sort();
    if (name === 'plain') work.push({ fingers, slots, mapFingers: fingersOf(subjects[q], 1, true) });
    else if (slots.join() !== work[q].slots.join()) throw new Error(`search ${q}: the maps changed the shortlist`);
  }
}
const shortlisted = work.reduce((a, w) => a + w.slots.length, 0);
console.log(JSON.stringify({ step: 'shortlists', searches, shortlistedPerSearch: shortlisted / searches, sameWithMaps: true }));

const forms = [
  { name: 'no maps, weight 0', g: plain, P: off, maps: false },
  { name: 'maps stored, weight 0', g: mapped, P: off, maps: true },
  { name: 'maps, weight 16', g: mapped, P: on, maps: true },
  ...(base ? [{ name: `maps, weight 16, ${baseArg}`, g: mappedBase, P: on, maps: true, code: base }] : []),
];
const hashes = forms.map(() => createHash('sha256'));
const times = forms.map(() => []);
// per form and search, the CPU summed over the repeats (for the paired interval over searches)
const perSearch = forms.map(() => new Float64Array(work.length));
// one untimed pass first (compilation), then the forms in a turning order each repeat
for (let rep = -1; rep < repeats; rep++) {
  forms.map((_, k) => (k + Math.max(0, rep)) % forms.length).forEach((k) => {
    const form = forms[k];
    const code = form.code ?? own;
    const reader = new code.ix.GalleryReader(form.g.snapshot().memory);
    let ms = 0;
    work.forEach((w, q) => {
      const probe = code.ix.probeByPosition(form.maps ? w.mapFingers : w.fingers).map((t) => (t ? code.ma.prepareTemplate(t, form.P) : null));
      const c0 = cpu();
      const scores = code.matchShortlist(reader, probe, w.slots, form.P);
      const d = cpu() - c0;
      if (rep === 0) hashes[k].update(new Uint8Array(scores.buffer, scores.byteOffset, scores.byteLength));
      ms += d;
      if (rep >= 0) perSearch[k][q] += d;
    });
    if (rep >= 0) times[k].push(ms);
  });
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const baseMs = median(times[0]);
// the ratio of summed CPU to the form without maps, with a 95 % interval by resampling the searches (paired; 2,000 draws, fixed seed)
let state = 12345;
const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const ratioInterval = (k, ref = 0) => {
  const r = [];
  for (let d = 0; d < 2000; d++) {
    let a = 0, b = 0;
    for (let i = 0; i < work.length; i++) { const q = Math.floor(rand() * work.length); a += perSearch[k][q]; b += perSearch[ref][q]; }
    r.push(a / b);
  }
  r.sort((x, y) => x - y);
  return [+r[49].toFixed(3), +r[1949].toFixed(3)];
};
const sum = (a) => a.reduce((x, y) => x + y, 0);
const digests = hashes.map((h) => h.digest('hex').slice(0, 16));
forms.forEach((form, k) => {
  const m = median(times[k]);
  console.log(JSON.stringify({ form: form.name, secondStageCpuMsPerSearch: +(m / searches).toFixed(2), comparisonsPerCpuS: Math.round((shortlisted * 10) / (m / 1000)), ratioOfMedians: +(m / baseMs).toFixed(3),
    pairedRatio: +(sum(perSearch[k]) / sum(perSearch[0])).toFixed(3), pairedRatio95: k === 0 ? null : ratioInterval(k), repeatsMs: times[k].map((t) => Math.round(t)), scoreHash: digests[k] }));
});
if (base) {
  // this build's weight 16 against the base build's, paired over the searches
  console.log(JSON.stringify({ compare: `${forms[2].name} / ${forms[3].name}`, pairedRatio: +(sum(perSearch[2]) / sum(perSearch[3])).toFixed(3), pairedRatio95: ratioInterval(2, 3),
    ratioOfMedians: +(median(times[2]) / median(times[3])).toFixed(3), sameScores: digests[2] === digests[3] }));
}
