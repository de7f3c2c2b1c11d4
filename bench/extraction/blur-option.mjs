#!/usr/bin/env node
// Paired judgement of one extraction option on mild blur (issue 12): the four FVC2002 B sets
// extracted with and without the option, clean and blurred (the `half` and `smooth` variants of
// elastic-blur.mjs: the clean image moved by (0.5, 0.5) px bilinearly, and blurred in place by
// [¼ ½ ¼]×[¼ ½ ¼]), all pairs scored, and the mean EERs with 95 % intervals from resampling
// whole fingers (300 rounds): per variant off, on, on − off, and the blur's cost (variant −
// clean) with and without the option.
//
//   node bench/extraction/blur-option.mjs DATA_DIR '{"PARAM":VALUE}' [SEED] [VARIANTS]
//
// SEED draws the bootstrap only (the blur has no randomness); VARIANTS: comma-separated, default
// half,smooth. DB2 is read at 569 ppi; per-set EERs follow the means. Figures in bench/RESULTS.md
// ("Mild blur: why a smoother image extracts worse").
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { bilinear, moveHalfPixel, smoothQuarter } from './resample-grey.mjs';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, changes, seedText = '1', variantsArg = 'half,smooth'] = process.argv.slice(2);
if (!dataDir || !changes) {
  process.stderr.write("usage: blur-option.mjs DATA_DIR '{\"PARAM\":VALUE}' [SEED] [VARIANTS]\n");
  process.exit(2);
}
const seed = Number(seedText);
const VARIANTS = { half: (image) => moveHalfPixel(image, bilinear), smooth: smoothQuarter };
const kinds = variantsArg.split(',');
for (const k of kinds) if (!(k in VARIANTS)) throw new Error(`unknown variant ${k} (half, smooth)`);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const candidate = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const run = (parameters, kind) =>
  sets.map((s) => scoreEvalSet(s.fingers, extractEvalSet(s, {
    parameters,
    ...(kind ? { transform: (image) => VARIANTS[kind](image) } : {}),
  }).templates));
// runs: clean off, clean on, then per variant off, on
const labels = ['clean off', 'clean on'];
const runs = [run(EXTRACTION_PARAMETERS), run(candidate)];
for (const k of kinds) {
  process.stderr.write(`${k}\n`);
  runs.push(run(EXTRACTION_PARAMETERS, k), run(candidate, k));
  labels.push(`${k} off`, `${k} on`);
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const names = ['clean off', 'clean on', 'clean: on − off'];
for (const k of kinds) names.push(`${k} off`, `${k} on`, `${k}: on − off`, `${k} − clean, off`, `${k} − clean, on`);
const f = bootstrapErrorRates(runs, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  const out = [m[0], m[1], m[1] - m[0]];
  kinds.forEach((_, j) => {
    const off = m[2 + 2 * j], on = m[3 + 2 * j];
    out.push(off, on, on - off, off - m[0], on - m[1]);
  });
  return out;
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const pct = (v) => (v * 100).toFixed(2);
const out = Object.fromEntries(f.map((e, i) => [names[i], `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`]));
const perSet = Object.fromEntries(runs.map((r, i) => [labels[i], r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / ')]));
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), seed, meanEerPercent: out, perSet }, null, 2)}\n`);
