#!/usr/bin/env node
// What the blocks that carry a perturbed print's field cost look like (issue 12, wet3): per set, over
// the blocks both masks hold, the perturbed print's period and direction against the clean print's
// (both analysed with PARAMS, the seeds of `paired-option.mjs … KIND SEED`). For the period: the
// share off by > 1 px, their ratio perturbed / clean (quantiles; share long > 1.3, short < 0.77),
// whether the network's period was read there, the classical-only and the network-only period's
// error there, and whether the window was measured. For the direction: the share off by > 10°, how
// many of their 8 neighbours are off too, their distance from the mask's edge (blocks), the
// classical coherence and the block's gradient energy against the print's median, against the
// blocks within 10°.
//
//   node bench/extraction/wet-block-errors.mjs DATA_DIR KIND SEED ['{"frequencyFromRidgeNet":1}'] [--sets 3,4]
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis, prepareFields, useRidgeNetModel } from '../../dist/extraction/index.js';
// RIDGE_NET_MODEL (env): the ridge network's model file (useRidgeNetModel) for both the clean and the
// perturbed prints, run as it is (an int8 file for `ridgeNetInt8` 1; wetnet2)
if (process.env.RIDGE_NET_MODEL) useRidgeNetModel(process.env.RIDGE_NET_MODEL);
import { estimateRidgeFrequency } from '../../dist/extraction/estimate-ridge-frequency.js';
import { blocksWellInsideBox } from '../../dist/extraction/orientation-from-ridge-net.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--sets');
const pick = (at >= 0 ? args.splice(at, 2)[1] : '1,2,3,4').split(',').map(Number);
const [dataDir, kind, seedText = '1', changes = '{}'] = args;
const seed = Number(seedText);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const all = [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`];
const sets = await readEvalSets(pick.map((k) => all[k - 1]));
const TEN = (10 * Math.PI) / 180;
const gap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d; };
const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const f2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const out = [];
for (const [k, set] of sets.entries()) {
  const per = { n: 0, far: 0, ratio: [], inside: 0, measured: 0, clErr: [], netErr: [], shErr: [] };
  const ori = { n: 0, far: 0, nbFar: [], nbNear: [], edgeFar: [], edgeNear: [], cohFar: [], cohNear: [], enFar: [], enNear: [] };
  for (const [i, item] of set.items.entries()) {
    const p = perturbImage(item.image, kind, mixSeed(seed, 0, pick[k] - 1, i));
    let c; let w; let f;
    try { c = prepareAnalysis(item.image, P); w = prepareAnalysis(p.image, P); f = prepareFields(p.image, P); } catch { continue; }
    const { cols, rows } = c.mask.grid;
    const n = cols * rows;
    const both = new Uint8Array(n);
    for (let b = 0; b < n; b++) both[b] = c.mask.blocks[b] && w.mask.blocks[b] ? 1 : 0;
    const classical = estimateRidgeFrequency(w.normalized, w.orientation, w.mask.blocks, P);
    const run = w.ridgeNetRun;
    const inside = run ? blocksWellInsideBox(run.box, w.orientation.grid, w.width, w.height) : new Uint8Array(n);
    for (let b = 0; b < n; b++) if (!w.mask.blocks[b]) inside[b] = 0;
    const net = run ? estimateRidgeFrequency({ width: w.width, height: w.height, data: run.map }, w.orientation, inside, P) : classical;
    // distance from the mask's edge in blocks (chessboard), capped at 6
    const dist = new Uint8Array(n).fill(6);
    for (let b = 0; b < n; b++) {
      if (!w.mask.blocks[b]) { dist[b] = 0; continue; }
      const x = b % cols; const y = (b / cols) | 0;
      for (let r = 1; r < 6 && dist[b] === 6; r++) {
        for (let dy = -r; dy <= r && dist[b] === 6; dy++) for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx; const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= cols || yy >= rows || !w.mask.blocks[yy * cols + xx]) { dist[b] = r; break; }
        }
      }
    }
    const g = f.orientationGradients;
    const fg = [];
    for (let b = 0; b < n; b++) if (w.mask.blocks[b]) fg.push(g.gxx[b] + g.gyy[b]);
    const median = q(fg, 0.5) || 1;
    const far = new Uint8Array(n);
    for (let b = 0; b < n; b++) if (both[b] && gap(c.orientation.angle[b], w.orientation.angle[b]) > TEN) far[b] = 1;
    for (let b = 0; b < n; b++) {
      if (!both[b]) continue;
      const cp = c.frequency.period[b]; const wp = w.frequency.period[b];
      per.n++;
      if (Math.abs(wp - cp) > 1) {
        per.far++; per.ratio.push(wp / cp); per.inside += inside[b]; per.measured += w.frequency.measured[b];
        per.clErr.push(Math.abs(classical.period[b] - cp)); per.netErr.push(Math.abs(net.period[b] - cp)); per.shErr.push(Math.abs(wp - cp));
      }
      ori.n++;
      const x = b % cols; const y = (b / cols) | 0;
      let nb = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        if (!dx && !dy) continue;
        const xx = x + dx; const yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < cols && yy < rows && far[yy * cols + xx]) nb++;
      }
      const en = (g.gxx[b] + g.gyy[b]) / median;
      if (far[b]) { ori.far++; ori.nbFar.push(nb); ori.edgeFar.push(dist[b]); ori.cohFar.push(f.orientation.coherence[b]); ori.enFar.push(en); }
      else { ori.nbNear.push(nb); ori.edgeNear.push(dist[b]); ori.cohNear.push(f.orientation.coherence[b]); ori.enNear.push(en); }
    }
  }
  const mean = (v) => v.reduce((a, b) => a + b, 0) / (v.length || 1);
  out.push({
    set: set.label,
    period: {
      blocks: per.n, farShare: f2((100 * per.far) / per.n) + ' %',
      ratioQ10_50_90: [0.1, 0.5, 0.9].map((p) => f2(q(per.ratio, p))).join(' / '),
      long: f2((100 * per.ratio.filter((r) => r > 1.3).length) / per.far) + ' %', short: f2((100 * per.ratio.filter((r) => r < 0.77).length) / per.far) + ' %',
      netRead: f2((100 * per.inside) / per.far) + ' %', measured: f2((100 * per.measured) / per.far) + ' %',
      meanErrClassicalNetShipped: [per.clErr, per.netErr, per.shErr].map((v) => f2(mean(v))).join(' / '),
    },
    orientation: {
      farShare: f2((100 * ori.far) / ori.n) + ' %',
      farNeighboursFar: f2(mean(ori.nbFar)), nearNeighboursFar: f2(mean(ori.nbNear)),
      edgeDistFarNear: `${f2(mean(ori.edgeFar))} / ${f2(mean(ori.edgeNear))}`,
      edgeOneFarNear: `${f2((100 * ori.edgeFar.filter((d) => d <= 1).length) / (ori.edgeFar.length || 1))} / ${f2((100 * ori.edgeNear.filter((d) => d <= 1).length) / ori.edgeNear.length)} %`,
      coherenceMedianFarNear: `${f2(q(ori.cohFar, 0.5))} / ${f2(q(ori.cohNear, 0.5))}`,
      energyMedianFarNear: `${f2(q(ori.enFar, 0.5))} / ${f2(q(ori.enNear, 0.5))}`,
    },
  });
}
process.stdout.write(`${JSON.stringify({ kind, seed, changes: JSON.parse(changes), sets: out }, null, 2)}\n`);
