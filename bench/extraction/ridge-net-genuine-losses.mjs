#!/usr/bin/env node
// Where the learned ridge enhancer (`ridgeNetBlend`) moves minutiae, and which of them carried the
// genuine pairs it loses (issue 12, enhsing). Every clean image of the 500-ppi FVC2002 B sets
// (DB1, DB3, DB4) is analysed once with the shipped parameters; the enhanced image is then used
// as is (off) and with the network blended in at weight W (on: blendRidgeNet on the same
// analysis, which is what analyzeFingerprint does last), and both extracted. Each image's
// minutiae are compared off against on: kept (within 12 px and 30°), moved (within 20 px and 45°
// but not kept), lost (off only), new (on only). Every minutia gets a place, the first that
// applies: singular (within S px of a core or delta that findSingularRegion finds on the image's
// own field), edge (within E px of the mask's edge or the image's), low coherence (its block's
// field coherence below C), elsewhere; the share of foreground pixels in each place is the
// baseline. Then every genuine pair is scored off and on (scoreEvalSet, the eval's scores); for
// the N pairs per set whose standing among the set's impostor scores drops most (share of impostors at or above them, off → on), the off pairing's paired minutiae (the shipped
// matcher's best pairing) are followed into the on templates: still there in both images, or
// gone / moved in one, and where.
//
//   node bench/extraction/ridge-net-genuine-losses.mjs DATA_DIR [--blend W] [--list N] [--singular S] [--edge E] [--coherence C] [--on JSON] [--kind KIND --seed S] [--json FILE]
//
// --kind, --seed: every image perturbed first, with the seeds paired-option.mjs uses (default clean).
// --on: further parameters of the on arm (a gate, e.g. '{"ridgeNetSingularRadius":40}').
//
// Counts and the per-pair listing to stdout. Figures in bench/RESULTS.md (enhsing).
import { writeFileSync } from 'node:fs';
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, blendRidgeNet } from '../../dist/extraction/index.js';
import { findSingularRegion } from '../../dist/extraction/find-singular-region.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { prepareTemplate, compareTemplatesDetailed } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); if (i < 0) return dflt; const v = args.splice(i, 2)[1]; return v; };
const W = Number(opt('--blend', '0.5'));
const listN = Number(opt('--list', '8'));
const S = Number(opt('--singular', '40'));
const E = Number(opt('--edge', '16'));
const C = Number(opt('--coherence', '0.5'));
const jsonOut = opt('--json', null);
const onJson = opt('--on', null);
const kind = opt('--kind', 'clean');
const seed = Number(opt('--seed', '1'));
const [dataDir] = args;
if (!dataDir) {
  process.stderr.write('usage: ridge-net-genuine-losses.mjs DATA_DIR [--blend W] [--list N] [--singular S] [--edge E] [--coherence C] [--on JSON] [--kind KIND --seed S] [--json FILE]\n');
  process.exit(2);
}
const P = EXTRACTION_PARAMETERS;
const PON = { ...P, ridgeNetBlend: W, ...(onJson ? JSON.parse(onJson) : {}) };
const D = `${dataDir}/fvc2002`;
const names = ['DB1', 'DB3', 'DB4'];
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB3_B`, `${D}/DB4_B`]);
const suiteIndex = [0, 2, 3]; // the sets' places in the suite's list (DB2 is left out), for the perturbation seeds
const PLACES = ['singular', 'edge', 'lowcoh', 'elsewhere'];

const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
/** Index of the nearest minutia of `list` within r px and a radians, or −1. */
function nearest(m, list, r, a) {
  let best = -1, bd = Infinity;
  for (let k = 0; k < list.length; k++) {
    const n = list[k];
    const d = Math.hypot(n.x - m.x, n.y - m.y);
    if (d <= r && d < bd && angDiff(n.angle, m.angle) <= a) { best = k; bd = d; }
  }
  return best;
}

/** The place of a pixel in an analysis: singular / edge / lowcoh / elsewhere, and its distances. */
function placeOf(ctx, x, y) {
  const { a, points } = ctx;
  const xi = Math.min(a.width - 1, Math.max(0, Math.round(x))), yi = Math.min(a.height - 1, Math.max(0, Math.round(y)));
  let ds = Infinity;
  for (const [px, py] of points) ds = Math.min(ds, Math.hypot(px - xi, py - yi));
  if (ds <= S) return 'singular';
  if (distanceToBackground(a.mask.pixels, a.width, a.height, xi, yi, E + 1) <= E) return 'edge';
  const { blockSize: bs, cols } = a.orientation.grid;
  if (a.orientation.coherence[((yi / bs) | 0) * cols + ((xi / bs) | 0)] < C) return 'lowcoh';
  return 'elsewhere';
}

const report = { blend: W, singular: S, edge: E, coherence: C, sets: {} };
for (const [k, set] of sets.entries()) {
  const label = names[k];
  const n = set.items.length;
  const off = new Array(n).fill(null), on = new Array(n).fill(null), ctxs = new Array(n).fill(null), changes = new Array(n).fill(null);
  const area = Object.fromEntries(PLACES.map((p) => [p, 0]));
  const counts = { images: 0, off: 0, on: 0, withSingular: 0, ...Object.fromEntries(['kept', 'moved', 'lost', 'new'].flatMap((c) => PLACES.map((p) => [`${c} ${p}`, 0]))) };
  for (let i = 0; i < n; i++) {
    const item = set.items[i];
    if (!item || !('image' in item)) continue;
    const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, suiteIndex[k], i)).image;
    let a;
    try { a = analyzeFingerprint(image, P); } catch { continue; }
    const aOn = { ...a, enhanced: blendRidgeNet(a.enhanced, a.normalized, a.mask, PON, { orientation: a.orientation, frequency: a.frequency, image }) };
    const tOff = extractFromAnalysis(image, a, P, NO_DEBUG);
    const tOn = extractFromAnalysis(image, aOn, PON, NO_DEBUG);
    off[i] = tOff; on[i] = tOn;
    const sing = findSingularRegion(a.orientation, a.mask.blocks, P.singularRegionRadius);
    const ctx = { a, points: [...sing.cores, ...sing.deltas] };
    ctxs[i] = ctx;
    counts.images++; counts.off += tOff.minutiae.length; counts.on += tOn.minutiae.length;
    if (ctx.points.length) counts.withSingular++;
    // the baseline: foreground pixels by place (every 4th pixel)
    for (let y = 0; y < a.height; y += 4) for (let x = 0; x < a.width; x += 4) if (a.mask.pixels[y * a.width + x]) area[placeOf(ctx, x, y)]++;
    // off against on
    const fate = tOff.minutiae.map((m) => (nearest(m, tOn.minutiae, 12, Math.PI / 6) >= 0 ? 'kept' : nearest(m, tOn.minutiae, 20, Math.PI / 4) >= 0 ? 'moved' : 'lost'));
    const fresh = tOn.minutiae.map((m) => nearest(m, tOff.minutiae, 20, Math.PI / 4) < 0);
    tOff.minutiae.forEach((m, j) => counts[`${fate[j]} ${placeOf(ctx, m.x, m.y)}`]++);
    tOn.minutiae.forEach((m, j) => { if (fresh[j]) counts[`new ${placeOf(ctx, m.x, m.y)}`]++; });
    changes[i] = { fate, fresh };
  }
  const sOff = scoreEvalSet(set.fingers, off), sOn = scoreEvalSet(set.fingers, on);
  const rows = [];
  const impOff = [], impOn = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    if (set.fingers[a] !== set.fingers[b]) { impOff.push(sOff.scores[a * n + b]); impOn.push(sOn.scores[a * n + b]); continue; }
    if (!off[a] || !off[b]) continue;
    rows.push({ a, b, off: sOff.scores[a * n + b], on: sOn.scores[a * n + b] });
  }
  // a genuine pair's standing: the share of the set's impostor pairs scoring at least as high
  const above = (imp, s) => imp.reduce((c, v) => c + (v >= s ? 1 : 0), 0) / imp.length;
  for (const r of rows) { r.fmrOff = above(impOff, r.off); r.fmrOn = above(impOn, r.on); }
  rows.sort((x, y) => (y.fmrOn - y.fmrOff) - (x.fmrOn - x.fmrOff) || (y.off - y.on) - (x.off - x.on));
  const genuineDrop = rows.reduce((s, r) => s + (r.off - r.on), 0);
  const worse = rows.filter((r) => r.fmrOn > r.fmrOff).length, better = rows.filter((r) => r.fmrOn < r.fmrOff).length;
  console.log(`\n${label}: genuine pairs standing worse ${worse}, better ${better} (share of impostors at or above)`);
  // fragility: the off pairing's size and the smaller minutia count of the pair, for the pairs
  // whose standing drops by more than 1 point (share of impostors), rises by more, and all
  const prepOff = off.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  for (const r of rows) {
    r.paired = compareTemplatesDetailed(prepOff[r.a], prepOff[r.b], MATCHING_PARAMETERS).pairs.length;
    r.fewer = Math.min(off[r.a].minutiae.length, off[r.b].minutiae.length);
  }
  const describe = (list) => {
    const m = (f) => (list.length ? (list.reduce((s, r) => s + f(r), 0) / list.length).toFixed(1) : '–');
    return `${list.length} pairs, paired off ${m((r) => r.paired)}, fewer minutiae ${m((r) => r.fewer)}, paired ≤ 10: ${list.filter((r) => r.paired <= 10).length}`;
  };
  const dropped = rows.filter((r) => r.fmrOn - r.fmrOff > 0.01), rose = rows.filter((r) => r.fmrOff - r.fmrOn > 0.01);
  const fragile = rows.filter((r) => r.paired <= 10);
  console.log(`${label} fragility: standing dropped > 1 point: ${describe(dropped)}; rose: ${describe(rose)}; all genuine: ${describe(rows)}; of the ${fragile.length} with ≤ 10 paired off, ${fragile.filter((r) => r.fmrOn - r.fmrOff > 0.01).length} dropped, ${fragile.filter((r) => r.fmrOff - r.fmrOn > 0.01).length} rose`);
  const gains = { pairs: 0, paired: 0, ...Object.fromEntries(PLACES.map((p) => [`new ${p}`, 0])) };
  for (const r of rose) {
    const pOn = compareTemplatesDetailed(prepareTemplate(on[r.a], MATCHING_PARAMETERS), prepareTemplate(on[r.b], MATCHING_PARAMETERS), MATCHING_PARAMETERS);
    gains.pairs++;
    for (const q of pOn.pairs) {
      gains.paired++;
      for (const [img, idx] of [[r.a, q.probe], [r.b, q.candidate]]) {
        if (!changes[img].fresh[idx]) continue;
        const m = on[img].minutiae[idx];
        gains[`new ${placeOf(ctxs[img], m.x, m.y)}`]++;
        break;
      }
    }
  }
  console.log(`${label} gains: the ${gains.pairs} pairs whose standing rose > 1 point hold ${gains.paired} paired minutiae on; new with the network (in either image), by place: ${PLACES.map((p) => `${p} ${gains[`new ${p}`]}`).join(', ')}`);
  const worst = rows.slice(0, listN);
  const carried = { pairs: 0, bothKept: 0, ...Object.fromEntries(PLACES.flatMap((p) => [[`gone ${p}`, 0], [`moved ${p}`, 0]])) };
  const listing = [];
  for (const r of worst) {
    const pOff = compareTemplatesDetailed(prepareTemplate(off[r.a], MATCHING_PARAMETERS), prepareTemplate(off[r.b], MATCHING_PARAMETERS), MATCHING_PARAMETERS);
    const pOn = compareTemplatesDetailed(prepareTemplate(on[r.a], MATCHING_PARAMETERS), prepareTemplate(on[r.b], MATCHING_PARAMETERS), MATCHING_PARAMETERS);
    const row = { pair: `${set.names[r.a]}–${set.names[r.b]}`, off: +r.off.toFixed(1), on: +r.on.toFixed(1), fmr: `${(100 * r.fmrOff).toFixed(1)}→${(100 * r.fmrOn).toFixed(1)} %`, rawOff: +pOff.score.toFixed(1), rawOn: +pOn.score.toFixed(1),
      pairedOff: pOff.pairs.length, pairedOn: pOn.pairs.length,
      minutiae: `${off[r.a].minutiae.length}→${on[r.a].minutiae.length} / ${off[r.b].minutiae.length}→${on[r.b].minutiae.length}`,
      singular: `${ctxs[r.a].points.length} / ${ctxs[r.b].points.length}`, bothKept: 0, gone: {}, moved: {}, newPlaces: {}, lostPlaces: {} };
    for (const q of pOff.pairs) {
      carried.pairs++;
      const fa = changes[r.a].fate[q.probe], fb = changes[r.b].fate[q.candidate];
      if (fa === 'kept' && fb === 'kept') { carried.bothKept++; row.bothKept++; continue; }
      // the image where it changed (the worse fate), and its place there
      const [img, idx, fate] = fa === 'lost' || (fa === 'moved' && fb === 'kept') ? [r.a, q.probe, fa] : [r.b, q.candidate, fb];
      const m = off[img].minutiae[idx];
      const place = placeOf(ctxs[img], m.x, m.y);
      const key = fate === 'lost' ? 'gone' : 'moved';
      carried[`${key} ${place}`]++;
      row[key][place] = (row[key][place] ?? 0) + 1;
    }
    for (const img of [r.a, r.b]) {
      on[img].minutiae.forEach((m, j) => { if (changes[img].fresh[j]) { const p = placeOf(ctxs[img], m.x, m.y); row.newPlaces[p] = (row.newPlaces[p] ?? 0) + 1; } });
      off[img].minutiae.forEach((m, j) => { if (changes[img].fate[j] === 'lost') { const p = placeOf(ctxs[img], m.x, m.y); row.lostPlaces[p] = (row.lostPlaces[p] ?? 0) + 1; } });
    }
    listing.push(row);
  }
  const totalArea = PLACES.reduce((s, p) => s + area[p], 0);
  const areaShare = Object.fromEntries(PLACES.map((p) => [p, +(area[p] / totalArea).toFixed(3)]));
  report.sets[label] = { counts, areaShare, genuinePairs: rows.length, genuineDrop: +genuineDrop.toFixed(1), worstDrop: +worst.reduce((s, r) => s + r.off - r.on, 0).toFixed(1), carried, listing };
  const fmt = (c) => PLACES.map((p) => `${p} ${counts[`${c} ${p}`]}`).join(', ');
  console.log(`\n== ${label}: ${counts.images} images (${counts.withSingular} with a singular point), minutiae off ${(counts.off / counts.images).toFixed(1)} → on ${(counts.on / counts.images).toFixed(1)} per image`);
  console.log(`area share: ${PLACES.map((p) => `${p} ${(100 * areaShare[p]).toFixed(1)} %`).join(', ')}`);
  for (const c of ['kept', 'moved', 'lost', 'new']) console.log(`${c.padEnd(5)}: ${fmt(c)}`);
  console.log(`genuine pairs ${rows.length}, summed score drop ${genuineDrop.toFixed(1)}; the ${listN} worst carry ${report.sets[label].worstDrop}`);
  console.log(`their off pairings: ${carried.pairs} paired minutiae, ${carried.bothKept} kept in both; gone: ${PLACES.map((p) => `${p} ${carried[`gone ${p}`]}`).join(', ')}; moved: ${PLACES.map((p) => `${p} ${carried[`moved ${p}`]}`).join(', ')}`);
  for (const row of listing) console.log(JSON.stringify(row));
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 1));
