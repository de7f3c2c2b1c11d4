#!/usr/bin/env node
// Do the minutiae of dotted, dry texture reveal themselves (issue 12, dotq)? For every minutia of
// the four FVC2002 B sets (DB2 at 569 ppi), clean or under one perturbation KIND at SEED, a few
// texture measures around it, and their separation (AUC) of the genuine pairings' "in one print
// only" minutiae from the repeatable ones, against the minutia's own quality.
//
// The labels are fragile-pairings.mjs's own (imported, not copied; its comparePairings runs the
// shipped matcher on every unordered pair):
//   - "own": in each genuine pairing of ≥ 3 pairs, an overlap minutia is one-print-only when the
//     decomposition finds it no counterpart ("none"), repeatable when it is paired or a rigid /
//     warp near miss; other-type counterparts and minutiae outside the overlap are left out;
//   - "ref": under the transitive reference alignment (through a third impression, genuine pairs
//     that have one), an overlap minutia with no counterpart of any type within 15 px / 30° is
//     one-print-only, the others repeatable.
// Each observation is one minutia in one genuine pairing (a print's minutia counts once per
// pairing it lies in the overlap of). Groups: every genuine pairing, the robust ones (n > 10),
// the fragile ones (n ≤ 10) rejected at the set's FMR 0.1 % threshold, and those accepted.
//
// AUC = P(measure of a one-print-only minutia > that of a repeatable one), ties half; each
// measure is signed so that "more dotted / less reliable" is larger (fill, quality, coherence …
// enter negated), so 0.5 is no separation and > 0.5 the expected direction. "within print": the
// measure less its print's median (a per-print level cannot help a count discount that impostors
// of the same print share, bench/RESULTS.md "edge2"). 95 % intervals: bootstrap over pairings
// (for fill, fillLocal, candidates, facing, ink, enhancedRms, quality and qFill70 only). qFillF: quality × min(1, fill / F),
// what folding the fill into the quality would rate.
//
// Measures (the analysis of the same image the template came from; window W = ±12 px):
//   fill        the block's ridge fill, pooled over 3 × 3 blocks (find-ridge-gaps.ts poolRidgeFill,
//               level `enhancementRidgeGapLevel`): share of the first enhancement's ridge pixels
//               whose normalised grey is dark (≤ level). Negated.
//   fillLocal   the same share over the window only. Negated.
//   ridgeStd    standard deviation of the normalised grey (clipped ±4) over the window's ridge pixels.
//   alongDiff   mean |g(p) − g(p + 4 px along the field's ridge direction)| over the window's ridge
//               pixels whose partner is a ridge pixel too: the grey's change along the ridge.
//   candidates  the skeleton's candidate minutiae (after cleaning, before the false-minutia
//               removal) within 20 px: how broken the skeleton is around it.
//   facing      distance (px, cap 40) to an ending of the same template facing it across a gap in one
//               ridge (anti-parallel within 45°, joining line within 45° of its axis). Negated.
//   ink         share of the window's foreground pixels whose raw grey is darker than the print's
//               own ink level (midway between its foreground grey's 10th and 90th percentiles):
//               how much of the skin touched the sensor there. Negated.
//   otherFill / otherCoherence   (own labels, raw only) the other print's pooled fill and orientation
//               coherence where the pairing's rigid fit carries the minutia; pairFill / pairCoherence
//               the lower of the two prints'. A minutia can fail to repeat because the other
//               print is dotted there. Negated.
//   and every feature of rate-minutia-reliability.ts's measureMinutiaFeatures (quality among them).
//
//   node bench/extraction/dotted-minutiae.mjs DATA_DIR [clean|KIND] [SEED] [--boot 200] [--json OUT]
//        [--prints DB3:110_3,DB2:109_8]   (per-print means of the measures for the named prints)
//        [--set '{"P":V}']                (extraction parameters for the measures' analysis only)
//        [--discount F:f[,F:f…]]           (an offline pair-texture count discount, its EER and FNMR; see there)
//        [--patches DB3:110_3,… [--patch-dir DIR]]  (a PNG per print: the grey ±24 px ×3 around 8 of its
//                                          never-repeatable minutiae, red, over 8 of its most repeated, green)
//
// ≈ 1.5 min for the four sets on one core. Figures in bench/RESULTS.md ("dotq").
import { comparePairings } from '../matching/fragile-pairings.mjs';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { analyzeFingerprint, extractFromAnalysis, measureMinutiaFeatures, MINUTIA_FEATURE_NAMES } from '../../dist/extraction/index.js';
import { poolRidgeFill } from '../../dist/extraction/find-ridge-gaps.js';
import { writeFileSync } from 'node:fs';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const BOOT = Number(option('--boot', '200'));
const jsonOut = option('--json', '');
const printList = option('--prints', 'DB3:110_3,DB3:110_6,DB2:109_8,DB2:109_1,DB4:109_1').split(',').filter(Boolean).map((t) => t.split(':'));
const extra = JSON.parse(option('--set', '{}'));
const patchList = option('--patches', '').split(',').filter(Boolean).map((t) => t.split(':'));
const patchDir = option('--patch-dir', '/tmp/dotted-patches');
const PATCHES = 8;
// --discount F:f[,F:f…]: an offline look at a pair-texture count discount (see its section below)
const discounts = option('--discount', '').split(',').filter(Boolean).map((t) => t.split(':').map(Number));
const [dataDir, kind = 'clean', seedText = '1'] = args;
if (!dataDir) {
  process.stderr.write('usage: dotted-minutiae.mjs DATA_DIR [clean|KIND] [SEED] [--boot 200] [--json OUT] [--prints SET:NAME,…] [--set JSON]\n');
  process.exit(2);
}
const seed = Number(seedText);
const started = Date.now();
const log = (m) => process.stderr.write(`${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
const params = { ...EXTRACTION_PARAMETERS, ...extra };

// ---- the texture measures ---------------------------------------------------------------------
const W = 12;
const STEP = 4;
const CAND_RADIUS = 20;
const OWN = ['fill', 'fillLocal', 'ridgeStd', 'alongDiff', 'candidates', 'facing', 'ink'];
// sign: +1 when larger means "more dotted / less reliable" already, −1 when it is negated
const SIGN = {
  fill: -1, fillLocal: -1, ridgeStd: 1, alongDiff: 1, candidates: 1, facing: -1, ink: -1,
  coherence: -1, ridgeShare: -1, logContrast: -1, agreement: -1, enhancedRms: -1, edgeDistance: -1,
  nearestDistance: -1, neighbours: 1, period: 1, bifurcation: 1, quality: -1, density: 1,
};
// the candidate re-rating: quality × min(1, fill / F), F 0.6 / 0.7 / 0.8 (what an option folding the fill into quality would give)
const FOLDS = [0.6, 0.7, 0.8];
for (const F of FOLDS) SIGN[`qFill${F * 100}`] = -1;
const FEATURES = [...OWN, ...MINUTIA_FEATURE_NAMES, ...FOLDS.map((F) => `qFill${F * 100}`)];
// the pairing's two sides (own labels only, raw only): the other print's fill and coherence where the fit carries the minutia, and the lower of the two
const PAIR_FEATURES = ['otherFill', 'pairFill', 'otherCoherence', 'pairCoherence'];
for (const f of PAIR_FEATURES) { SIGN[f] = -1; FEATURES.push(f); }
const BOOT_FEATURES = new Set(['otherFill', 'pairFill', 'otherCoherence', 'pairCoherence', 'fill', 'fillLocal', 'candidates', 'facing', 'ink', 'enhancedRms', 'quality', 'qFill70']);

/**
 * Distance (px, capped at FACING_CAP) from minutia i to the nearest minutia of the same template
 * that faces it across a gap in one ridge: both endings, directions anti-parallel within 45°, and
 * the line between them within 45° of i's axis (a broken ridge's two ends). Endings only; a
 * bifurcation gets the cap.
 */
const FACING_CAP = 40;
function facingDistance(list, i) {
  const m = list[i];
  if (m.type !== 'ending') return FACING_CAP;
  let best = FACING_CAP;
  const wrap = (a) => Math.atan2(Math.sin(a), Math.cos(a));
  for (let j = 0; j < list.length; j++) {
    const o = list[j];
    if (j === i || o.type !== 'ending') continue;
    const d = Math.hypot(o.x - m.x, o.y - m.y);
    if (d >= best || d === 0) continue;
    if (Math.abs(wrap(m.angle - o.angle - Math.PI)) > Math.PI / 4) continue;
    // the joining line's angle on screen (angles counter-clockwise, y down): atan2(−dy, dx), taken as an axis
    const line = Math.atan2(-(o.y - m.y), o.x - m.x);
    const off = Math.abs(wrap(2 * (line - m.angle))) / 2;
    if (off > Math.PI / 4) continue;
    best = d;
  }
  return best;
}

function measure(image, template, analysis, candidates) {
  const { width, height } = analysis;
  const g = analysis.normalized.data, e = analysis.enhanced.data, fg = analysis.mask.pixels;
  const fill = poolRidgeFill(analysis.normalized, analysis.enhanced, fg, params.blockSize, params.enhancementRidgeGapLevel);
  const og = analysis.orientation.grid;
  const rated = measureMinutiaFeatures(analysis, template.minutiae);
  // ink: the print's own dark level, midway between its foreground grey's 10th and 90th percentiles
  const greys = [];
  for (let k = 0; k < fg.length; k++) if (fg[k]) greys.push(image.data[k]);
  greys.sort((a, b) => a - b);
  const inkLevel = greys.length ? (greys[Math.floor(0.1 * (greys.length - 1))] + greys[Math.floor(0.9 * (greys.length - 1))]) / 2 : 128;
  const F = MINUTIA_FEATURE_NAMES.length;
  return template.minutiae.map((m, i) => {
    const x = m.x, y = m.y;
    const b = Math.min(fill.rows - 1, (y / fill.blockSize) | 0) * fill.cols + Math.min(fill.cols - 1, (x / fill.blockSize) | 0);
    const ob = Math.min(og.rows - 1, (y / og.blockSize) | 0) * og.cols + Math.min(og.cols - 1, (x / og.blockSize) | 0);
    const th = analysis.orientation.angle[ob];
    const tx = Math.round(STEP * Math.cos(th)), ty = Math.round(STEP * Math.sin(th));
    let n = 0, dark = 0, s = 0, ss = 0, along = 0, pairs = 0, inkN = 0, inkD = 0;
    for (let yy = Math.max(0, y - W); yy <= Math.min(height - 1, y + W); yy++) {
      for (let xx = Math.max(0, x - W); xx <= Math.min(width - 1, x + W); xx++) {
        const k = yy * width + xx;
        if (fg[k]) { inkN++; if (image.data[k] < inkLevel) inkD++; }
        if (!fg[k] || !(e[k] < 0)) continue;
        const v = Math.max(-4, Math.min(4, g[k]));
        n++; s += v; ss += v * v;
        if (!(g[k] > params.enhancementRidgeGapLevel)) dark++;
        const x2 = xx + tx, y2 = yy + ty;
        if (x2 < 0 || y2 < 0 || x2 >= width || y2 >= height) continue;
        const k2 = y2 * width + x2;
        if (!fg[k2] || !(e[k2] < 0)) continue;
        along += Math.abs(v - Math.max(-4, Math.min(4, g[k2]))); pairs++;
      }
    }
    let c = 0;
    for (const q of candidates) if ((q.x - x) ** 2 + (q.y - y) ** 2 <= CAND_RADIUS * CAND_RADIUS) c++;
    const row = {
      fill: fill.ridge[b] > 0 ? fill.dark[b] / fill.ridge[b] : NaN,
      fillLocal: n > 0 ? dark / n : NaN,
      ridgeStd: n > 1 ? Math.sqrt(Math.max(0, ss / n - (s / n) ** 2)) : NaN,
      alongDiff: pairs > 0 ? along / pairs : NaN,
      candidates: c,
      facing: facingDistance(template.minutiae, i),
      ink: inkN > 0 ? inkD / inkN : NaN,
    };
    MINUTIA_FEATURE_NAMES.forEach((name, f) => { row[name] = rated[i * F + f]; });
    for (const F of FOLDS) row[`qFill${F * 100}`] = m.quality * (Number.isFinite(row.fill) ? Math.min(1, row.fill / F) : 1);
    return row;
  });
}

// ---- pairings (fragile-pairings.mjs) and the measures of every template -----------------------
const { rows, perSet } = await comparePairings(dataDir, kind, seed);
log('pairings done');
const feats = new Map(); // `${set}:${index}` → per-minutia rows
const maps = new Map(); // `${set}:${index}` → the image's fill and coherence maps, for the other print's side of a pairing
/** The other print's texture where the pairing's rigid fit carries a minutia (500-ppi units): its fill and coherence there; NaN off its print. */
function otherSide(key, x500, y500) {
  const m = maps.get(key);
  const x = Math.round(x500 * m.scale), y = Math.round(y500 * m.scale);
  if (x < 0 || y < 0 || x >= m.width || y >= m.height || !m.fg[y * m.width + x]) return { fill: NaN, coherence: NaN };
  const f = m.fill, b = Math.min(f.rows - 1, (y / f.blockSize) | 0) * f.cols + Math.min(f.cols - 1, (x / f.blockSize) | 0);
  const ob = Math.min(m.og.rows - 1, (y / m.og.blockSize) | 0) * m.og.cols + Math.min(m.og.cols - 1, (x / m.og.blockSize) | 0);
  return { fill: f.ridge[b] > 0 ? f.dark[b] / f.ridge[b] : NaN, coherence: m.coherence[ob] };
}
for (const { name, set, templates, transform } of perSet) {
  templates.forEach((t, i) => {
    if (!t) return;
    const image = transform ? transform(set.items[i].image, i) : set.items[i].image;
    const analysis = analyzeFingerprint(image, params);
    let candidates = [];
    const sink = { enabled: true, emit: (key, a) => { if (key === 'extraction.minutiae.candidates') candidates = a.value; } };
    const again = extractFromAnalysis(image, analysis, params, sink);
    if (Object.keys(extra).length === 0 && JSON.stringify(again.minutiae) !== JSON.stringify(t.minutiae)) throw new Error(`${name} ${set.names[i]}: minutiae differ from the pairings' template`);
    feats.set(`${name}:${i}`, measure(image, t, analysis, candidates));
    const og = analysis.orientation.grid;
    maps.set(`${name}:${i}`, {
      fill: poolRidgeFill(analysis.normalized, analysis.enhanced, analysis.mask.pixels, params.blockSize, params.enhancementRidgeGapLevel),
      coherence: analysis.orientation.coherence, og, fg: analysis.mask.pixels, width: analysis.width, height: analysis.height, scale: t.ppi / 500,
    });
  });
  log(`${name}: measures`);
}
// per-print medians, for the within-print form
const medians = new Map();
for (const [key, list] of feats) {
  const med = {};
  for (const f of FEATURES) {
    const v = list.map((r) => r[f]).filter(Number.isFinite).sort((a, b) => a - b);
    med[f] = v.length ? v[Math.floor((v.length - 1) / 2)] : NaN;
  }
  medians.set(key, med);
}

