#!/usr/bin/env node
// Where the dry perturbation costs the mask (issue 12): each FVC2002 B image extracted clean and
// dry (the seeds `afis eval perturb --kinds dry` uses), and per set the mask blocks the dry image
// loses (rim = within 2 blocks of the clean mask's background; E = the eroded half, N = the other),
// why a lost block fails (contrast against the threshold, coherence, ridge evidence), and the clean
// minutiae with no counterpart in the dry template (12 px, 30°) by half and inside lost blocks.
//
//   node bench/extraction/dry-mask-loss.mjs DATA_DIR [SETS] ['{"PARAM":VALUE}']
//
// SETS: comma-separated, of DB1_B,DB2_B@569,DB3_B,DB4_B (default all). NOMIN=1 skips the minutiae;
// CLEANDIFF=1 also counts the clean mask blocks the parameters change. Figures in bench/RESULTS.md.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis, extractTemplate, computeBlockGradients, withHeldOutRidgeNet } from '../../dist/extraction/index.js';
import { blockRidgeShare, blockCoherence } from '../../dist/extraction/segment-foreground.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, setsArg, changes] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dry-mask-loss.mjs DATA_DIR [SETS] ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const D = `${dataDir}/fvc2002`;
const only = setsArg ? setsArg.split(',') : ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const extra = changes ? JSON.parse(changes) : {};
const P = { ...EXTRACTION_PARAMETERS, ...extra };
const all = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(only.map((s) => `${D}/${s}`));
const doMin = !process.env.NOMIN;
for (const s of sets) {
  const k = all.indexOf(s.label.split('/').pop());
  const tot = { clean: 0, lost: 0, gained: 0, lostRimE: 0, lostRimN: 0, lostInE: 0, lostInN: 0, why: {}, minE: 0, minN: 0, lostMinE: 0, lostMinN: 0, lostMinInLostBlock: 0, minInLostBlock: 0 };
  const perImage = [];
  // (each set read with the ridge network fold that never saw it when the shipped network was trained on it: withHeldOutRidgeNet)
  withHeldOutRidgeNet(s.heldOutModel, () => s.items.forEach((item, i) => {
    const img = item.image;
    const seed = mixSeed(1, 0, k, i);
    const phi = createRng(seed).next() * 2 * Math.PI;
    const ux = Math.cos(phi), uy = Math.sin(phi);
    const dry = perturbImage(img, 'dry', seed).image;
    const a = prepareAnalysis(img, P), b = prepareAnalysis(dry, P);
    if (process.env.CLEANDIFF) { const a0 = prepareAnalysis(img, EXTRACTION_PARAMETERS); for (let q = 0; q < a0.mask.blocks.length; q++) if (a0.mask.blocks[q] !== a.mask.blocks[q]) tot.cleanChanged = (tot.cleanChanged ?? 0) + 1; }
    const { cols, rows, blockSize: bs } = a.mask.grid;
    const ma = a.mask.blocks, mb = b.mask.blocks;
    // diagnostics on the dry image's blocks
    const grey = Float32Array.from(dry.data);
    const g = computeBlockGradients(grey, dry.width, dry.height, a.mask.grid);
    const coh = blockCoherence(g);
    const share = new Float32Array(cols * rows).fill(-1);
    blockRidgeShare(grey, dry.width, dry.height, g, new Uint8Array(cols * rows).fill(1), P, share);
    const sorted = Float32Array.from(b.mask.contrast).sort();
    const p90 = sorted[Math.floor(sorted.length * 0.9)];
    const t = Math.max(P.segmentationMinContrast, P.segmentationRelativeContrast * p90);
    let lostImg = 0;
    for (let by = 0; by < rows; by++) for (let bx = 0; bx < cols; bx++) {
      const q = by * cols + bx;
      if (ma[q]) tot.clean++;
      if (!ma[q] && mb[q]) tot.gained++;
      if (!(ma[q] && !mb[q])) continue;
      tot.lost++; lostImg++;
      let rim = false;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const x = bx + dx, y = by + dy;
        if (x < 0 || y < 0 || x >= cols || y >= rows || !ma[y * cols + x]) rim = true;
      }
      const e = (bx * bs + bs / 2 - img.width / 2) * ux + (by * bs + bs / 2 - img.height / 2) * uy >= 0;
      tot[`lost${rim ? 'Rim' : 'In'}${e ? 'E' : 'N'}`]++;
      const c = b.mask.contrast[q];
      const key = `${c > t ? 'c>t' : c > P.segmentationFaintMinContrast ? 'faintC' : 'lowC'}|coh${coh[q] >= P.segmentationMinCoherence ? '+' : '-'}|sh${share[q] >= 0.35 ? '>=.35' : share[q] >= 0.25 ? '.25-.35' : '<.25'}`;
      tot.why[key] = (tot.why[key] ?? 0) + 1;
    }
    let lm = 0, me = 0;
    if (doMin) {
      const ta = extractTemplate(img, { parameters: P }), tb = extractTemplate(dry, { parameters: P });
      for (const m of ta.minutiae) {
        const e = (m.x - img.width / 2) * ux + (m.y - img.height / 2) * uy >= 0;
        const q = Math.min(rows - 1, (m.y / bs) | 0) * cols + Math.min(cols - 1, (m.x / bs) | 0);
        const inLost = ma[q] && !mb[q];
        const found = tb.minutiae.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && Math.abs(((n.angle - m.angle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI) <= Math.PI / 6);
        tot[e ? 'minE' : 'minN']++;
        if (!found) tot[e ? 'lostMinE' : 'lostMinN']++;
        if (inLost) { tot.minInLostBlock++; if (!found) tot.lostMinInLostBlock++; }
        if (e) { me++; if (!found) lm++; }
      }
    }
    perImage.push([s.names[i], lostImg, `${lm}/${me}`]);
  }));
  perImage.sort((x, y) => y[1] - x[1]);
  console.log(s.label.split('/').pop(), JSON.stringify(tot), 'worst', JSON.stringify(perImage.slice(0, 5)));
}
