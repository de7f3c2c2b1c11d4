#!/usr/bin/env node
// How well does the alteration detector's orientation-discontinuity feature tell the generator's altered
// fingers from unaltered ones, at equal false-flag rates? (issue 12, altsing2.) Reads an `afis synth
// --impressions 1 --style rolled --altered F` folder (each subject one finger; truth/F_1.json says whether
// and how it was altered), runs detectAlteration on each print with the shipped parameters and with
// each candidate (`--arm NAME=V[,NAME=V]`, repeatable) and reports per arm the feature's AUC
// (unaltered against altered, ties half), its true-flag rate at false-flag rates 1, 2, 5 and 10 %
// (each arm at its own threshold: the feature's level is a setting, its ranking is what is judged)
// with each kind's, the detector's own flag at the arm's levels (every sign, as the desk reads it), and
// against the first arm the AUC difference with a 95 % interval from resampling fingers (1,000 rounds,
// seeded).
//   npm run build && node bench/alteration/synthetic-roc.mjs DIR --arm discontinuitySingularRadius=48 [--json]
import { readFile, readdir } from 'node:fs/promises';
import { decodeCapture } from '../../dist/capture/index.js';
import { extractTemplate } from '../../dist/extraction/index.js';
import { detectAlteration } from '../../dist/quality/index.js';
import { readArms } from './arms.mjs';
import { createRng } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const { dir, arms } = readArms(args, 'synthetic-roc.mjs');

const items = [];
for (const f of (await readdir(dir)).filter((n) => n.endsWith('.png')).sort()) {
  const truth = JSON.parse(await readFile(`${dir}/truth/${f.replace(/\.png$/, '.json')}`, 'utf8'));
  const image = await decodeCapture(new Uint8Array(await readFile(`${dir}/${f}`)));
  let template;
  try { template = extractTemplate(image); } catch { template = undefined; }
  const found = arms.map((a) => detectAlteration(image, template, a.params));
  items.push({ kind: truth.alteration?.kind ?? 'unaltered', d: found.map((f) => f.features.discontinuity), flagged: found.map((f) => f.altered) });
}
const auc = (pos, neg) => {
  // rank form: O((n + m) log(n + m)), ties half
  const all = [...pos.map((v) => [v, 1]), ...neg.map((v) => [v, 0])].sort((x, y) => x[0] - y[0]);
  let sum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    for (let t = i; t < j; t++) if (all[t][1]) sum += (i + j + 1) / 2;
    i = j;
  }
  return pos.length && neg.length ? (sum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length) : NaN;
};
const aucOf = (set, j) => auc(set.filter((x) => x.kind !== 'unaltered').map((x) => x.d[j]), set.filter((x) => x.kind === 'unaltered').map((x) => x.d[j]));
const un = items.filter((x) => x.kind === 'unaltered');
const al = items.filter((x) => x.kind !== 'unaltered');
const kinds = [...new Set(al.map((x) => x.kind))].sort();
const report = { dir, unaltered: un.length, altered: Object.fromEntries(kinds.map((k) => [k, al.filter((x) => x.kind === k).length])), arms: [] };
const rng = createRng(20261206);
const rounds = 1000;
const draws = Array.from({ length: rounds }, () => Array.from({ length: items.length }, () => items[Math.floor(rng.next() * items.length)]));
arms.forEach((arm, j) => {
  const neg = un.map((x) => x.d[j]).sort((a, b) => b - a);
  const at = {};
  for (const rate of [0.01, 0.02, 0.05, 0.1]) {
    const t = neg[Math.floor(rate * neg.length)];
    const tpr = (xs) => xs.filter((x) => x.d[j] > t).length / Math.max(1, xs.length);
    at[`${rate * 100}%`] = { threshold: +t.toFixed(4), tpr: +(100 * tpr(al)).toFixed(1), byKind: Object.fromEntries(kinds.map((k) => [k, +(100 * tpr(al.filter((x) => x.kind === k))).toFixed(1)])) };
  }
  // the detector's own flag at the arm's levels (every sign), as the desk reads it
  const flags = { unaltered: un.filter((x) => x.flagged[j]).length, altered: al.filter((x) => x.flagged[j]).length };
  const row = { arm: arm.name, auc: +aucOf(items, j).toFixed(3), flags, at };
  if (j > 0) {
    const diffs = draws.map((d) => aucOf(d, j) - aucOf(d, 0)).sort((a, b) => a - b);
    row.aucChange = { value: +(aucOf(items, j) - aucOf(items, 0)).toFixed(3), ci95: [+diffs[Math.floor(0.025 * rounds)].toFixed(3), +diffs[Math.floor(0.975 * rounds) - 1].toFixed(3)] };
  }
  report.arms.push(row);
});
if (json) console.log(JSON.stringify(report));
else {
  console.log(`${dir}: ${un.length} unaltered, altered ${JSON.stringify(report.altered)}`);
  for (const r of report.arms) {
    console.log(`${r.arm}: AUC ${r.auc}${r.aucChange ? ` (change ${r.aucChange.value} [${r.aucChange.ci95.join(', ')}])` : ''}; flagged at its levels: unaltered ${r.flags.unaltered} / ${un.length}, altered ${r.flags.altered} / ${al.length}`);
    for (const [rate, a] of Object.entries(r.at)) console.log(`  at ${rate} false flags: TPR ${a.tpr} % (${Object.entries(a.byKind).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  }
}
