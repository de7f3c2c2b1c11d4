#!/usr/bin/env node
// Which reader of the orientation field turns a field option into an EER change (issue 12): every
// image of the four FVC2002 B sets is analysed with the shipped parameters (field R) and with the
// option (field N; the mask and the normalised image do not read the field, so they are the same),
// and extracted in variants that each hand N to some of the field's readers and R to the rest:
//   shipped     R everywhere (the shipped extraction)
//   +period     the ridge-frequency stage samples its signatures along N (its period field then
//               chooses the enhancement's period bins); filters' orientation bins and gates from R
//   +filters    the enhancement's orientation bins from N; period field and gates from R
//   +enhance    both (the whole enhanced image from N); gates from R
//   +gates      the enhanced image from R; the minutia checks read N's coherence (the 0.05
//               coherence floor, each minutia's quality and so the 150 kept, the template quality)
//   option      N everywhere (the option as it ships)
//   anti        the enhancement from the field reflected about R (doubled angle 2·R − N: the
//               same change at every block, turned the other way; coherence R's), with its own
//               period field; gates from R. If N is nearer the truth than R, the anti field is
//               further from it by about as much, so (+enhance + anti) / 2 − shipped is what any
//               change of this size costs (re-drawing the minutiae where the ridges are
//               ambiguous) and anti − +enhance what the change's direction (its accuracy) buys
// All pairs scored per set, clean and (with KIND) perturbed with the seeds of
// `paired-option.mjs … KIND SEED`; each variant's mean EER and its paired change against shipped
// with 95 % intervals from resampling whole fingers. Per variant also the share of the shipped
// clean minutiae (≥ 16 px from the image sides) with none within 12 px / 30° ("moved") and the
// variant's count; and, in R's and N's mask blocks, the mean coherence, the share of blocks where
// the coarse scale takes part (coherence below `orientationBlendHigh`), the mean |N − R| of the
// per-pixel direction and the share of mask pixels whose filter orientation / period bin differs.
//
//   node bench/extraction/field-stages.mjs DATA_DIR '{"PARAM":VALUE}' [KIND|clean] [SEED]
//
// A second JSON object of changes (5th argument) is applied to every variant including shipped,
// to see a re-tuned reader with and without the field option, e.g. '{"orientationBlendLow":0.3}'.
// Figures in bench/RESULTS.md ("What reads the orientation field").
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { prepareAnalysis, analyzeFingerprint } from '../../dist/extraction/analyze-fingerprint.js';
import { extractFromAnalysis } from '../../dist/extraction/extract-template.js';
import { enhanceRidges, nearForeground, selectFilters } from '../../dist/extraction/enhance-ridges.js';
import { estimateRidgeFrequency } from '../../dist/extraction/estimate-ridge-frequency.js';
import { findBlankSpots } from '../../dist/extraction/find-blank-spots.js';
import { findRidgeGaps } from '../../dist/extraction/find-ridge-gaps.js';
import { sampleBlockMap } from '../../dist/extraction/filters.js';