// ---- observations ------------------------------------------------------------------------------
const REPEATABLE = new Set(['paired', 'rigid', 'warp']);
/** Per genuine row: [{ key, i, only }] for the own-pairing and the reference labels. */
function observations(r) {
  const own = [], ref = [];
  const kp = `${r.set}:${r.ia}`, kc = `${r.set}:${r.ib}`;
  if (r.dec) {
    const l = r.dec.labels();
    // with each, the other print's texture where the pairing's rigid fit carries it
    const side = (key, i, other, at) => { const o = otherSide(other, at[0], at[1]); const own = feats.get(key)[i]; return { otherFill: o.fill, otherCoherence: o.coherence, pairFill: Math.min(own.fill, o.fill), pairCoherence: Math.min(own.coherence, o.coherence) }; };
    l.p.forEach((lab, i) => { if (lab === 'none' || REPEATABLE.has(lab)) own.push({ key: kp, i, only: lab === 'none', extra: side(kp, i, kc, l.pInC[i]) }); });
    l.c.forEach((lab, j) => { if (lab === 'none' || REPEATABLE.has(lab)) own.push({ key: kc, i: j, only: lab === 'none', extra: side(kc, j, kp, l.cInP[j]) }); });
  }
  if (r.transMinutiae) {
    const t = r.transMinutiae, oP = new Set(t.onlyP), oC = new Set(t.onlyC);
    for (const i of t.overlapP) ref.push({ key: kp, i, only: oP.has(i) });
    for (const j of t.overlapC) ref.push({ key: kc, i: j, only: oC.has(j) });
  }
  return { own, ref };
}
const genuine = rows.filter((r) => r.genuine);
for (const r of genuine) r.obs = observations(r);
const groups = {
  'all genuine': (r) => true,
  'robust (n > 10)': (r) => r.pairs > 10,
  'fragile rejected': (r) => r.pairs <= 10 && !r.accepted,
  'fragile accepted': (r) => r.pairs <= 10 && r.accepted,
};

