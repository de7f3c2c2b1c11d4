#!/usr/bin/env node
// Where the dry perturbation's lost minutiae go, and which losses cost the EER (issue 12, dry4).
// Each FVC2002 B image is extracted clean and dry (the seeds `afis eval perturb --kinds dry`
// uses; the perturbation is pixel-aligned, so the clean template of the same image is the
// pseudo-truth). A clean minutia is lost when the dry template has none within 12 px and 30°.
// Every lost minutia gets
// - a region: within 6 px of a white blob (either half), else the eroded half, else elsewhere;
// - a stage, the first that applies: mask (outside the dry mask or within `borderDistance` of its
//   edge), field (the dry orientation at the minutia's block differs from the clean one by more
//   than 15°), moved (a dry minutia within 20 px and 45°, i.e. displaced or turned beyond the
//   12 px / 30° match), skeleton (no ending or fork of the dry image's uncleaned ridge or valley
//   graphs within 12 px / 30°: binarisation of the enhanced image and thinning did not draw it),
//   cleaning (in the uncleaned graphs, not after `removeSkeletonArtifacts`: a broken ridge's
//   spurious piece removed with the minutia), filters (after the cleaning, not in the template).
// Then the oracle: the dry templates with the lost minutiae of one category put back (the clean
// minutia itself), scored and paired against the dry templates as extracted (whole fingers
// resampled, 300 rounds).
//
//   node bench/extraction/dry-loss-categories.mjs DATA_DIR [SEED] ['{"PARAM":VALUE}']
//
// Counts go to stderr as they come; the JSON (counts, oracle, per-set EERs) to stdout. Figures
// in bench/RESULTS.md ("The dry perturbation's lost minutiae", dry4).
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG, normalizeAngle } from '../../dist/core/index.js';
import {
  analyzeFingerprint, extractFromAnalysis, binarizeRidges, thinSkeleton, traceSkeletonGraph, removeSkeletonArtifacts, detectMinutiae,
} from '../../dist/extraction/index.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { openEndPixels } from '../../dist/extraction/remove-skeleton-artifacts.js';
import { mapThinRidges } from '../../dist/extraction/map-thin-ridges.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { drawDryLayout, perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { changesAgainstFirst } from './variant-changes.mjs';

const [dataDir, seedText = '1', changes] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dry-loss-categories.mjs DATA_DIR [SEED] ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const seed = Number(seedText);
const P = { ...EXTRACTION_PARAMETERS, ...(changes ? JSON.parse(changes) : {}) };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list, r = 12, a = Math.PI / 6) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= r && angDiff(n.angle, m.angle) <= a);
const REGIONS = ['blob', 'eroded', 'elsewhere'];
const STAGES = ['mask', 'field', 'moved', 'skeleton', 'cleaning', 'filters'];

/** The skeleton stages of extractFromAnalysis: candidates of the uncleaned and of the cleaned graphs (template angles). */
function skeletonStages(a) {
  const { width, height } = a;
  const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
  const rr = traceSkeletonGraph(thinSkeleton(ridges)), vr = traceSkeletonGraph(thinSkeleton(valleys));
  const toAngle = (m) => ({ x: m.x, y: m.y, angle: normalizeAngle(-m.direction) });
  const raw = detectMinutiae(rr, vr, P).map(toAngle);
  const open = openEndPixels(a.mask.pixels, width, height, P);
  const thin = mapThinRidges(a.normalized, a.mask, P);
  const cleaned = detectMinutiae(removeSkeletonArtifacts(rr, P, open, thin), removeSkeletonArtifacts(vr, P, open, thin), P).map(toAngle);
  return { raw, cleaned };
}

/** The orientation (0…π) of the field's block holding the pixel. */
function fieldAngle(a, x, y) {
  const { blockSize: bs, cols } = a.orientation.grid;
  return a.orientation.angle[((y / bs) | 0) * cols + ((x / bs) | 0)];
}
const lineDiff = (s, t) => { const d = Math.abs(s - t) % Math.PI; return Math.min(d, Math.PI - d); };

