#!/usr/bin/env node
// Where the classical field doubts, on CLEAN prints only (issue 12, fielddoubt): the numbers the
// doubt gate of `orientationFromRidgeNet` (`orientationDoubtCoherence` c, `orientationDoubtDilation`,
// `orientationDoubtMinShare`) is fixed from before any EER is seen. For the 320 FVC2002 B prints and
// clean synthetic prints (seed 150 < 200, SYNTH masters × optical / capacitive / thermal, impression
// 1), with the shipped parameters and for each c of --c (dilation --dilate, default 1):
//   share   the share of foreground blocks whose classical coherence is below c (before growing)
//   ran     the share of prints with at least one doubting block (the network runs)
//   area    the network's box (ridgeNetBox of the grown doubting blocks) over the whole-print
//           box (ridgeNetBox of the foreground, what the ungated option runs on); 0 when not run
//   ms      CPU ms of runRidgeNetAround on that box with the full network (models/ridge-net.onnx);
//           the ungated option's own run is the row "all"
// Quartiles and means over the prints; with --min-share s also the share of prints the share gate
// would keep off at s.
//
//   node bench/extraction/field-doubt-measures.mjs DATA_DIR [--c 0.2,0.3,…] [--dilate 1] [--synth 20] [--min-share 0.02,0.05]
import path from 'node:path';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { findDoubtBlocks, prepareFields, ridgeNetBox, runRidgeNetAround, RIDGE_NET_MODEL } from '../../dist/extraction/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const dataDir = args[0];
if (!dataDir) {
  console.error('usage: node bench/extraction/field-doubt-measures.mjs DATA_DIR [--c 0.2,0.3] [--dilate 1] [--synth 20] [--min-share 0.02]');
  process.exit(2);
}
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const cs = opt('--c', '0.15,0.2,0.25,0.3,0.35,0.4').split(',').map(Number);
const dilate = Number(opt('--dilate', '1'));
const synth = Number(opt('--synth', '20'));
const minShares = opt('--min-share', '0.02,0.05,0.1').split(',').map(Number);

const images = [];
const S = path.join(dataDir, 'fvc2002');
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);
for (const [s, set] of sets.entries()) for (const item of set.items) if (item && 'image' in item) images.push({ group: `DB${s + 1}`, image: item.image });
for (const style of ['optical', 'capacitive', 'thermal']) {
  for (let f = 1; f <= synth; f++) images.push({ group: `synth-${style}`, image: renderImpression(syntheticMasterPrint(150, f, 1), style, createRng(mixSeed(150, f, 1))).image });
}

const cpu = (fn) => { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
const area = (b) => (b ? (b.x1 - b.x0) * (b.y1 - b.y0) : 0);
const rows = [];
// one warm-up run so the session load is not timed
{ const f = prepareFields(images[0].image, P); runRidgeNetAround(f.normalized, f.mask.blocks, f.mask.grid, RIDGE_NET_MODEL); }
for (const { group, image } of images) {
  let f;
  try { f = prepareFields(image, P); } catch { continue; }
  const { width, height } = f.normalized;
  const whole = area(ridgeNetBox(f.mask.blocks, f.mask.grid, width, height));
  let fg = 0;
  for (const v of f.mask.blocks) fg += v;
  const row = { group, all: { share: 1, area: 1, ms: cpu(() => runRidgeNetAround(f.normalized, f.mask.blocks, f.mask.grid, RIDGE_NET_MODEL)) } };
  for (const c of cs) {
    let n = 0;
    for (let b = 0; b < f.mask.blocks.length; b++) if (f.mask.blocks[b] && f.orientation.coherence[b] < c) n++;
    const doubt = findDoubtBlocks(f.orientation, f.mask, { ...P, orientationDoubtCoherence: c, orientationDoubtDilation: dilate, orientationDoubtMinShare: 0 });
    const a = doubt ? area(ridgeNetBox(doubt, f.mask.grid, width, height)) / whole : 0;
    const ms = doubt ? cpu(() => runRidgeNetAround(f.normalized, doubt, f.mask.grid, RIDGE_NET_MODEL)) : 0;
    row[c] = { share: n / fg, area: a, ms };
  }
  rows.push(row);
}
const q = (v, p) => { const x = Float64Array.from(v).sort(); return x[Math.min(x.length - 1, Math.floor(p * x.length))]; };
const mean = (v) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
const f3 = (x) => x.toFixed(3);
const groups = { fvc: rows.filter((r) => r.group.startsWith('DB')), synth: rows.filter((r) => r.group.startsWith('synth')) };
const report = { prints: Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.length])), dilate };
for (const key of ['all', ...cs]) {
  const out = {};
  for (const [g, r] of Object.entries(groups)) {
    const v = r.map((x) => x[key]);
    const quart = (m) => [0.25, 0.5, 0.75].map((p) => f3(q(v.map((x) => x[m]), p))).join(' / ');
    out[g] = {
      share: quart('share'),
      ran: f3(v.filter((x) => x.area > 0).length / v.length),
      area: `${quart('area')} (mean ${f3(mean(v.map((x) => x.area)))})`,
      ms: `${quart('ms')} (mean ${f3(mean(v.map((x) => x.ms)))})`,
      ...(key === 'all' ? {} : Object.fromEntries(minShares.map((s) => {
        const kept = v.filter((x) => x.share >= s && x.area > 0);
        return [`minShare ${s}`, `runs on ${f3(kept.length / v.length)}; ms median ${f3(q(v.map((x) => (x.share >= s ? x.ms : 0)), 0.5))}, mean area ${f3(mean(v.map((x) => (x.share >= s ? x.area : 0))))}`];
      }))),
    };
  }
  report[key === 'all' ? 'ungated (foreground box)' : `c ${key}`] = out;
}
console.log(JSON.stringify(report, null, 1));
