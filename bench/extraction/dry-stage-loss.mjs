#!/usr/bin/env node
// Where the dry perturbation loses and adds minutiae, stage by stage (issue 12): each FVC2002 B
// image extracted clean and dry (the seeds `afis eval perturb --kinds dry` uses), and every clean
// minutia (final template) looked for in the dry image after each stage: inside the dry mask and
// away from its border, among the endings of the raw skeleton graphs (binarisation + thinning),
// after the skeleton cleaning, after the minutia filters (12 px, 30°). Split by the eroded half
// (E) and the other (N). The dry template's false minutiae (no clean counterpart) by half, type,
// nearness to a blob, and for endings why the gap rule did not join them to a facing ending; and
// per stage and half, the dry minutiae with no counterpart among the clean image's at that stage.
// Also the enhanced image's sign flips in the eroded half inside both masks.
//
//   node bench/extraction/dry-stage-loss.mjs DATA_DIR [SETS] ['{"PARAM":VALUE}'] [STEP]
//
// SETS: comma-separated, of DB1_B,DB2_B@569,DB3_B,DB4_B (default all); the parameters apply to
// both images (with DRYONLY=1 to the dry image only, to find which step loses what); STEP takes
// every STEP-th image (default 1). Figures in bench/RESULTS.md.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import {
  analyzeFingerprint, binarizeRidges, thinSkeleton, traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae,
  removeFalseMinutiae, checkMinutiae,
} from '../../dist/extraction/index.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { directionInto, pointsFrom } from '../../dist/extraction/remove-skeleton-artifacts.js';
import { drawDryLayout, perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, setsArg, changes, stepArg] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dry-stage-loss.mjs DATA_DIR [SETS] ['{\"PARAM\":VALUE}'] [STEP]\n");
  process.exit(2);
}
const D = `${dataDir}/fvc2002`;
const only = setsArg ? setsArg.split(',') : ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const P = { ...EXTRACTION_PARAMETERS, ...(changes ? JSON.parse(changes) : {}) };
const step = Number(stepArg ?? 1);
const all = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(only.map((s) => `${D}/${s}`));

const angDiff = (a, b) => { let d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const matches = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.direction, m.direction) <= Math.PI / 6);

/** The pipeline of extractFromAnalysis with its intermediate minutia lists. */
const C = process.env.DRYONLY ? EXTRACTION_PARAMETERS : P;
function stages(image, P) {
  const a = analyzeFingerprint(image, P);
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const rs = thinSkeleton(ridges), vs = thinSkeleton(valleys);
  const raw = detectMinutiae(traceSkeletonGraph(rs), traceSkeletonGraph(vs), P);
  const rg = removeSkeletonArtifacts(traceSkeletonGraph(rs), P);
  const vg = removeSkeletonArtifacts(traceSkeletonGraph(vs), P);
  const cleaned = detectMinutiae(rg, vg, P);
  const final = checkMinutiae(removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, P, a.frequency), a, P);
  return { a, raw, cleaned, final, rg };
}

/** The blob weight map and the eroded half of dryRidges (the perturbation's own layout, same draws). */
function dryLayout(image, seed) {
  const { width, height } = image;
  const { eroded, blobWeight: weight } = drawDryLayout(width, height, createRng(seed), PERTURBATION_PARAMETERS);
  const nearBlob = (x, y, r) => {
    for (let yy = Math.max(0, Math.round(y) - r); yy <= Math.min(height - 1, Math.round(y) + r); yy++) {
      for (let xx = Math.max(0, Math.round(x) - r); xx <= Math.min(width - 1, Math.round(x) + r); xx++) if (weight[yy * width + xx] > 0) return true;
    }
    return false;
  };
  return { eroded, nearBlob };
}