const [dataDir, changes, kind = 'clean', seedText = '1', baseText = '{}'] = process.argv.slice(2);
if (!dataDir || !changes) {
  process.stderr.write("usage: field-stages.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND|clean] [SEED] ['{\"READER\":VALUE}']\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const base = { ...EXTRACTION_PARAMETERS, ...JSON.parse(baseText) };
const option = { ...base, ...JSON.parse(changes) };
const VARIANTS = ['shipped', '+period', '+filters', '+enhance', '+gates', 'option', 'anti'];
const USE = { // [period from N, filters from N, gates from N]
  shipped: [0, 0, 0], '+period': [1, 0, 0], '+filters': [0, 1, 0], '+enhance': [1, 1, 0], '+gates': [0, 0, 1], option: [1, 1, 1], anti: [2, 2, 0],
};
const BORDER = 16;
const stats = {};
const add = (key, num, den = 1) => { const t = (stats[key] ??= [0, 0]); t[0] += num; t[1] += den; };
let checked = false;

function enhance(image, prep, orientation, frequency, params) {
  const { width, height, mask, normalized } = prep;
  const region = nearForeground(mask.pixels, width, height, params.enhancementAcrossHalfLength + 1);
  const selection = selectFilters(width, height, orientation, frequency, params, region);
  const blank = findBlankSpots(image, mask.pixels, params);
  let enhanced = enhanceRidges(normalized, selection, mask.pixels, params, region, blank);
  const gaps = findRidgeGaps(normalized, enhanced, mask.pixels, params, blank);
  if (gaps) enhanced = enhanceRidges(normalized, selection, mask.pixels, params, region, gaps);
  return { enhanced, selection };
}

/** R's field with N's change turned the other way: doubled angle 2·R − N, R's coherence. */
function reflect(r, n) {
  const count = r.cos2.length;
  const cos2 = new Float32Array(count), sin2 = new Float32Array(count), angle = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    // (r)² · conj(n) as unit doubled-angle vectors
    const ar = r.cos2[i] * r.cos2[i] - r.sin2[i] * r.sin2[i], br = 2 * r.cos2[i] * r.sin2[i];
    const c = ar * n.cos2[i] + br * n.sin2[i], s = br * n.cos2[i] - ar * n.sin2[i];
    const m = Math.hypot(c, s) || 1;
    cos2[i] = c / m;
    sin2[i] = s / m;
    let a = 0.5 * Math.atan2(sin2[i], cos2[i]);
    if (a < 0) a += Math.PI;
    if (a >= Math.PI) a -= Math.PI;
    angle[i] = a;
  }
  return { grid: r.grid, cos2, sin2, angle, coherence: r.coherence };
}

/** Templates of every variant for one image (null when it fails to enrol). */
function variants(image, tally) {
  let R, N;
  try {
    R = prepareAnalysis(image, base);
    N = prepareAnalysis(image, option);
  } catch {
    return Object.fromEntries(VARIANTS.map((v) => [v, null]));
  }
  const fR = R.frequency;
  const fN = estimateRidgeFrequency(R.normalized, N.orientation, R.mask.blocks, base);
  const A = reflect(R.orientation, N.orientation);
  const fA = estimateRidgeFrequency(R.normalized, A, R.mask.blocks, base);
  const enh = {};
  const out = {};
  for (const v of VARIANTS) {
    const [p, f, g] = USE[v];
    const key = `${p}${f}`;
    const frequency = p === 2 ? fA : p ? fN : fR;
    enh[key] ??= enhance(image, R, f === 2 ? A : f ? N.orientation : R.orientation, frequency, base);
    const analysis = { ...R, orientation: g ? N.orientation : R.orientation, frequency, enhanced: enh[key].enhanced };
    out[v] = extractFromAnalysis(image, analysis, base, NO_DEBUG);
  }
  if (!checked) { // the shipped variant is the shipped extraction
    const S = analyzeFingerprint(image, base);
    const same = S.enhanced.data.every((x, i) => x === enh['00'].enhanced.data[i]);
    if (!same) throw new Error('shipped variant differs from analyzeFingerprint');
    checked = true;
  }
  if (tally) {
    const { width, height } = image;
    const { cols, rows, blockSize } = R.orientation.grid;
    for (let b = 0; b < R.mask.blocks.length; b++) {
      if (!R.mask.blocks[b]) continue;
      add('coherence mean R', R.orientation.coherence[b]);
      add('coherence mean N', N.orientation.coherence[b]);
      add('blocks with coarse share (coherence < blendHigh) R', R.orientation.coherence[b] < base.orientationBlendHigh ? 1 : 0);
      add('blocks with coarse share (coherence < blendHigh) N', N.orientation.coherence[b] < option.orientationBlendHigh ? 1 : 0);
      add('blocks mostly coarse (coherence < blendLow) R', R.orientation.coherence[b] < base.orientationBlendLow ? 1 : 0);
      add('blocks mostly coarse (coherence < blendLow) N', N.orientation.coherence[b] < option.orientationBlendLow ? 1 : 0);
    }
    const sR = enh['00'].selection, sF = enh['01'].selection, sP = enh['10'].selection;
    const bins = base.enhancementOrientationBins;
    for (let j = 0; j < width * height; j += 3) {
      if (!R.mask.pixels[j]) continue;
      const x = j % width, y = (j / width) | 0;
      const a = 0.5 * Math.atan2(sampleBlockMap(R.orientation.sin2, cols, rows, blockSize, x, y), sampleBlockMap(R.orientation.cos2, cols, rows, blockSize, x, y));
      const c = 0.5 * Math.atan2(sampleBlockMap(N.orientation.sin2, cols, rows, blockSize, x, y), sampleBlockMap(N.orientation.cos2, cols, rows, blockSize, x, y));
      let d = Math.abs(a - c);
      if (d > Math.PI / 2) d = Math.PI - d;
      add('direction |N - R| per mask pixel, degrees (mean)', (d * 180) / Math.PI);
      let od = Math.abs(sF.orientationBin[j] - sR.orientationBin[j]);
      if (od > bins / 2) od = bins - od;
      add('orientation bin differs (+filters), % of mask pixels', od ? 100 : 0);
      add('period bin differs (+period), % of mask pixels', sP.periodBin[j] !== sR.periodBin[j] ? 100 : 0);
      add('period |N - R| per mask pixel, px (mean)', Math.abs(sampleBlockMap(fN.period, cols, rows, blockSize, x, y) - sampleBlockMap(fR.period, cols, rows, blockSize, x, y)));
    }
    const ref = out.shipped.minutiae.filter((m) => m.x >= BORDER && m.y >= BORDER && m.x < width - BORDER && m.y < height - BORDER);
    const near = (m, c) => (m.x - c.x) ** 2 + (m.y - c.y) ** 2 <= 144 && Math.abs(((m.angle - c.angle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI) <= Math.PI / 6;
    for (const v of VARIANTS) {
      const moved = ref.filter((m) => !out[v].minutiae.some((c) => near(m, c))).length;
      add(`minutiae: shipped's moved in ${v}, %`, 100 * moved, ref.length);
      add(`minutiae: count per image, ${v}`, out[v].minutiae.length);
    }
  }
  return out;
}

const runs = { clean: Object.fromEntries(VARIANTS.map((v) => [v, []])), perturbed: Object.fromEntries(VARIANTS.map((v) => [v, []])) };
for (const [k, set] of sets.entries()) {
  for (const mode of kind === 'clean' ? ['clean'] : ['clean', 'perturbed']) {
    const templates = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    for (const [i, item] of set.items.entries()) {
      if (!item || !('image' in item)) { for (const v of VARIANTS) templates[v].push(null); continue; }
      const image = mode === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
      const t = variants(image, mode === 'clean');
      for (const v of VARIANTS) templates[v].push(t[v]);
    }
    for (const v of VARIANTS) runs[mode][v].push(scoreEvalSet(set.fingers, templates[v]));
  }
  process.stderr.write(`set ${k + 1} done\n`);
}
const modes = kind === 'clean' ? ['clean'] : ['clean', 'perturbed'];
const list = modes.flatMap((m) => VARIANTS.map((v) => runs[m][v]));
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const est = bootstrapErrorRates(list, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  const o = [];
  for (let mi = 0; mi < modes.length; mi++) {
    const s = m[mi * VARIANTS.length];
    for (let vi = 0; vi < VARIANTS.length; vi++) o.push(m[mi * VARIANTS.length + vi], m[mi * VARIANTS.length + vi] - s);
    const en = m[mi * VARIANTS.length + VARIANTS.indexOf('+enhance')], an = m[mi * VARIANTS.length + VARIANTS.indexOf('anti')];
    o.push(an - en, (an + en) / 2 - s);
  }
  return o;
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const pct = (v) => (v * 100).toFixed(2);
const result = {};
let e = 0;
for (const m of modes) {
  for (const v of VARIANTS) {
    const a = est[e++], d = est[e++];
    const perSet = runs[m][v].map((x) => pct(allPairsErrorRates(x).eer)).join(' / ');
    result[`${m === 'clean' ? 'clean' : kind} ${v}`] = `${pct(a.value)} %, change ${pct(d.value)} [${pct(d.low)}, ${pct(d.high)}]; ${perSet}`;
  }
  const x = est[e++], y = est[e++];
  result[`${m === 'clean' ? 'clean' : kind} anti − +enhance (the direction's worth)`] = `${pct(x.value)} [${pct(x.low)}, ${pct(x.high)}]`;
  result[`${m === 'clean' ? 'clean' : kind} (anti + +enhance)/2 − shipped (any change's cost)`] = `${pct(y.value)} [${pct(y.low)}, ${pct(y.high)}]`;
}
const tallies = Object.fromEntries(Object.entries(stats).map(([key, [a, b]]) => [key, Number((a / b).toFixed(3))]));
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), base: JSON.parse(baseText), kind, seed, meanEerPercent: result, clean: tallies }, null, 1)}\n`);
