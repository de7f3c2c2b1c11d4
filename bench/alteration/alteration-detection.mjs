// Altered-fingerprint detection (issue 13): features and flag rate of `detectAlteration` on
// unaltered FVC2002 B prints and on the same prints altered by bench/alteration/alter-finger.mjs
// (scar, obliteration, z-cut, rotation). Tuning split: fingers 101–105 of every set; test split:
// fingers 106–110 (the detector's levels were set looking at the tuning split only).
// `npm run build && node bench/alteration/alteration-detection.mjs [--split tune|test] [--features] [--set NAME=V]... [--json]`
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeCapture } from '../../dist/capture/index.js';
import { extractTemplate } from '../../dist/extraction/index.js';
import { detectAlteration } from '../../dist/quality/index.js';
import { ALTERATION_PARAMETERS } from '../../dist/config/parameters.js';
import { ALTERATION_KINDS, alterFinger } from './alter-finger.mjs';
import { seededRandom } from '../segmentation/compose-slap.mjs';

const args = process.argv.slice(2);
const split = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'test';
const json = args.includes('--json');
const showFeatures = args.includes('--features');
// --set NAME=V (repeatable): an alteration parameter changed (ALTERATION_PARAMETERS)
const changes = {};
args.forEach((a, i) => { if (a === '--set') { const [k, v] = args[i + 1].split('='); if (!(k in ALTERATION_PARAMETERS)) throw new Error(`unknown alteration parameter ${k}`); changes[k] = Number(v); } });
const AP = { ...ALTERATION_PARAMETERS, ...changes };
const dir = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const SETS = [['DB1_B', 500], ['DB2_B', 569], ['DB3_B', 500], ['DB4_B', 500]];
const fingersOf = split === 'tune' ? [101, 102, 103, 104, 105] : [106, 107, 108, 109, 110];
const rnd = seededRandom(split === 'tune' ? 7 : 11);

const rows = { unaltered: { n: 0, flagged: 0, f: [], alone: {} } };
for (const k of ALTERATION_KINDS) rows[k] = { n: 0, flagged: 0, f: [], alone: {} };
const assess = (image) => {
  let template;
  try { template = extractTemplate(image); } catch { template = undefined; }
  return detectAlteration(image, template, AP);
};
for (const [set, ppi] of SETS) {
  for (const f of fingersOf) {
    for (let i = 1; i <= 8; i++) {
      const image = await decodeCapture(new Uint8Array(await readFile(`${dir}${set}/${f}_${i}.tif`)), { ppi });
      const plain = assess(image);
      rows.unaltered.n++;
      if (plain.altered) rows.unaltered.flagged++;
      if (plain.signs.length === 1) rows.unaltered.alone[plain.signs[0]] = (rows.unaltered.alone[plain.signs[0]] ?? 0) + 1;
      rows.unaltered.f.push(plain.features);
      // One alteration per impression, the kinds in turn.
      const kind = ALTERATION_KINDS[(i - 1) % ALTERATION_KINDS.length];
      const altered = assess(alterFinger(image, kind, rnd));
      rows[kind].n++;
      if (altered.altered) rows[kind].flagged++;
      if (altered.signs.length === 1) rows[kind].alone[altered.signs[0]] = (rows[kind].alone[altered.signs[0]] ?? 0) + 1;
      rows[kind].f.push(altered.features);
    }
  }
}
const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const out = Object.entries(rows).map(([kind, r]) => ({
  kind, images: r.n, flagged: r.flagged, ratePct: (100 * r.flagged) / r.n, flaggedBySignAlone: r.alone,
  ...(showFeatures ? Object.fromEntries(['discontinuity', 'flow', 'scar', 'minutiaDensity'].map((k) => [k, [0.5, 0.9, 0.99].map((p) => q(r.f.map((x) => x[k]), p))])) : {}),
}));
// per feature, how well it alone tells each altered kind (and all) from unaltered prints: AUC (ties count half)
const auc = (pos, neg) => {
  let s = 0;
  for (const p of pos) for (const q of neg) s += p > q ? 1 : p === q ? 0.5 : 0;
  return pos.length && neg.length ? s / (pos.length * neg.length) : NaN;
};
const FEATURES = ['discontinuity', 'flow', 'scar', 'minutiaDensity'];
const aucs = Object.fromEntries(FEATURES.map((k) => {
  const neg = rows.unaltered.f.map((x) => x[k]);
  const kinds = Object.fromEntries(ALTERATION_KINDS.map((kind) => [kind, +auc(rows[kind].f.map((x) => x[k]), neg).toFixed(3)]));
  return [k, { ...kinds, all: +auc(ALTERATION_KINDS.flatMap((kind) => rows[kind].f.map((x) => x[k])), neg).toFixed(3) }];
}));
const altered = out.filter((o) => o.kind !== 'unaltered');
const tpr = altered.reduce((s, o) => s + o.flagged, 0) / altered.reduce((s, o) => s + o.images, 0);
if (json) console.log(JSON.stringify({ split, changes, rows: out, tpr, fpr: out[0].ratePct / 100, auc: aucs }));
else {
  console.log(`split ${split} (fingers ${fingersOf[0]}–${fingersOf[fingersOf.length - 1]} of DB1–DB4 B)`);
  for (const o of out) console.log(`${o.kind.padEnd(13)} ${String(o.flagged).padStart(4)} of ${o.images} flagged (${o.ratePct.toFixed(1)} %; by one sign alone ${JSON.stringify(o.flaggedBySignAlone)})${showFeatures ? `  disc ${o.discontinuity.map((v) => v.toFixed(3))} flow ${o.flow.map((v) => v.toFixed(3))} scar ${o.scar.map((v) => v.toFixed(3))} dens ${o.minutiaDensity.map((v) => v.toFixed(2))}` : ''}`);
  console.log(`TPR ${(100 * tpr).toFixed(1)} %  FPR ${out[0].ratePct.toFixed(1)} %`);
  for (const k of FEATURES) console.log(`AUC ${k.padEnd(14)} ${Object.entries(aucs[k]).map(([kind, v]) => `${kind} ${v.toFixed(3)}`).join('  ')}`);
}
