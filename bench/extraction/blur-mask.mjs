#!/usr/bin/env node
// Does the mask carry the EER cost of a mild blur (issue 12)? The four FVC2002 B sets, all pairs,
// scored as: clean; `half` (the clean image moved by (0.5, 0.5) px, bilinear: a [½ ½]×[½ ½] blur,
// as elastic-blur.mjs); `half+cubic mask` (the same image extracted with the foreground mask of
// the Keys-cubic half move, which shares its geometry: blocks and pixels, everywhere the
// extraction reads the mask); `half-cubic`; and with SWAPS (comma-separated, each a
// '+'-joined set of mask, normalized, orientation, frequency) one run per swap: the half image
// extracted with those products of the cubic half move. Mean EERs and paired differences [95 %]
// (each against clean and against half) from resampling whole fingers, 300 rounds.
//
//   node bench/extraction/blur-mask.mjs DATA_DIR ['{"PARAM":VALUE}'] [SWAPS]   (default SWAPS: mask)
//
// Figures in bench/RESULTS.md ("Mild blur: which stage of the extraction").
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { prepareAnalysis, selectFilters, enhanceRidges, extractFromAnalysis } from '../../dist/extraction/index.js';
import { nearForeground } from '../../dist/extraction/enhance-ridges.js';
import { findBlankSpots } from '../../dist/extraction/find-blank-spots.js';
import { bilinear, cubic, moveHalfPixel } from './resample-grey.mjs';
import { NO_DEBUG } from '../../dist/core/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, changes = '{}', swapsArg = 'mask'] = process.argv.slice(2);
const SWAPS = swapsArg.split(',').map((w) => w.split('+'));
for (const sw of SWAPS) for (const f of sw) if (!['mask', 'normalized', 'orientation', 'frequency'].includes(f)) throw new Error(`unknown product ${f}`);
if (!dataDir) {
  process.stderr.write("usage: blur-mask.mjs DATA_DIR ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
if (P.enhancementRidgeGaps > 0) throw new Error('blur-mask.mjs does not replay enhancementRidgeGaps');
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${D}/${s}`));

function extract(image, from, fields = []) {
  try {
    const a = prepareAnalysis(image, P);
    const b = { ...a };
    for (const f of fields) b[f] = from[f];
    const region = nearForeground(b.mask.pixels, b.width, b.height, P.enhancementAcrossHalfLength + 1);
    const selection = selectFilters(b.width, b.height, b.orientation, b.frequency, P, region);
    const blank = findBlankSpots(image, b.mask.pixels, P);
    return extractFromAnalysis(image, { ...b, enhanced: enhanceRidges(b.normalized, selection, b.mask.pixels, P, region, blank) }, P, NO_DEBUG);
  } catch { return null; }
}
const KINDS = ['clean', 'half', 'half-cubic', ...SWAPS.map((sw) => `half+cubic ${sw.join('+')}`)];
const runs = KINDS.map(() => []);
for (const s of sets) {
  const t = KINDS.map(() => []);
  s.items.forEach((item, i) => {
    if (!item || !('image' in item)) { for (const x of t) x[i] = item && 'template' in item ? item.template : null; return; }
    const Bi = moveHalfPixel(item.image, bilinear), Ci = moveHalfPixel(item.image, cubic);
    let C = null;
    try { C = prepareAnalysis(Ci, P); } catch { /* the swaps fail with it */ }
    t[0][i] = extract(item.image); t[1][i] = extract(Bi); t[2][i] = extract(Ci);
    SWAPS.forEach((sw, k) => { t[3 + k][i] = C ? extract(Bi, C, sw) : null; });
  });
  t.forEach((x, k) => runs[k].push(scoreEvalSet(s.fingers, x)));
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const f = bootstrapErrorRates(runs, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  return [...m, ...m.slice(1).map((v) => v - m[0]), ...m.slice(2).map((v) => v - m[1])];
}, { rounds: 300, random: createRng(mixSeed(1, 0)).next });
const labels = [...KINDS, ...KINDS.slice(1).map((k) => `${k} − clean`), ...KINDS.slice(2).map((k) => `${k} − half`)];
const pct = (v) => (v * 100).toFixed(2);
const out = Object.fromEntries(f.map((e, i) => [labels[i], `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`]));
const perSet = Object.fromEntries(runs.map((r, i) => [KINDS[i], r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')]));
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), meanEerPercent: out, perSet }, null, 2)}\n`);
