// The rolled/plain sequence check (issue 13): how many swapped boxes it catches and how many
// correct ten-prints it refuses. Persons are made of 10 distinct fingers drawn from the FVC2002
// B sets (DB1–DB4, 40 fingers × 8 impressions; DB2 at its 569 ppi); the rolled print of each
// position is one impression, the plain print another. A correct capture that the check refuses
// is a false alarm; a capture with the rolled prints of two random positions exchanged is caught
// when the check names exactly that pair. The plain prints here are whole impressions, not
// fingertips cut from composed slaps (that path is exercised by the tests).
// `npm run build && node bench/segmentation/sequence-check.mjs [--captures 1000] [--json]`
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeCapture } from '../../dist/capture/index.js';
import { extractTemplate } from '../../dist/extraction/index.js';
import { compareTemplates, fmrToThreshold, prepareTemplate } from '../../dist/matching/index.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { checkFingerSequence } from '../../dist/transactions/index.js';
import { seededRandom } from './compose-slap.mjs';

const args = process.argv.slice(2);
const captures = Number(args[args.indexOf('--captures') + 1] ?? 0) || 1000;
const json = args.includes('--json');
const dir = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const SETS = [['DB1_B', 500], ['DB2_B', 569], ['DB3_B', 500], ['DB4_B', 500]];

// fingers[f][i] = template of finger f, impression i
const fingers = [];
for (const [set, ppi] of SETS) {
  for (let f = 101; f <= 110; f++) {
    const imps = [];
    for (let i = 1; i <= 8; i++) {
      const image = await decodeCapture(new Uint8Array(await readFile(`${dir}${set}/${f}_${i}.tif`)), { ppi });
      imps.push(extractTemplate(image));
    }
    fingers.push(imps);
  }
}
const prepared = new Map(fingers.flat().map((t) => [t, prepareTemplate(t)]));
const cache = new Map();
const compare = (a, b) => {
  let row = cache.get(a);
  if (!row) cache.set(a, (row = new Map()));
  let s = row.get(b);
  if (s === undefined) row.set(b, (s = compareTemplates(prepared.get(a), prepared.get(b))));
  return s;
};

const rnd = seededRandom(13);
const pick = (n) => Math.floor(rnd() * n);
const fmrs = [1e-3, TRANSACTION_PARAMETERS.sequenceMatchFmr, 1e-5].filter((v, i, a) => a.indexOf(v) === i);
const rows = fmrs.map((fmr) => ({ fmr, threshold: fmrToThreshold(fmr), falseAlarms: 0, caught: 0, anyAlarm: 0, unconfirmedPerCapture: 0 }));
for (let n = 0; n < captures; n++) {
  const chosen = [];
  while (chosen.length < 10) { const f = pick(fingers.length); if (!chosen.includes(f)) chosen.push(f); }
  const rolled = new Map();
  const plain = new Map();
  chosen.forEach((f, k) => {
    const i = pick(8);
    let j = pick(7);
    if (j >= i) j++;
    rolled.set(k + 1, fingers[f][i]);
    plain.set(k + 1, fingers[f][j]);
  });
  const a = 1 + pick(10);
  let b = 1 + pick(9);
  if (b >= a) b++;
  const swapped = new Map(rolled);
  swapped.set(a, rolled.get(b));
  swapped.set(b, rolled.get(a));
  for (const row of rows) {
    const ok = checkFingerSequence(rolled, plain, compare, row.threshold);
    if (ok.swapped.length > 0) row.falseAlarms++;
    row.unconfirmedPerCapture += ok.unconfirmed.length / captures;
    const bad = checkFingerSequence(swapped, plain, compare, row.threshold);
    if (bad.swapped.length > 0) row.anyAlarm++;
    if (bad.swapped.some(([x, y]) => x === Math.min(a, b) && y === Math.max(a, b))) row.caught++;
  }
}
if (json) console.log(JSON.stringify({ captures, rows }));
else {
  console.log(`captures ${captures} correct + ${captures} with two rolled boxes exchanged (FVC2002 DB1-DB4 B, 40 fingers)`);
  console.log('FMR per comparison | score | swaps caught (pair named) | any alarm on swaps | false alarms on correct | unconfirmed per correct capture');
  for (const r of rows) {
    console.log(`${r.fmr} | ${r.threshold.toFixed(2)} | ${r.caught} (${((100 * r.caught) / captures).toFixed(2)} %) | ${r.anyAlarm} | ${r.falseAlarms} (${((100 * r.falseAlarms) / captures).toFixed(2)} %) | ${r.unconfirmedPerCapture.toFixed(2)}`);
  }
}
