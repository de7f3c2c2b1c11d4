#!/usr/bin/env node
// Where a chained perturbation's cost goes (issue 12, compound): physical floor against the
// extractor's share, stage by stage. The four FVC2002 B images are perturbed by a chain KIND
// ("dry+low-contrast+crop+frame", the seeds of `afis eval perturb --kinds KIND` with KIND alone
// in the list; step j draws as perturb-image.ts does) and compared with a reference: the clean
// image (--base 0, default) or the image after the chain's first N steps (--base N: e.g. N = 3 of
// dry+low-contrast+crop+frame compares the framed image with the same dry, faint, cropped image
// without the frame, so what is measured is the last steps' marginal cost). Every reference
// minutia the remaining steps leave visible is moved into the perturbed image and looked for
// after each perturbed stage (12 px, 30°, as edge-stage-cost.mjs): outside the mask, the border
// distance of the image side / of the mask's edge, binarisation + thinning, skeleton cleaning,
// the minutia filters. Distances d are to what the geometry leaves seen: the inner edge of the
// frame line when the remaining steps draw a frame (as frame-cost.mjs), otherwise the nearest
// image side. Also: the reference mask kept by the perturbed mask by d, the perturbed mask where
// the reference had none (spill), false minutiae by d, side and type, and per side whether a
// frame line was found (find-frame-lines.ts). Template sets (mean all-pairs EER, no intervals):
//   reference / perturbed
//   floor dN                 reference without the minutiae the remaining steps hide or that lie
//                            within N px of the line / side (a perfect extractor: the physical floor)
//   perturbed − false [<N]   without its false minutiae (at d < N)
//   perturbed + lost ≥N      with the reference minutiae it lost at d ≥ N put back
//   perturbed − false + lost both at once
//   perturbed + lost:STAGE   with the ones lost at one stage put back
//   floor d0 − lost / + false
//
//   node bench/extraction/chain-cost.mjs DATA_DIR ['{"PARAM":VALUE}'] CHAIN [SEED] [--base N]
//
// The parameters apply to both images. Figures in bench/RESULTS.md.
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS as PP } from '../../dist/config/parameters.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import {
  analyzeFingerprint, binarizeRidges, thinSkeleton, traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae,
  removeFalseMinutiae, checkMinutiae, extractFromAnalysis,
} from '../../dist/extraction/index.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { openEndPixels } from '../../dist/extraction/remove-skeleton-artifacts.js';
import { computeBlockGradients } from '../../dist/extraction/compute-block-gradients.js';
import { findFrameLines } from '../../dist/extraction/find-frame-lines.js';
import { blockGridOf } from '../../dist/extraction/types.js';

const args = process.argv.slice(2);
const baseAt = args.indexOf('--base');
const base = baseAt >= 0 ? Number(args.splice(baseAt, 2)[1]) : 0;
const [dataDir, changes = '{}', chain, seedText = '1'] = args;
const steps = chain?.split('+') ?? [];
if (!dataDir || !steps.length || !(base >= 0 && base < steps.length)) {
  process.stderr.write("usage: chain-cost.mjs DATA_DIR ['{\"PARAM\":VALUE}'] CHAIN [SEED] [--base N]\n");
  process.exit(2);
}
const rest = steps.slice(base);
const framed = rest.includes('frame');
if (framed && steps.lastIndexOf('crop') > steps.indexOf('frame')) {
  process.stderr.write('chain-cost.mjs: a crop after the frame is not measured\n');
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };

const angDiff = (a, b) => { let d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.direction, m.direction) <= Math.PI / 6);

/** The chain applied step by step (perturb-image.ts's seeds): the reference image and the map from it to the perturbed one. */
function perturbChain(image, s) {
  let current = image, ref = image;
  const maps = [];
  steps.forEach((k, j) => {
    const p = perturbImage(current, k, j === 0 ? s : mixSeed(s, j));
    current = p.image;
    if (j < base) ref = current; else maps.push(p.mapPoint);
  });
  const mapPoint = (x, y) => {
    let q = [x, y];
    for (const map of maps) { if (!q) return null; q = map(q[0], q[1]); }
    return q;
  };
  return { ref, image: current, mapPoint };
}