for (const s of sets) {
  const k = all.indexOf(s.label.split('/').pop());
  const t = { E: {}, N: {}, false: {}, gap: {}, flips: { ridgeToValley: 0, valleyToRidge: 0, pixels: 0 } };
  const inc = (o, key) => { o[key] = (o[key] ?? 0) + 1; };
  for (let i = 0; i < s.items.length; i += step) {
    const img = s.items[i].image;
    const seed = mixSeed(1, 0, k, i);
    const dry = perturbImage(img, 'dry', seed).image;
    const { eroded, nearBlob } = dryLayout(img, seed);
    const c = stages(img, C), d = stages(dry, P);
    const { width, height } = img;
    for (const m of c.final) {
      const h = eroded(m.x, m.y) ? t.E : t.N;
      inc(h, 'clean');
      let stage;
      const inMask = d.a.mask.pixels[Math.round(m.y) * width + Math.round(m.x)] &&
        distanceToBackground(d.a.mask.pixels, width, height, Math.round(m.x), Math.round(m.y), P.borderDistance) >= P.borderDistance;
      if (!inMask) stage = 'mask/border';
      else if (!matches(m, d.raw)) stage = 'binarise+thin';
      else if (!matches(m, d.cleaned)) stage = 'cleaning';
      else if (!matches(m, d.final)) stage = 'filters';
      if (stage) { inc(h, `lost ${stage}`); inc(h, 'lost'); if (nearBlob(m.x, m.y, 6)) inc(h, 'lost near blob'); }
    }
    // false minutiae at each stage: the dry image's minutiae with no counterpart among the clean
    // image's at the same stage, by half (raw graphs, after the cleaning, final template)
    for (const [stage, dl, cl] of [['raw', d.raw, c.raw], ['cleaned', d.cleaned, c.cleaned], ['final', d.final, c.final]]) {
      for (const m of dl) {
        const half = eroded(m.x, m.y) ? 'E' : 'N';
        inc(t.false, `${stage} ${half} all`);
        if (!matches(m, cl)) inc(t.false, `${stage} ${half} false`);
      }
    }
    // false minutiae of the dry template
    const dryEndings = d.final.filter((n) => n.type === 'ending');
    for (const m of d.final) {
      if (matches(m, c.final)) continue;
      const half = eroded(m.x, m.y) ? 'E' : 'N';
      const blob = nearBlob(m.x, m.y, 6) ? 'blob' : 'noblob';
      inc(t.false, `${half} ${m.type} ${blob}`);
      inc(t.false, 'all');
      if (matches(m, c.raw)) inc(t.false, 'in clean raw');
      if (m.type !== 'ending') continue;
      // the nearest other dry ending within 30 px: which gap test fails
      let best = null;
      for (const n of dryEndings) {
        if (n === m) continue;
        const dd = Math.hypot(n.x - m.x, n.y - m.y);
        if (dd <= 30 && (!best || dd < best.dd)) best = { n, dd };
      }
      if (!best) { inc(t.gap, 'no ending within 30'); continue; }
      const { n, dd } = best;
      const dx = n.x - m.x, dy = n.y - m.y;
      const ax = -Math.cos(m.direction), ay = -Math.sin(m.direction);
      const bx = -Math.cos(n.direction), by = -Math.sin(n.direction);
      const facing = ax * dx + ay * dy > 0 && -(bx * dx + by * dy) > 0;
      const lat = Math.max(Math.abs(ax * dy - ay * dx), Math.abs(bx * dy - by * dx));
      const anti = angDiff(m.direction, n.direction + Math.PI);
      const partnerTrue = matches(n, c.final);
      const why = !facing ? 'not facing' : dd > P.gapMaxDistance ? `facing, gap ${dd <= 25 ? '20-25' : '25-30'}` : lat > P.gapMaxLateral ? `facing, lateral ${lat <= 6 ? '3.5-6' : '>6'}` : anti > P.gapMaxAngle ? 'facing, angle' : 'facing, passes (joined later?)';
      inc(t.gap, `${why}${partnerTrue ? ' (partner true)' : ''}`);
    }
    // sign flips of the enhanced image in the eroded half inside both masks
    const ec = c.a.enhanced.data, ed = d.a.enhanced.data;
    for (let y = 0; y < height; y += 2) for (let x = 0; x < width; x += 2) {
      const q = y * width + x;
      if (!eroded(x, y) || !c.a.mask.pixels[q] || !d.a.mask.pixels[q]) continue;
      t.flips.pixels++;
      if (ec[q] < 0 && ed[q] >= 0) t.flips.ridgeToValley++;
      if (ec[q] >= 0 && ed[q] < 0) t.flips.valleyToRidge++;
    }
  }
  console.log(s.label.split('/').pop(), JSON.stringify(t, null, 1));
}