const counts = {};
const inc = (key, n = 1) => { counts[key] = (counts[key] ?? 0) + n; };
// variants: dry as extracted; each region's losses back; each stage's losses back; every loss back; clean
const variants = ['dry', ...REGIONS.map((r) => `${r} back`), ...STAGES.map((s) => `${s} back`),
  ...['blob', 'eroded'].flatMap((r) => ['skeleton', 'cleaning'].map((s) => `${r}, ${s} back`)), 'all lost back', 'clean'];
const scored = variants.map(() => []);
for (const [k, s] of sets.entries()) {
  const label = ['DB1', 'DB2', 'DB3', 'DB4'][k];
  const out = variants.map(() => []);
  s.items.forEach((item, i) => {
    const image = item.image;
    const { width, height } = image;
    const sd = mixSeed(seed, 0, k, i);
    const dryImage = perturbImage(image, 'dry', sd).image;
    const { eroded, blobWeight } = drawDryLayout(width, height, createRng(sd), PERTURBATION_PARAMETERS);
    const nearBlob = (x, y, r) => {
      for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
        for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) if (blobWeight[yy * width + xx] > 0) return true;
      }
      return false;
    };
    const ca = analyzeFingerprint(image, P);
    const clean = extractFromAnalysis(image, ca, P, NO_DEBUG);
    const da = analyzeFingerprint(dryImage, P);
    const dry = extractFromAnalysis(dryImage, da, P, NO_DEBUG);
    const st = skeletonStages(da);
    const lost = { region: {}, stage: {}, pair: {} };
    const push = (o, key, m) => { (o[key] ??= []).push(m); };
    for (const m of clean.minutiae) {
      const region = nearBlob(m.x, m.y, 6) ? 'blob' : eroded(m.x, m.y) ? 'eroded' : 'elsewhere';
      inc(`${label} clean ${region}`);
      inc(`all clean ${region}`);
      if (near(m, dry.minutiae)) continue;
      let stage;
      if (!da.mask.pixels[m.y * width + m.x] || distanceToBackground(da.mask.pixels, width, height, m.x, m.y, P.borderDistance) < P.borderDistance) stage = 'mask';
      else if (lineDiff(fieldAngle(da, m.x, m.y), fieldAngle(ca, m.x, m.y)) > Math.PI / 12) stage = 'field';
      else if (near(m, dry.minutiae, 20, Math.PI / 4)) stage = 'moved';
      else if (!near(m, st.raw)) stage = 'skeleton';
      else if (!near(m, st.cleaned)) stage = 'cleaning';
      else stage = 'filters';
      for (const key of [`${label} lost ${region}`, `all lost ${region}`, `${label} lost ${region} ${stage}`, `all lost ${region} ${stage}`]) inc(key);
      push(lost.region, region, m);
      push(lost.stage, stage, m);
      push(lost.pair, `${region}, ${stage}`, m);
      push(lost, 'all', m);
    }
    const back = (extra) => ({ ...dry, minutiae: [...dry.minutiae, ...(extra ?? [])] });
    let v = 0;
    out[v++].push(dry);
    for (const r of REGIONS) out[v++].push(back(lost.region[r]));
    for (const s of STAGES) out[v++].push(back(lost.stage[s]));
    for (const r of ['blob', 'eroded']) for (const s of ['skeleton', 'cleaning']) out[v++].push(back(lost.pair[`${r}, ${s}`]));
    out[v++].push(back(lost.all));
    out[v++].push(clean);
  });
  out.forEach((templates, v) => scored[v].push(scoreEvalSet(s.fingers, templates)));
  process.stderr.write(`${label} done: ${JSON.stringify(Object.fromEntries(Object.entries(counts).filter(([key]) => key.startsWith(label))))}\n`);
}
const f = changesAgainstFirst(scored, seed);
const pct = (x) => (x * 100).toFixed(2);
const oracle = {};
f.forEach((e, i) => { oracle[i === 0 ? 'dry mean EER' : `${variants[i]} − dry`] = `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`; });
const perSet = Object.fromEntries(variants.map((name, i) => [name, scored[i].map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')]));
process.stdout.write(`${JSON.stringify({ seed, changes: changes ? JSON.parse(changes) : {}, counts, meanEerPercent: oracle, perSet }, null, 2)}\n`);
