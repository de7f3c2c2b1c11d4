#!/usr/bin/env node
// Where the residue and crop perturbations' cost comes from, stage by stage (issue 12): each
// FVC2002 B image extracted clean and perturbed (the seeds of `afis eval perturb --kinds KIND`
// with KIND alone in the list, as paired-option.mjs), every clean minutia the perturbation
// leaves visible moved into the perturbed image and looked for after each perturbed stage
// (12 px, 30°): outside the perturbed mask, inside it but within the border distance of the
// image side or of the mask's edge, missing among the raw skeleton graphs' minutiae
// (binarisation + thinning), after the skeleton cleaning, after the minutia filters. Split by
// the distance d to what the perturbation took away (residue: the nearest smudge pixel; crop:
// the nearest image side). The perturbed template's false minutiae (no clean counterpart) by d
// (residue: d < 0 = on a smudge) and by type. Then the mean all-pairs EER of template sets that
// take one source of cost away at a time (the minutiae lost at the filters split by the filter:
// the coherence floor, the crowding test, the 150 cap, the learned check and what follows):
//   clean / perturbed
//   floor dN                 clean without what the perturbation hides and what lies within N px of it
//   perturbed − false <N     without its false minutiae at d < N   (− false: all of them)
//   perturbed − false + lost both at once
//   floor d0 − lost / + false   the clean visible minutiae without the lost ones / with the false ones added
//   perturbed + lost ≥N      with the clean minutiae it lost at d ≥ N put back (false kept)
//   perturbed + lost:STAGE   with the ones lost at one stage put back
//   perturbed − islands      without its minutiae on mask islands (8-connected pixel components
//                            other than the largest: a smudge's rim left beside the print)
//
//   node bench/extraction/edge-stage-cost.mjs DATA_DIR ['{"PARAM":VALUE}'] [residue|crop|crop-aligned] [SEED] [--kind-index K]
//
// crop-aligned: the suite's crop with its offsets rounded down to a multiple of 8 px (the block
// grid keeps its phase). The parameters apply to both images. Figures in bench/RESULTS.md.
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { createGrayImage, NO_DEBUG } from '../../dist/core/index.js';
import {
  analyzeFingerprint, binarizeRidges, thinSkeleton, traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae,
  removeFalseMinutiae, checkMinutiae, extractFromAnalysis,
} from '../../dist/extraction/index.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { openEndPixels } from '../../dist/extraction/remove-skeleton-artifacts.js';

const argv = process.argv.slice(2);
// --kind-index K: the seed stream `afis eval perturb` uses for the kind at index K of its list (residue
// is 4: the suite's own draw); default 0, paired-option's stream (as wet-stage-oracle.mjs)
const kindIndexAt = argv.indexOf('--kind-index');
const kindIndex = kindIndexAt >= 0 ? Number(argv.splice(kindIndexAt, 2)[1]) : 0;
const [dataDir, changes = '{}', kind = 'residue', seedText = '1'] = argv;
if (!dataDir || !['residue', 'crop', 'crop-aligned'].includes(kind)) {
  process.stderr.write("usage: edge-stage-cost.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [residue|crop|crop-aligned] [SEED]\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };

const angDiff = (a, b) => { let d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.direction, m.direction) <= Math.PI / 6);

function perturb(image, s) {
  const p = perturbImage(image, kind === 'residue' ? 'residue' : 'crop', s);
  if (kind !== 'crop-aligned') return p;
  // the same crop window (crop-image.ts draws its offsets first) with its offset rounded down to the block size
  const { width: w, height: h } = p.image;
  const rng = createRng(s);
  let x0 = rng.int(image.width - w + 1), y0 = rng.int(image.height - h + 1);
  x0 -= x0 % 8; y0 -= y0 % 8;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(image.data.subarray((y + y0) * image.width + x0, (y + y0) * image.width + x0 + w), y * w);
  return { image: createGrayImage(w, h, data, image.ppi), mapPoint: (x, y) => (x >= x0 && y >= y0 && x < x0 + w && y < y0 + h ? [x - x0, y - y0] : null) };
}

/** Squared Euclidean distance transform (Felzenszwalb & Huttenlocher) of the set `on`, in place of a float map. */
function distanceMap(on, w, h) {
  const INF = 1e12;
  const f = new Float64Array(w * h);
  for (let i = 0; i < f.length; i++) f[i] = on[i] ? 0 : INF;
  const pass = (get, set, n) => {
    const v = new Int32Array(n), z = new Float64Array(n + 1), d = new Float64Array(n), g = new Float64Array(n);
    for (let q = 0; q < n; q++) g[q] = get(q);
    let k = 0; v[0] = 0; z[0] = -INF; z[1] = INF;
    for (let q = 1; q < n; q++) {
      let s;
      for (;;) { s = (g[q] + q * q - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]); if (s <= z[k] && k > 0) k--; else break; }
      if (s <= z[k]) { v[0] = q; z[0] = -INF; z[1] = INF; k = 0; continue; }
      k++; v[k] = q; z[k] = s; z[k + 1] = INF;
    }
    k = 0;
    for (let q = 0; q < n; q++) { while (z[k + 1] < q) k++; d[q] = (q - v[k]) ** 2 + g[v[k]]; }
    for (let q = 0; q < n; q++) set(q, d[q]);
  };
  for (let x = 0; x < w; x++) pass((y) => f[y * w + x], (y, val) => { f[y * w + x] = val; }, h);
  for (let y = 0; y < h; y++) pass((x) => f[y * w + x], (x, val) => { f[y * w + x] = val; }, w);
  return f;
}