/** Mann–Whitney AUC of pos over neg (ties half): Σ over pos of (#neg below + ½ #neg equal) / (|pos| |neg|). */
function auc(posList, negList) {
  if (!posList.length || !negList.length) return NaN;
  const pos = Float64Array.from(posList).sort(), neg = Float64Array.from(negList).sort();
  let below = 0, upTo = 0, sum = 0;
  for (const v of pos) {
    while (below < neg.length && neg[below] < v) below++;
    if (upTo < below) upTo = below;
    while (upTo < neg.length && neg[upTo] <= v) upTo++;
    sum += below + 0.5 * (upTo - below);
  }
  return sum / (pos.length * neg.length);
}
function valueOf(o, f, within) {
  if (PAIR_FEATURES.includes(f)) return o.extra && !within ? SIGN[f] * o.extra[f] : NaN;
  const v = feats.get(o.key)[o.i][f];
  return SIGN[f] * (within ? v - medians.get(o.key)[f] : v);
}
/** AUC of feature f over the rows' observations of one label kind, with a bootstrap over rows. */
function separation(list, labelKind, f, within) {
  const per = list.map((r) => {
    const pos = [], neg = [];
    for (const o of r.obs[labelKind]) { const v = valueOf(o, f, within); if (Number.isFinite(v)) (o.only ? pos : neg).push(v); }
    return { pos, neg };
  }).filter((x) => x.pos.length + x.neg.length > 0);
  const pooled = (sample) => auc(sample.flatMap((x) => x.pos), sample.flatMap((x) => x.neg));
  const point = pooled(per);
  const boots = [];
  let state = 12345;
  const rand = () => { state = (state * 1103515245 + 12345) >>> 0; return state / 4294967296; };
  for (let b = 0; b < (BOOT_FEATURES.has(f) ? BOOT : 0) && per.length > 1; b++) boots.push(pooled(per.map(() => per[Math.floor(rand() * per.length)])));
  boots.sort((a, b) => a - b);
  const lo = boots.length ? boots[Math.floor(0.025 * boots.length)] : NaN, hi = boots.length ? boots[Math.ceil(0.975 * boots.length) - 1] : NaN;
  return { auc: point, lo, hi, pos: per.reduce((s, x) => s + x.pos.length, 0), neg: per.reduce((s, x) => s + x.neg.length, 0), rows: per.length };
}
const f2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const result = { kind, seed, groups: {} };
console.log(`dotted-minutiae ${kind}${kind === 'clean' ? '' : ` seed ${seed}`}; window ±${W} px, along-ridge step ${STEP} px, candidates within ${CAND_RADIUS} px; bootstrap ${BOOT} over pairings${Object.keys(extra).length ? `; measures with ${JSON.stringify(extra)}` : ''}`);
for (const labelKind of ['own', 'ref']) {
  for (const within of [false, true]) {
    console.log(`\nAUC, one-print-only over repeatable (${labelKind === 'own' ? "the pairing's own decomposition" : 'the transitive reference'}; ${within ? 'within print: less the print\'s median' : 'raw'}), [95 % over pairings]`);
    const names = Object.keys(groups);
    const counts = names.map((g) => { const s = separation(genuine.filter(groups[g]), labelKind, 'quality', within); return `${g} (${s.rows} pairings; ${s.pos} only / ${s.neg} rep.)`; });
    console.log(`| measure (sign) | ${counts.join(' | ')} |`);
    console.log(`|---|${names.map(() => '---').join('|')}|`);
    for (const f of FEATURES) {
      const cells = names.map((g) => {
        const s = separation(genuine.filter(groups[g]), labelKind, f, within);
        (result.groups[`${labelKind}${within ? ' within' : ''}|${g}`] ??= {})[f] = s;
        return `${f2(s.auc)} [${f2(s.lo)}, ${f2(s.hi)}]`;
      });
      console.log(`| ${f} (${SIGN[f] > 0 ? '+' : '−'}) | ${cells.join(' | ')} |`);
    }
  }
}

