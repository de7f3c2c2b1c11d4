#!/usr/bin/env node
// Print-level "dryness" measures for a second per-print gate of the learned ridge enhancer (issue
// 12, drygate): measures the enhancer's gate could read (normalised grey, mask, fields and the
// Gabor output, all made before the blend), per image of the four FVC2002 B sets, clean and under
// the given suite kinds (the suite's seeds, as paired-option.mjs). Reports per condition and set
// the quartiles of each measure, the clean maximum and 99th percentile (all 320, DB3 included), and
// the share of each condition's prints above the clean 99th percentile and above the clean maximum.
//
//   node bench/extraction/dry-print-measures.mjs DATA_DIR [KIND,KIND,…] [SEED] [--rows FILE]
//
// KIND may carry its own seed as KIND@SEED (e.g. dry@1,dry@2). Measures (default parameters, the
// enhancer off for the Gabor output):
//   contrast  median ridge contrast, grey levels (the existing gate's measure)
//   thin20    share of foreground blocks that are thin-ridged at dark share 0.2 (findThinRidgeBlocks,
//             level gapThinDarkLevel): eroded ridges, valley-heavy duty cycle
//   thin15    the same at 0.15
//   dark      share of foreground pixels darker than −gapThinDarkLevel in the normalised grey
//   blankR    share of interior foreground pixels in a bright spot: the opening of the bright set
//             (normalised grey > 0.5) by a square of side 2R+1 (R = 2, 3, 4): a pore or a valley
//             crest is narrower than the square, a dry blob's core is not
//   gap       share of the Gabor output's ridge pixels (enhanced < 0) whose normalised grey is
//             above 0.5 (valley level): a ridge broken where it is white
//   gapRunL   share of the Gabor ridge pixels lying in a run of such white-on-ridge pixels at least
//             L pixels long along the ridge direction (L = 5, 7): longer than a pore
// The shares above the clean p99 / max are one-sided: for contrast and dark a dry print reads lower,
// so judge those two from --rows (below the clean minimum).
// --rows FILE: every image's measures as JSON lines. Figures in bench/RESULTS.md (drygate).
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { analyzeFingerprint } from '../../dist/extraction/index.js';
import { findThinRidgeBlocks } from '../../dist/extraction/map-thin-ridges.js';
import { medianRidgeContrast } from '../../dist/extraction/score-finger-quality.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const rowsAt = args.indexOf('--rows');
const rowsFile = rowsAt >= 0 ? args.splice(rowsAt, 2)[1] : undefined;
const [dataDir, kindsText = 'dry', seedText = '1'] = args;
const P = { ...EXTRACTION_PARAMETERS, ridgeNetBlend: 0 };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const NAMES = ['contrast', 'thin20', 'thin15', 'dark', 'blank2', 'blank3', 'blank4', 'gap', 'gapRun5', 'gapRun7'];

/** Share of `inside` pixels covered by the opening of `bright` by a square of side 2r+1. */
function openedShare(bright, inside, width, height, r) {
  const W = width + 1;
  const sum = (src) => {
    const s = new Int32Array(W * (height + 1));
    for (let y = 0; y < height; y++) {
      let row = 0;
      for (let x = 0; x < width; x++) {
        row += src[y * width + x];
        s[(y + 1) * W + x + 1] = s[y * W + x + 1] + row;
      }
    }
    return s;
  };
  const box = (s, x, y) => {
    const x0 = Math.max(0, x - r), x1 = Math.min(width, x + r + 1), y0 = Math.max(0, y - r), y1 = Math.min(height, y + r + 1);
    return { n: s[y1 * W + x1] - s[y0 * W + x1] - s[y1 * W + x0] + s[y0 * W + x0], a: (x1 - x0) * (y1 - y0) };
  };
  const sb = sum(bright);
  const core = new Uint8Array(width * height);
  for (let y = r; y < height - r; y++) for (let x = r; x < width - r; x++) if (box(sb, x, y).n === (2 * r + 1) ** 2) core[y * width + x] = 1;
  const sc = sum(core);
  let n = 0, c = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!inside[i]) continue;
      n++;
      if (box(sc, x, y).n > 0) c++;
    }
  }
  return n ? c / n : 0;
}