const SIDES = ['left', 'right', 'top', 'bottom'];
/** Signed distances of a perturbed-image point to the four edges of what is seen (frame: the line's inner edge). */
function sideDistances(w, h, x, y) {
  if (!framed) return [x, w - 1 - x, y, h - 1 - y];
  const top = PP.frameVerticalInset * h, bottom = (1 - PP.frameVerticalInset) * h;
  const t = (y - top) / Math.max(1, bottom - top);
  const inset = (PP.frameTopInset + (PP.frameBottomInset - PP.frameTopInset) * t) * w;
  return [x - inset, w - 1 - inset - x, y - top, bottom - y].map((d) => d - PP.frameLineWidth);
}
const where = (w, h, x, y) => {
  const all = sideDistances(w, h, x, y);
  let j = 0;
  for (let s = 1; s < 4; s++) if (all[s] < all[j]) j = s;
  return { d: all[j], side: SIDES[j] };
};
function foundSides(image) {
  if (!P.segmentationLineMinLength) return new Set();
  const { width: w, height: h } = image;
  const grey = new Float32Array(image.data);
  const lines = findFrameLines(grey, w, h, computeBlockGradients(grey, w, h, blockGridOf(w, h, P.blockSize)), P.segmentationLineMinLength, P.segmentationLineMargin, P.segmentationLineVoteWindow);
  return new Set(lines.map((l) => (l.nx < -0.9 ? 'left' : l.nx > 0.9 ? 'right' : l.ny < -0.9 ? 'top' : l.ny > 0.9 ? 'bottom' : 'other')));
}

/** The extraction with its intermediate minutia lists and its template. */
function stages(image) {
  const a = analyzeFingerprint(image, P);
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const rs = thinSkeleton(ridges), vs = thinSkeleton(valleys);
  const raw = detectMinutiae(traceSkeletonGraph(rs), traceSkeletonGraph(vs), P);
  const open = openEndPixels(a.mask.pixels, image.width, image.height, P);
  const cleaned = detectMinutiae(removeSkeletonArtifacts(traceSkeletonGraph(rs), P, open), removeSkeletonArtifacts(traceSkeletonGraph(vs), P, open), P);
  const filtered = removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, P, a.frequency);
  const final = checkMinutiae(filtered, a, P);
  return { a, raw, cleaned, filtered, final, template: extractFromAnalysis(image, a, P, NO_DEBUG) };
}

const BANDS = [[-Infinity, 0], [0, 8], [8, 16], [16, 32], [32, Infinity]];
const bandName = ([a, b]) => (a === -Infinity ? 'on' : b === Infinity ? `≥${a}` : `${a}–${b}`);
const bandOf = (d) => bandName(BANDS.find(([a, b]) => d >= a && d < b));
const STAGES = ['outside mask', 'border: image side', 'border: mask edge', 'binarise+thin', 'cleaning', 'filters'];
const inc = (o, k, by = 1) => { o[k] = (o[k] ?? 0) + by; };