/** The perturbed extraction with its intermediate minutia lists and its template. */
function stages(image) {
  const a = analyzeFingerprint(image, P);
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const rs = thinSkeleton(ridges), vs = thinSkeleton(valleys);
  const raw = detectMinutiae(traceSkeletonGraph(rs), traceSkeletonGraph(vs), P);
  const open = openEndPixels(a.mask.pixels, image.width, image.height, P);
  const cleaned = detectMinutiae(removeSkeletonArtifacts(traceSkeletonGraph(rs), P, open), removeSkeletonArtifacts(traceSkeletonGraph(vs), P, open), P);
  const filtered = removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, P, a.frequency);
  const final = checkMinutiae(filtered, a, P);
  // the filters one at a time left out, to say which of them dropped a lost minutia
  const refilter = (changes) => removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, { ...P, ...changes }, a.frequency);
  const noCoherence = refilter({ minCoherence: -1 });
  const noCrowding = refilter({ clusterMaxNeighbours: 1e9 });
  const noCap = refilter({ maxMinutiae: 1e9 });
  return { a, raw, cleaned, filtered, noCoherence, noCrowding, noCap, final, template: extractFromAnalysis(image, a, P, NO_DEBUG) };
}

const BANDS = [[-Infinity, 0], [0, 8], [8, 16], [16, 32], [32, Infinity]];
const bandName = ([a, b]) => (a === -Infinity ? 'on' : b === Infinity ? `≥${a}` : `${a}–${b}`);
const bandOf = (d) => bandName(BANDS.find(([a, b]) => d >= a && d < b));
const STAGES = ['outside mask', 'border: image side', 'border: mask edge', 'binarise+thin', 'cleaning', 'filters'];
// which filter dropped a minutia lost at 'filters' (the first of these that brings it back)
const FILTERS = ['coherence', 'crowded', 'cap 150', 'check and later', 'other'];
const inc = (o, k, by = 1) => { o[k] = (o[k] ?? 0) + by; };

const report = { changes: JSON.parse(changes), kind, seed, perSet: {}, lost: {}, visible: {}, false: {}, falseByType: {}, smudgeInMask: { pixels: 0, inMask: 0 }, islands: { images: 0, pixels: 0, minutiae: 0, false: 0 }, lostAtFilters: {} };