export function measure(image) {
  const a = analyzeFingerprint(image, P);
  const { mask, normalized, enhanced, orientation, width, height } = a;
  const { blockSize: bs, cols, rows } = mask.grid;
  const level = P.gapThinDarkLevel;
  let fgBlocks = 0;
  for (let b = 0; b < mask.blocks.length; b++) if (mask.blocks[b]) fgBlocks++;
  const thinShare = (s) => {
    const t = findThinRidgeBlocks(normalized, mask, level, s);
    if (!t) return 0;
    let n = 0;
    for (let b = 0; b < t.length; b++) if (t[b]) n++;
    return n / fgBlocks;
  };
  // interior: pixels of foreground blocks whose 8 neighbours are foreground too
  const inside = new Uint8Array(width * height);
  const bright = new Uint8Array(width * height);
  let fg = 0, dark = 0;
  const nd = normalized.data, ed = enhanced.data;
  for (let y = 0; y < height; y++) {
    const by = (y / bs) | 0;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask.pixels[i]) continue;
      fg++;
      if (nd[i] < -level) dark++;
      if (nd[i] > 0.5) bright[i] = 1;
      const bx = (x / bs) | 0;
      let all = true;
      for (let dy = -1; dy <= 1 && all; dy++) for (let dx = -1; dx <= 1; dx++) {
        const yy = by + dy, xx = bx + dx;
        if (yy < 0 || yy >= rows || xx < 0 || xx >= cols || !mask.blocks[yy * cols + xx]) { all = false; break; }
      }
      if (all) inside[i] = 1;
    }
  }
  // white on the Gabor ridge, and its runs along the ridge direction
  const gapPx = new Uint8Array(width * height);
  let ridge = 0, gap = 0;
  for (let i = 0; i < nd.length; i++) {
    if (!inside[i] || !(ed[i] < 0)) continue;
    ridge++;
    if (nd[i] > 0.5) { gapPx[i] = 1; gap++; }
  }
  const runShare = (L) => {
    let c = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        if (!gapPx[i]) continue;
        const t = orientation.angle[((y / bs) | 0) * cols + ((x / bs) | 0)];
        const ux = Math.cos(t), uy = Math.sin(t);
        let run = 1;
        for (const s of [1, -1]) {
          for (let k = 1; k < L; k++) {
            const xx = Math.round(x + s * k * ux), yy = Math.round(y + s * k * uy);
            if (xx < 0 || yy < 0 || xx >= width || yy >= height) break;
            const j = yy * width + xx;
            // white along the ridge line: either still on the Gabor ridge and white, or white at all
            if (!(nd[j] > 0.5)) break;
            run++;
          }
        }
        if (run >= L) c++;
      }
    }
    return ridge ? c / ridge : 0;
  };
  return {
    contrast: medianRidgeContrast(mask, a.frequency),
    thin20: thinShare(0.2), thin15: thinShare(0.15), dark: fg ? dark / fg : 0,
    blank2: openedShare(bright, inside, width, height, 2), blank3: openedShare(bright, inside, width, height, 3), blank4: openedShare(bright, inside, width, height, 4),
    gap: ridge ? gap / ridge : 0, gapRun5: runShare(5), gapRun7: runShare(7),
  };
}

const rows = [];
const conds = ['clean', ...kindsText.split(',').filter((k) => k && k !== 'clean')];
for (const cond of conds) {
  const [kind, s] = cond.split('@');
  const seed = Number(s ?? seedText);
  for (const [k, set] of sets.entries()) {
    set.items.forEach((item, i) => {
      if (!item || !('image' in item)) return;
      const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
      try { rows.push({ cond: kind === 'clean' ? 'clean' : `${kind}@${seed}`, set: `DB${k + 1}`, finger: set.fingers[i], m: measure(image) }); } catch { /* fails to enrol */ }
    });
  }
}
if (rowsFile) writeFileSync(rowsFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const q = (v, p) => { const s = Float64Array.from(v).sort(); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const f = (v) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(4));
const groups = new Map();
for (const r of rows) for (const key of [`${r.cond} ${r.set}`, `${r.cond} all`]) {
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r.m);
}
const summary = {};
for (const [key, ms] of groups) summary[key] = { n: ms.length, ...Object.fromEntries(NAMES.map((n) => [n, [0.25, 0.5, 0.75].map((p) => f(q(ms.map((m) => m[n]), p))).join(' ')])) };
const clean = groups.get('clean all') ?? [];
const beyond = {};
for (const n of NAMES) {
  const v = clean.map((m) => m[n]);
  const p99 = q(v, 0.99), max = Math.max(...v), third = Float64Array.from(v).sort()[v.length - 4];
  beyond[n] = { cleanP99: f(p99), cleanMax: f(max), clean4thLargest: f(third), ...Object.fromEntries([...groups].filter(([k]) => k.endsWith(' all')).map(([k, ms]) => [k.replace(' all', ''), `${(ms.filter((m) => m[n] > p99).length / ms.length).toFixed(2)} / ${(ms.filter((m) => m[n] > max).length / ms.length).toFixed(2)}`])) };
}
process.stdout.write(`${JSON.stringify({ conds, quantiles: '25 50 75 %', summary, 'share above clean p99 / above clean max': beyond }, null, 1)}\n`);