const report = {
  changes: JSON.parse(changes), chain, base: steps.slice(0, base).join('+') || 'clean', seed, perSet: {},
  visible: {}, lost: {}, false: {}, falseByType: {},
  // reference mask pixels left visible, by d, and how many the perturbed mask keeps; perturbed mask pixels where the reference had none
  mask: {}, within32BySide: Object.fromEntries(SIDES.map((s) => [s, { lines: 0, visible: 0, lost: 0, false: 0 }])),
  within32ByLine: { found: { visible: 0, lost: 0, false: 0 }, missed: { visible: 0, lost: 0, false: 0 } },
};
const variants = {};
const add = (name, k, i, t) => { ((variants[name] ??= [])[k] ??= [])[i] = t; };
const NAMES = ['reference', 'perturbed', 'floor d0', 'floor d8', 'floor d16', 'perturbed − false <16', 'perturbed − false', 'perturbed + lost ≥0', 'perturbed + lost ≥8', 'perturbed + lost ≥16', 'perturbed + lost ≥32', 'perturbed − false + lost', 'floor d0 − lost', 'floor d0 + false', ...STAGES.map((s) => `perturbed + lost:${s}`)];
let checked = false;
for (const [k, set] of sets.entries()) {
  const ps = { reference: 0, visible: 0, lost: 0, false: 0, perturbed: 0, lostAt32: 0, visibleAt32: 0 };
  for (let i = 0; i < set.items.length; i++) {
    const item = set.items[i];
    const s = mixSeed(seed, 0, k, i);
    const p = perturbChain(item.image, s);
    if (!checked) {
      const q = perturbImage(item.image, chain, s).image;
      if (q.width !== p.image.width || q.data.some((v, j) => v !== p.image.data[j])) throw new Error('the step-by-step chain differs from perturbImage');
      checked = true;
    }
    let c = null, d = null;
    try { c = stages(p.ref); } catch { /* failure to enrol */ }
    try { d = stages(p.image); } catch { /* failure to enrol */ }
    for (const name of NAMES) add(name, k, i, name === 'reference' ? c?.template ?? null : d?.template ?? null);
    if (!c || !d) continue;
    const { width: w, height: h } = p.image;
    const rw = p.ref.width, rh = p.ref.height;
    const found = framed ? foundSides(p.image) : new Set();
    for (const side of found) if (report.within32BySide[side]) report.within32BySide[side].lines++;
    const byLine = (side) => report.within32ByLine[found.has(side) ? 'found' : 'missed'];
    // masks: every reference pixel moved into the perturbed image
    const inv = new Int32Array(w * h).fill(-1);
    const rm = c.a.mask.pixels, pm = d.a.mask.pixels;
    for (let y = 0; y < rh; y++) for (let x = 0; x < rw; x++) {
      const q = p.mapPoint(x, y);
      if (!q) continue;
      const xi = Math.round(q[0]), yi = Math.round(q[1]);
      if (xi < 0 || yi < 0 || xi >= w || yi >= h) continue;
      inv[yi * w + xi] = y * rw + x;
    }
    for (let j = 0; j < w * h; j++) {
      const x = j % w, y = (j - x) / w;
      const band = bandOf(where(w, h, x, y).d);
      const m = (report.mask[band] ??= { reference: 0, kept: 0, perturbed: 0, spill: 0 });
      if (pm[j]) { m.perturbed++; if (inv[j] < 0 || !rm[inv[j]]) m.spill++; }
      if (inv[j] >= 0 && rm[inv[j]]) { m.reference++; if (pm[j]) m.kept++; }
    }
    const distAt = (x, y) => where(w, h, x, y);
    const moved = [];
    for (const m of c.final) {
      const q = p.mapPoint(m.x, m.y);
      if (!q) continue;
      moved.push({ ...m, x: q[0], y: q[1], src: m, ...distAt(q[0], q[1]) });
    }
    ps.reference += c.final.length;
    ps.perturbed += d.final.length;
    const cm = c.template.minutiae;
    const kept = { 0: [], 8: [], 16: [] };
    for (const m of cm) {
      const q = p.mapPoint(m.x, m.y);
      if (!q) continue;
      const dd = distAt(q[0], q[1]).d;
      for (const lim of [0, 8, 16]) if (dd >= lim) kept[lim].push(m);
    }
    for (const lim of [0, 8, 16]) add(`floor d${lim}`, k, i, { ...c.template, minutiae: kept[lim] });
    const lostAll = [];
    for (const e of moved) {
      const band = bandOf(e.d);
      inc(report.visible, band);
      ps.visible++;
      if (e.d >= 32) ps.visibleAt32++;
      if (e.d < 32) { report.within32BySide[e.side].visible++; byLine(e.side).visible++; }
      if (near(e, d.final)) continue;
      ps.lost++;
      if (e.d >= 32) ps.lostAt32++;
      if (e.d < 32) { report.within32BySide[e.side].lost++; byLine(e.side).lost++; }
      const xi = Math.min(w - 1, Math.max(0, Math.round(e.x))), yi = Math.min(h - 1, Math.max(0, Math.round(e.y)));
      let stage;
      if (!pm[yi * w + xi]) stage = 'outside mask';
      else if (Math.min(xi + 1, yi + 1, w - xi, h - yi) < P.borderDistance) stage = 'border: image side';
      else if (distanceToBackground(pm, w, h, xi, yi, P.borderDistance) < P.borderDistance) stage = 'border: mask edge';
      else if (!near(e, d.raw)) stage = 'binarise+thin';
      else if (!near(e, d.cleaned)) stage = 'cleaning';
      else stage = 'filters';
      report.lost[band] ??= {};
      inc(report.lost[band], stage);
      inc(report.lost[band], 'all');
      lostAll.push({ e, stage });
    }
    if (d.final.length !== d.template.minutiae.length || c.final.length !== c.template.minutiae.length) throw new Error('template and final list differ');
    const isFalse = d.final.map((m) => !near(m, moved));
    const info = d.final.map((m) => distAt(m.x, m.y));
    const tm = d.template.minutiae;
    d.final.forEach((m, j) => {
      if (!isFalse[j]) return;
      ps.false++;
      const band = bandOf(info[j].d);
      inc(report.false, band);
      inc(report.falseByType, `${m.type} ${band}`);
      if (info[j].d < 32) { report.within32BySide[info[j].side].false++; byLine(info[j].side).false++; }
    });
    add('perturbed − false <16', k, i, { ...d.template, minutiae: tm.filter((_, j) => !isFalse[j] || info[j].d >= 16) });
    add('perturbed − false', k, i, { ...d.template, minutiae: tm.filter((_, j) => !isFalse[j]) });
    const asTemplate = ({ e }) => ({ x: Math.min(w - 1, Math.max(0, Math.round(e.x))), y: Math.min(h - 1, Math.max(0, Math.round(e.y))), angle: ((-e.direction % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI), type: e.type, quality: e.quality ?? 50 });
    const lostRef = new Set(lostAll.map((l) => c.final.indexOf(l.e.src)));
    add('floor d0 − lost', k, i, { ...c.template, minutiae: cm.filter((m, j) => p.mapPoint(m.x, m.y) && !lostRef.has(j)) });
    add('floor d0 + false', k, i, { ...d.template, minutiae: [...kept[0].map((m) => { const q = p.mapPoint(m.x, m.y); return { ...m, x: q[0], y: q[1] }; }), ...tm.filter((_, j) => isFalse[j])].slice(0, 255) });
    add('perturbed − false + lost', k, i, { ...d.template, minutiae: [...tm.filter((_, j) => !isFalse[j]), ...lostAll.map(asTemplate)].slice(0, 255) });
    for (const lim of [0, 8, 16, 32]) add(`perturbed + lost ≥${lim}`, k, i, { ...d.template, minutiae: [...tm, ...lostAll.filter((l) => l.e.d >= lim).map(asTemplate)].slice(0, 255) });
    for (const st of STAGES) add(`perturbed + lost:${st}`, k, i, { ...d.template, minutiae: [...tm, ...lostAll.filter((l) => l.stage === st).map(asTemplate)].slice(0, 255) });
  }
  report.perSet[set.label.split('/').pop()] = ps;
}
const pct = (v) => Number((v * 100).toFixed(2));
report.meanEerPercent = {};
for (const [name, perSet] of Object.entries(variants)) {
  const e = perSet.map((templates, k) => allPairsErrorRates(scoreEvalSet(sets[k].fingers, templates)).eer);
  report.meanEerPercent[name] = { mean: pct(e.reduce((a, b) => a + b, 0) / e.length), sets: e.map(pct).join(' / ') };
}
process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
