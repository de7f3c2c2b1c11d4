#!/usr/bin/env node
// How much of each print the block-level contrast gate of the learned ridge enhancer would open
// (issue 12, faintregion), to fix its threshold from the clean prints before any EER is seen.
// For the four FVC2002 B sets, clean or under one perturbation kind (the suite's seeds, as
// paired-option.mjs), per print the median ridge contrast (the per-print gate's measure); for the
// prints that gate spares (median ≥ ridgeNetMaxContrast), the local ridge contrast per block
// (localRidgeContrast at each radius) and, per threshold T, the share of foreground blocks below
// T and the number of spared prints with any block below T. --edge E counts only interior blocks,
// those whose square of side 2E+1 blocks lies wholly in the foreground (`ridgeNetBlockContrastEdge`).
//
//   node bench/extraction/faint-block-share.mjs DATA_DIR [KIND] [SEED] [--radii 1,2,3] [--limits 4,5,6,7,8,9] [--edge E]

import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { localRidgeContrast } from '../../dist/extraction/map-faint-blocks.js';
import { medianRidgeContrast } from '../../dist/extraction/score-finger-quality.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const at = args.indexOf(name); return at >= 0 ? args.splice(at, 2)[1] : dflt; };
const radii = opt('--radii', '1,2,3').split(',').map(Number);
const limits = opt('--limits', '4,5,6,7,8,9').split(',').map(Number);
const edge = Number(opt('--edge', '0'));
// whether every block within `edge` blocks of block b is inside the grid and foreground
const interior = (mask, b) => {
  const { cols, rows } = mask.grid;
  const c = b % cols, r = (b / cols) | 0;
  if (c < edge || r < edge || c + edge >= cols || r + edge >= rows) return false;
  for (let y = r - edge; y <= r + edge; y++) for (let x = c - edge; x <= c + edge; x++) if (!mask.blocks[y * cols + x]) return false;
  return true;
};
const [dataDir, kind = 'clean', seedText = '1'] = args;
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const stats = {}; // radius → set → { prints, spared, blocks, below[T], printsOpen[T], minLocal[] }
for (const r of radii) stats[r] = {};
for (const [k, s] of sets.entries()) {
  const label = `DB${k + 1}`;
  for (const r of radii) stats[r][label] = { prints: 0, spared: 0, blocks: 0, below: limits.map(() => 0), printsOpen: limits.map(() => 0), minLocal: [] };
  s.items.forEach((item, i) => {
    if (!item || !('image' in item)) return;
    const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
    let a;
    try { a = prepareAnalysis(image, P); } catch { return; }
    const median = medianRidgeContrast(a.mask, a.frequency);
    for (const r of radii) {
      const st = stats[r][label];
      st.prints++;
      if (median < P.ridgeNetMaxContrast) continue;
      st.spared++;
      const local = localRidgeContrast(a.mask, a.frequency, r);
      let min = Infinity;
      const open = limits.map(() => 0);
      for (const [b, v] of local.entries()) {
        if (Number.isNaN(v) || (edge > 0 && !interior(a.mask, b))) continue;
        st.blocks++;
        if (v < min) min = v;
        limits.forEach((t, j) => { if (v < t) { st.below[j]++; open[j]++; } });
      }
      limits.forEach((t, j) => { if (open[j] > 0) st.printsOpen[j]++; });
      st.minLocal.push(+min.toFixed(2));
    }
  });
}
const out = { kind, seed, limits, edge, radii: {} };
for (const r of radii) {
  const per = {};
  const all = { prints: 0, spared: 0, blocks: 0, below: limits.map(() => 0), printsOpen: limits.map(() => 0), minLocal: [] };
  for (const [label, st] of Object.entries(stats[r])) {
    all.prints += st.prints; all.spared += st.spared; all.blocks += st.blocks; all.minLocal.push(...st.minLocal);
    st.below.forEach((v, j) => { all.below[j] += v; all.printsOpen[j] += st.printsOpen[j]; });
    per[label] = { prints: st.prints, spared: st.spared, shareBelow: st.below.map((v) => +(v / Math.max(1, st.blocks)).toFixed(4)), printsOpen: st.printsOpen, minLocalSorted: st.minLocal.sort((x, y) => x - y).slice(0, 10) };
  }
  per.all = { prints: all.prints, spared: all.spared, shareBelow: all.below.map((v) => +(v / Math.max(1, all.blocks)).toFixed(4)), printsOpen: all.printsOpen, minLocalQuantiles: [0.01, 0.05, 0.1, 0.25, 0.5].map((p) => { const s = all.minLocal.sort((x, y) => x - y); return s[Math.floor(p * s.length)]; }) };
  out.radii[r] = per;
}
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