/** 1 on the mask pixels outside its largest 8-connected component (islands left beside the print), or null when there is one component. */
function maskIslands(mask, w, h) {
  const label = new Int32Array(w * h);
  const sizes = [0];
  const stack = [];
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || label[s]) continue;
    const id = sizes.length;
    let size = 0;
    label[s] = id;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop();
      size++;
      const x = i % w, y = (i - x) / w;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
        const j = yy * w + xx;
        if (mask[j] && !label[j]) { label[j] = id; stack.push(j); }
      }
    }
    sizes.push(size);
  }
  if (sizes.length <= 2) return null;
  let best = 1;
  for (let id = 2; id < sizes.length; id++) if (sizes[id] > sizes[best]) best = id;
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) if (label[i] && label[i] !== best) out[i] = 1;
  return out;
}
const variants = {};
const add = (name, k, i, t) => { ((variants[name] ??= [])[k] ??= [])[i] = t; };
let cleanTotal = 0, pertTotal = 0;
for (const [k, set] of sets.entries()) {
  const ps = { clean: 0, visible: 0, lost: 0, false: 0, perturbed: 0 };
  for (let i = 0; i < set.items.length; i++) {
    const item = set.items[i];
    let c = null, d = null, p = null;
    try { c = stages(item.image); } catch { /* failure to enrol */ }
    try { p = perturb(item.image, mixSeed(seed, kindIndex, k, i)); d = stages(p.image); } catch { /* failure to enrol */ }
    add('clean', k, i, c?.template ?? null);
    add('perturbed', k, i, d?.template ?? null);
    for (const name of ['perturbed − islands', 'floor d0', 'floor d8', 'perturbed − false <8', 'perturbed − false <16', 'perturbed − false', 'perturbed − false + lost', 'floor d0 − lost', 'floor d0 + false', 'perturbed + lost ≥0', 'perturbed + lost ≥8', 'perturbed + lost ≥32', ...STAGES.map((s) => `perturbed + lost:${s}`), ...FILTERS.map((f) => `perturbed + lost:filters:${f}`)]) add(name, k, i, d?.template ?? null);
    if (!c || !d) continue;
    const { width: w, height: h } = p.image;
    // what the perturbation took away, in the perturbed image's pixels, and the distance to it
    const gone = new Uint8Array(w * h);
    if (kind === 'residue') {
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (!p.mapPoint(x, y)) gone[y * w + x] = 1;
      for (let q = 0; q < gone.length; q++) if (gone[q]) { report.smudgeInMask.pixels++; if (d.a.mask.pixels[q]) report.smudgeInMask.inMask++; }
    }
    const dist2 = kind === 'residue' ? distanceMap(gone, w, h) : null;
    const distAt = (x, y) => {
      const xi = Math.min(w - 1, Math.max(0, Math.round(x))), yi = Math.min(h - 1, Math.max(0, Math.round(y)));
      if (kind !== 'residue') return Math.min(xi, yi, w - 1 - xi, h - 1 - yi);
      return gone[yi * w + xi] ? -1 : Math.sqrt(dist2[yi * w + xi]);
    };
    // clean final minutiae in raw form (direction), moved into the perturbed image
    const moved = [];
    const kept0 = [], kept8 = [];
    for (const m of c.final) {
      const q = p.mapPoint(m.x, m.y);
      if (!q) continue;
      const e = { ...m, x: q[0], y: q[1], src: m };
      e.d = distAt(e.x, e.y);
      moved.push(e);
    }
    cleanTotal += c.final.length;
    pertTotal += d.final.length;
    ps.clean += c.final.length; ps.perturbed += d.final.length;
    // the clean template minus what is hidden (floor d0) and minus what lies within 8 px of it (d8)
    const cm = c.template.minutiae;
    for (const m of cm) {
      const q = p.mapPoint(m.x, m.y);
      if (!q) continue;
      kept0.push(m);
      if (distAt(q[0], q[1]) >= 8) kept8.push(m);
    }
    add('floor d0', k, i, { ...c.template, minutiae: kept0 });
    add('floor d8', k, i, { ...c.template, minutiae: kept8 });
    const mp = d.a.mask.pixels;
    const lostBack = { all: [] };
    for (const e of moved) {
      const band = bandOf(e.d);
      inc(report.visible, band);
      ps.visible++;
      if (near(e, d.final)) continue;
      ps.lost++;
      const xi = Math.min(w - 1, Math.max(0, Math.round(e.x))), yi = Math.min(h - 1, Math.max(0, Math.round(e.y)));
      let stage;
      let which = null;
      if (!mp[yi * w + xi]) stage = 'outside mask';
      else if (Math.min(xi + 1, yi + 1, w - xi, h - yi) < P.borderDistance) stage = 'border: image side';
      else if (distanceToBackground(mp, w, h, xi, yi, P.borderDistance) < P.borderDistance) stage = 'border: mask edge';
      else if (!near(e, d.raw)) stage = 'binarise+thin';
      else if (!near(e, d.cleaned)) stage = 'cleaning';
      else {
        stage = 'filters';
        which = !near(e, d.filtered) ? (near(e, d.noCoherence) ? 'coherence' : near(e, d.noCrowding) ? 'crowded' : near(e, d.noCap) ? 'cap 150' : 'other') : 'check and later';
        report.lostAtFilters[band] ??= {};
        inc(report.lostAtFilters[band], which);
      }
      report.lost[band] ??= {};
      inc(report.lost[band], stage);
      inc(report.lost[band], 'all');
      lostBack.all.push({ e, stage, which, src: e.src });
    }
    // false minutiae of the perturbed template (raw form: no clean counterpart)
    if (d.final.length !== d.template.minutiae.length || c.final.length !== c.template.minutiae.length) throw new Error("template and final list differ");
    const isFalse = d.final.map((m) => !near(m, moved));
    const tm = d.template.minutiae;
    // the template keeps the final list's order (extractFromAnalysis maps it one to one)
    d.final.forEach((m, j) => {
      if (!isFalse[j]) return;
      ps.false++;
      inc(report.false, bandOf(distAt(m.x, m.y)));
      inc(report.falseByType, `${m.type} ${bandOf(distAt(m.x, m.y))}`);
    });
    const fd = d.final.map((m) => distAt(m.x, m.y));
    // minutiae on mask islands (components other than the largest, e.g. a smudge's rim beside the print)
    const isl = maskIslands(d.a.mask.pixels, w, h);
    const onIsland = d.final.map((m) => !!isl && isl[Math.min(h - 1, Math.max(0, Math.round(m.y))) * w + Math.min(w - 1, Math.max(0, Math.round(m.x)))] === 1);
    if (isl) {
      report.islands.images++;
      for (let q = 0; q < isl.length; q++) report.islands.pixels += isl[q];
      onIsland.forEach((on, j) => { if (on) { report.islands.minutiae++; if (isFalse[j]) report.islands.false++; } });
    }
    add('perturbed − islands', k, i, { ...d.template, minutiae: tm.filter((_, j) => !onIsland[j]) });
    for (const lim of [8, 16]) add(`perturbed − false <${lim}`, k, i, { ...d.template, minutiae: tm.filter((_, j) => !isFalse[j] || fd[j] >= lim) });
    add('perturbed − false', k, i, { ...d.template, minutiae: tm.filter((_, j) => !isFalse[j]) });
    const asTemplate = ({ e }) => ({ x: Math.min(w - 1, Math.max(0, Math.round(e.x))), y: Math.min(h - 1, Math.max(0, Math.round(e.y))), angle: ((-e.direction % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI), type: e.type, quality: e.quality ?? 50 });
    // the clean template's visible minutiae without the ones the perturbed template lost, and with its false ones added
    const lostClean = new Set(lostBack.all.map((l) => c.final.indexOf(l.src)));
    add('floor d0 − lost', k, i, { ...c.template, minutiae: cm.filter((m, j) => p.mapPoint(m.x, m.y) && !lostClean.has(j)) });
    add('floor d0 + false', k, i, { ...d.template, minutiae: [...kept0.map((m) => { const q = p.mapPoint(m.x, m.y); return { ...m, x: q[0], y: q[1] }; }), ...tm.filter((_, j) => isFalse[j])].slice(0, 255) });
    add('perturbed − false + lost', k, i, { ...d.template, minutiae: [...tm.filter((_, j) => !isFalse[j]), ...lostBack.all.map(asTemplate)].slice(0, 255) });
    for (const lim of [0, 8, 32]) add(`perturbed + lost ≥${lim}`, k, i, { ...d.template, minutiae: [...tm, ...lostBack.all.filter((l) => l.e.d >= lim).map(asTemplate)].slice(0, 255) });
    for (const s of STAGES) add(`perturbed + lost:${s}`, k, i, { ...d.template, minutiae: [...tm, ...lostBack.all.filter((l) => l.stage === s).map(asTemplate)].slice(0, 255) });
    for (const f of FILTERS) add(`perturbed + lost:filters:${f}`, k, i, { ...d.template, minutiae: [...tm, ...lostBack.all.filter((l) => l.which === f).map(asTemplate)].slice(0, 255) });
  }
  report.perSet[set.label.split('/').pop()] = ps;
}
const pct = (v) => Number((v * 100).toFixed(2));
report.minutiae = { clean: cleanTotal, perturbed: pertTotal };
report.meanEerPercent = {};
for (const [name, perSet] of Object.entries(variants)) {
  const e = perSet.map((templates, k) => allPairsErrorRates(scoreEvalSet(sets[k].fingers, templates)).eer);
  report.meanEerPercent[name] = { mean: pct(e.reduce((a, b) => a + b, 0) / e.length), sets: e.map(pct).join(' / ') };
}
process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