// ---- the measures' levels: per set, per group's prints, and the named prints --------------------
console.log('\nMedian of each measure per set (all minutiae) and for the named prints');
const showF = ['fill', 'fillLocal', 'ridgeStd', 'alongDiff', 'candidates', 'facing', 'ink', 'quality', 'coherence', 'agreement'];
console.log(`| prints | minutiae | ${showF.join(' | ')} |`);
console.log(`|---|---|${showF.map(() => '---').join('|')}|`);
const medOf = (list, f) => { const v = list.map((r) => r[f]).filter(Number.isFinite).sort((a, b) => a - b); return v.length ? v[Math.floor((v.length - 1) / 2)] : NaN; };
for (const { name } of perSet) {
  const list = [...feats].filter(([k]) => k.startsWith(`${name}:`)).flatMap(([, v]) => v);
  console.log(`| ${name} | ${list.length} | ${showF.map((f) => f2(medOf(list, f))).join(' | ')} |`);
}
for (const [sn, pn] of printList) {
  const ps = perSet.find((p) => p.name === sn);
  const i = ps ? ps.set.names.findIndex((n) => n.startsWith(`${pn}.`)) : -1;
  const list = i >= 0 ? feats.get(`${sn}:${i}`) : null;
  if (!list) { console.log(`| ${sn} ${pn} | – |`); continue; }
  console.log(`| ${sn} ${pn} | ${list.length} | ${showF.map((f) => f2(medOf(list, f))).join(' | ')} |`);
}
// ---- per print: is the print's texture what predicts how little of it repeats? ------------------
/** Spearman rank correlation (average ranks for ties). */
function spearman(xs, ys) {
  const rank = (v) => { const idx = v.map((x, i) => [x, i]).sort((p, q) => p[0] - q[0]); const r = new Array(v.length); for (let i = 0; i < idx.length;) { let j = i; while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++; for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2; i = j + 1; } return r; };
  const rx = rank(xs), ry = rank(ys), n = xs.length, mx = rx.reduce((s, v) => s + v, 0) / n, my = ry.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (rx[i] - mx) * (ry[i] - my); sxx += (rx[i] - mx) ** 2; syy += (ry[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}
const perPrint = new Map(); // key → { only, all, everPaired: Set }
for (const r of genuine) for (const o of r.obs.own) {
  const p = perPrint.get(o.key) ?? { only: 0, all: 0, paired: new Set() };
  p.all++; if (o.only) p.only++; else p.paired.add(o.i);
  perPrint.set(o.key, p);
}
const printRows = [...perPrint].filter(([, p]) => p.all >= 10).map(([key, p]) => {
  const [setName, idx] = key.split(':');
  const ps = perSet.find((q) => q.name === setName);
  return { key, name: `${setName} ${ps.set.names[Number(idx)].replace(/\.[a-z]+$/i, '')}`, share: p.only / p.all, never: 1 - p.paired.size / feats.get(key).length, count: feats.get(key).length, med: medians.get(key) };
});
const corrF = ['fill', 'fillLocal', 'ridgeStd', 'alongDiff', 'candidates', 'facing', 'ink', 'quality', 'coherence', 'agreement', 'enhancedRms', 'density'];
console.log(`\nPer print (${printRows.length} prints with ≥ 10 own-label observations): Spearman correlation of the print's median measure (signed as above) with its one-print-only share over its genuine pairings, and with the share of its minutiae never repeatable (in no genuine pairing paired or a near miss)`);
console.log(`| | ${corrF.join(' | ')} | minutiae count |`);
console.log(`|---|${corrF.map(() => '---').join('|')}|---|`);
for (const [label, get] of [['one-print-only share', (r) => r.share], ['never repeatable share', (r) => r.never]]) {
  console.log(`| ${label} | ${corrF.map((f) => f2(spearman(printRows.map((r) => SIGN[f] * r.med[f]), printRows.map(get)))).join(' | ')} | ${f2(spearman(printRows.map((r) => r.count), printRows.map(get)))} |`);
}
printRows.sort((p, q) => q.share - p.share);
console.log('\nThe 12 least repeatable prints (own labels), against the median print');
console.log('| print | one-print-only share | never repeatable | minutiae | fill | candidates | quality | coherence |');
console.log('|---|---|---|---|---|---|---|---|');
const mid = (f) => medOf(printRows.map((r) => ({ v: r[f] ?? r.med[f] })), 'v');
for (const r of printRows.slice(0, 12)) console.log(`| ${r.name} | ${f2(r.share)} | ${f2(r.never)} | ${r.count} | ${f2(r.med.fill)} | ${f2(r.med.candidates)} | ${f2(r.med.quality)} | ${f2(r.med.coherence)} |`);
console.log(`| median print | ${f2(mid('share'))} | ${f2(mid('never'))} | ${f2(mid('count'))} | ${f2(medOf(printRows.map((r) => r.med), 'fill'))} | ${f2(medOf(printRows.map((r) => r.med), 'candidates'))} | ${f2(medOf(printRows.map((r) => r.med), 'quality'))} | ${f2(medOf(printRows.map((r) => r.med), 'coherence'))} |`);

// ---- an offline look at a pair-texture count discount ------------------------------------------
// Not the matcher: each comparison's final score times ((n1 · n2) / (w1 · w2))^(c/2) (c =
// countNormalisation), w a print's count with each of its overlap minutiae (paired or carried
// inside the other's valid area by the best pairing's rigid fit) whose pairFill (the lower of the
// two prints' fill there) is below F counted f. It ignores how the pairing's own growth, the
// overlap term's and the MCC gate's bands would move: a first sign only, for genuine and
// impostor comparisons alike (those without a pairing of ≥ 3 keep their score).
if (discounts.length) {
  const c = MATCHING_PARAMETERS.countNormalisation;
  const weightOf = (r, F, f) => {
    const l = r.dec.labels();
    const kp = `${r.set}:${r.ia}`, kc = `${r.set}:${r.ib}`;
    const count = (key, labels, other, at) => labels.reduce((w, lab, i) => {
      if (lab === 'outside') return w + 1;
      const o = otherSide(other, at[i][0], at[i][1]);
      const pf = Math.min(feats.get(key)[i].fill, o.fill);
      return w + (pf < F ? f : 1);
    }, 0);
    const w1 = count(kp, l.p, kc, l.pInC), w2 = count(kc, l.c, kp, l.cInP);
    return Math.pow((l.p.length * l.c.length) / (w1 * w2), c / 2);
  };
  console.log(`\nAn offline pair-texture count discount (final score × ((n1·n2)/(w1·w2))^(c/2), overlap minutiae with pairFill < F counted f): per-set EER % and FNMR at FMR 0.1 % %, and the genuine pairs on ≤ 10 pairs rejected at 0.1 %`);
  console.log('| F : f | EER DB1 / DB2 / DB3 / DB4 (mean) | FNMR at FMR 0.1 % DB1 / DB2 / DB3 / DB4 (mean) | fragile rejected | impostors with a pairing: mean factor | genuine: mean factor |');
  console.log('|---|---|---|---|---|---|');
  for (const [F, f] of [[0, 1], ...discounts]) {
    const eers = [], fnmrs = [];
    let rejected = 0, fi = 0, ni = 0, fg = 0, ng = 0;
    for (const { name, set } of perSet) {
      const n = set.fingers.length;
      const scores = new Float64Array(n * n);
      const setRows = rows.filter((r) => r.set === name);
      for (const r of setRows) {
        const k = F > 0 && r.dec ? weightOf(r, F, f) : 1;
        scores[r.ia * n + r.ib] = r.score * k;
        if (r.dec) { if (r.genuine) { fg += k; ng++; } else { fi += k; ni++; } }
      }
      eers.push(100 * allPairsErrorRates({ fingers: set.fingers, scores }).eer);
      const imp = setRows.filter((r) => !r.genuine).map((r) => scores[r.ia * n + r.ib]).sort((a, b) => b - a);
      const threshold = imp[Math.floor(0.001 * imp.length)];
      const gen = setRows.filter((r) => r.genuine);
      fnmrs.push((100 * gen.filter((r) => !(scores[r.ia * n + r.ib] > threshold)).length) / gen.length);
      rejected += gen.filter((r) => r.pairs <= 10 && !(scores[r.ia * n + r.ib] > threshold)).length;
    }
    const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
    console.log(`| ${F ? `${F} : ${f}` : 'off'} | ${eers.map(f2).join(' / ')} (${f2(mean(eers))}) | ${fnmrs.map(f2).join(' / ')} (${f2(mean(fnmrs))}) | ${rejected} | ${f2(fi / Math.max(1, ni))} | ${f2(fg / Math.max(1, ng))} |`);
  }
}

// ---- patches: the grey around a print's never-repeatable minutiae and around its most repeated ----
for (const [sn, pn] of patchList) {
  const ps = perSet.find((p) => p.name === sn);
  const i = ps ? ps.set.names.findIndex((n) => n.startsWith(`${pn}.`)) : -1;
  if (i < 0 || !ps.templates[i]) { log(`patches: no ${sn} ${pn}`); continue; }
  const key = `${sn}:${i}`, t = ps.templates[i];
  const image = ps.transform ? ps.transform(ps.set.items[i].image, i) : ps.set.items[i].image;
  const rep = new Float64Array(t.minutiae.length), seen = new Float64Array(t.minutiae.length);
  for (const r of genuine) for (const o of r.obs.own) if (o.key === key) { seen[o.i]++; if (!o.only) rep[o.i]++; }
  const order = t.minutiae.map((_, j) => j).filter((j) => seen[j] >= 2);
  const never = order.filter((j) => rep[j] === 0).slice(0, PATCHES);
  const most = order.filter((j) => rep[j] > 0).sort((x, y) => rep[y] / seen[y] - rep[x] / seen[x]).slice(0, PATCHES);
  const { default: sharp } = await import('sharp');
  const H = 24, Z = 3, side = (2 * H + 1) * Z, gap = 4;
  const tiles = [];
  const tile = async (j, row, col) => {
    const m = t.minutiae[j];
    const buf = Buffer.alloc(side * side * 3);
    for (let yy = 0; yy < side; yy++) for (let xx = 0; xx < side; xx++) {
      const x = m.x - H + Math.floor(xx / Z), y = m.y - H + Math.floor(yy / Z);
      const v = x >= 0 && y >= 0 && x < image.width && y < image.height ? image.data[y * image.width + x] : 255;
      const o = 3 * (yy * side + xx);
      buf[o] = buf[o + 1] = buf[o + 2] = v;
    }
    const c = row === 0 ? '#ff0000' : '#00c000', dx = Math.cos(m.angle) * 30, dy = -Math.sin(m.angle) * 30, h = H * Z + Z / 2;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><circle cx="${h}" cy="${h}" r="9" fill="none" stroke="${c}" stroke-width="2"/><line x1="${h}" y1="${h}" x2="${h + dx}" y2="${h + dy}" stroke="${c}" stroke-width="2"/></svg>`;
    tiles.push({ input: await sharp(buf, { raw: { width: side, height: side, channels: 3 } }).composite([{ input: Buffer.from(svg) }]).png().toBuffer(), left: col * (side + gap), top: row * (side + gap) });
  };
  for (const [c, j] of never.entries()) await tile(j, 0, c);
  for (const [c, j] of most.entries()) await tile(j, 1, c);
  const file = `${patchDir}/${sn}_${pn}${kind === 'clean' ? '' : `_${kind}${seed}`}.png`;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(patchDir, { recursive: true });
  await sharp({ create: { width: PATCHES * (side + gap), height: 2 * (side + gap), channels: 3, background: '#ffffff' } }).composite(tiles).png().toFile(file);
  const fmt = (list) => list.map((j) => `(${t.minutiae[j].x},${t.minutiae[j].y}) q${t.minutiae[j].quality} fill ${f2(feats.get(key)[j].fill)} ${rep[j]}/${seen[j]}`).join('; ');
  console.log(`\npatches ${file} (±${H} px ×${Z}): top, never repeatable (red): ${fmt(never)}\n  bottom, most repeated (green): ${fmt(most)}`);
}

if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ ...result, minutiae: Object.fromEntries(feats), medians: Object.fromEntries(medians), rows: genuine.map((r) => ({ set: r.set, a: r.a, b: r.b, ia: r.ia, ib: r.ib, pairs: r.pairs, accepted: r.accepted, score: r.score, obs: r.obs })) }));
}
log('done');
