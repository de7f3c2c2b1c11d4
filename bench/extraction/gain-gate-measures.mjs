#!/usr/bin/env node
// The learned ridge enhancer's per-print gate under a scanner's automatic gain (issue 12,
// gaingate): per image of the four FVC2002 B sets, clean and under each given perturbation
// (the suite's seeds, as paired-option.mjs), the measures a per-print gate could read before the
// enhancement, then per condition and set how many prints each gate opens for.
//
//   node bench/extraction/gain-gate-measures.mjs DATA_DIR KIND,KIND,… SEED[,SEED] [--limits A,B,…] [--rows FILE]
//
// Measures (default parameters, prepareAnalysis):
//   contrast  median ridge contrast, grey levels (the shipped gate, `ridgeNetMaxContrast`)
//   step      the print's grey step (measureGreyStep: levels spanned / levels used, 1st–99th percentile)
//   steps     contrast / step (the gate with `ridgeNetContrastInSteps` 1)
//   octave    the grey step folded into its octave (measureOctaveGreyStep: mean spacing of the levels
//             used / the largest power of two not above it; issue 12, gainsuite)
//   octsteps  contrast / octave (the gate with `ridgeNetContrastInSteps` 2)
//   spread    contrast × 255 / (99th − 1st grey percentile of the foreground) (an alternative,
//             reported only: the contrast relative to the print's own grey range)
// --limits: the thresholds counted (default 8,10,12); --rows FILE: every image as JSON lines.
// Each condition also gets `gates`: per set, the prints each gate opens for at its own threshold
// (contrast, steps, octsteps < 10; spread < 22), and how many prints each gate decides otherwise
// than the shipped gate (contrast < 10) on the same image (`differ`) and on the condition's base
// (the kind without its last `+stretch`/`+quantise…` steps, when that was run: `differBase`).
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareAnalysis, measureGreyStep, measureOctaveGreyStep } from '../../dist/extraction/index.js';
import { medianRidgeContrast } from '../../dist/extraction/score-finger-quality.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const take = (flag) => { const at = args.indexOf(flag); return at >= 0 ? args.splice(at, 2)[1] : undefined; };
const rowsFile = take('--rows');
const limits = (take('--limits') ?? '8,10,12').split(',').map(Number);
const [dataDir, kindsText = 'low-contrast', seedsText = '1'] = args;
const seeds = seedsText.split(',').map(Number);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

function spreadOf(data, pixels) {
  const v = [];
  for (let i = 0; i < data.length; i++) if (pixels[i]) v.push(data[i]);
  const s = Uint8Array.from(v).sort();
  return s.length ? Math.max(1, s[Math.floor(0.99 * (s.length - 1))] - s[Math.floor(0.01 * (s.length - 1))]) : 1;
}

function measure(image) {
  const a = prepareAnalysis(image, P);
  const contrast = medianRidgeContrast(a.mask, a.frequency);
  const step = measureGreyStep(image, a.mask.pixels);
  const octave = measureOctaveGreyStep(image, a.mask.pixels);
  return { contrast, step, steps: contrast / step, octave, octsteps: contrast / octave, spread: (contrast * 255) / spreadOf(image.data, a.mask.pixels) };
}

const GATES = { contrast: 10, steps: 10, octsteps: 10, spread: 22 };
const rows = [];
const conds = [{ kind: 'clean', seed: 0 }];
for (const seed of seeds) for (const kind of kindsText.split(',').filter((k) => k && k !== 'clean')) conds.push({ kind, seed });
for (const { kind, seed } of conds) {
  for (const [k, s] of sets.entries()) {
    s.items.forEach((item, i) => {
      if (!item || !('image' in item)) return;
      const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
      try { rows.push({ cond: kind, seed, set: `DB${k + 1}`, finger: s.fingers[i], index: i, ...measure(image) }); } catch { rows.push({ cond: kind, seed, set: `DB${k + 1}`, finger: s.fingers[i], index: i, failed: true }); }
    });
  }
}
if (rowsFile) writeFileSync(rowsFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const q = (v, p) => { const s = Float64Array.from(v).sort(); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const out = [];
for (const { kind, seed } of conds) {
  const rs = rows.filter((r) => r.cond === kind && r.seed === seed && !r.failed);
  const line = { cond: kind, seed, prints: rs.length, failed: rows.filter((r) => r.cond === kind && r.seed === seed && r.failed).length };
  for (const m of ['contrast', 'step', 'steps', 'octave', 'octsteps', 'spread']) {
    const v = rs.map((r) => r[m]);
    line[m] = { q10: +q(v, 0.1).toFixed(2), median: +q(v, 0.5).toFixed(2), below: Object.fromEntries(limits.map((t) => [t, v.filter((x) => x < t).length])) };
    line[m].belowBySet = Object.fromEntries(['DB1', 'DB2', 'DB3', 'DB4'].map((set) => [set, rs.filter((r) => r.set === set && r[m] < limits[Math.floor(limits.length / 2)]).length]));
  }
  const base = kind.replace(/(\+(stretch|quantise|quantise-coarse))+$/, '');
  const baseRows = base !== kind ? rows.filter((r) => r.cond === base && r.seed === (base === 'clean' ? 0 : seed) && !r.failed) : [];
  const baseOf = new Map(baseRows.map((r) => [`${r.set}/${r.finger}/${r.index}`, r]));
  line.gates = {};
  for (const [m, t] of Object.entries(GATES)) {
    const g = { open: 0, bySet: {}, differ: 0, ...(baseRows.length ? { differBase: 0 } : {}) };
    for (const set of ['DB1', 'DB2', 'DB3', 'DB4']) g.bySet[set] = rs.filter((r) => r.set === set && r[m] < t).length;
    for (const r of rs) {
      const open = r[m] < t;
      if (open) g.open++;
      if (open !== r.contrast < 10) g.differ++;
      const b = baseOf.get(`${r.set}/${r.finger}/${r.index}`);
      if (b && open !== b.contrast < 10) g.differBase++;
    }
    line.gates[m] = g;
  }
  out.push(line);
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
