// Slap segmentation accuracy (issue 13): slaps composed from FVC2002 DB4 fingers (synthetic,
// SFinGe) with bench/segmentation/compose-slap.mjs — right, left and thumb slaps, hands tilted
// up to ±26°, each finger turned up to ±7° more, fingers from touching to well apart, one finger
// missing in 8 % of slaps (declared by the desk in half of those). A finger is right when a
// segment of its position overlaps its true box by IoU ≥ 0.8.
// `npm run build && node bench/segmentation/segmentation-accuracy.mjs [--slaps 1000] [--json]`
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeCapture } from '../../dist/capture/index.js';
import { segmentSlap } from '../../dist/segmentation/index.js';
import { boxIou, composeSlap, seededRandom, SLAP_LAYOUT } from './compose-slap.mjs';

const args = process.argv.slice(2);
const slaps = Number(args[args.indexOf('--slaps') + 1] ?? 0) || 1000;
const json = args.includes('--json');
const dir = fileURLToPath(new URL('../../../shared/data/fvc2002/DB4_B/', import.meta.url));

const images = [];
for (let f = 101; f <= 110; f++) for (let i = 1; i <= 8; i++) images.push(await decodeCapture(new Uint8Array(await readFile(`${dir}${f}_${i}.tif`))));

const rnd = seededRandom(2026);
const pick = (n) => Math.floor(rnd() * n);
const kinds = ['right-four', 'left-four', 'thumbs'];
let fingers = 0, right = 0, wrongPosition = 0, lowIou = 0, notFound = 0, refused = 0, missingRight = 0, missingCases = 0;
let ms = 0;
const ious = [];
for (let n = 0; n < slaps; n++) {
  const kind = kinds[n % 3];
  const slots = SLAP_LAYOUT[kind].positions;
  const missingSlot = rnd() < 0.08 ? pick(slots.length) : -1;
  const declare = rnd() < 0.5;
  const width = 230;
  const parts = slots.map((_, k) => (k === missingSlot ? null : { image: images[pick(images.length)], rx: 115, ry: 165 }));
  const composed = composeSlap(parts, {
    kind, rnd, width: kind === 'thumbs' ? 1600 : 1600, height: 1500,
    handAngle: (rnd() * 2 - 1) * 0.45, fingerJitter: 0.12,
    spacing: kind === 'thumbs' ? width * (2 + rnd() * 1.5) : width * (1.0 + rnd() * 0.3),
    offsetX: (rnd() * 2 - 1) * 100, offsetY: -100 + (rnd() * 2 - 1) * 80,
  });
  fingers += composed.truth.length;
  const declaredMissing = missingSlot >= 0 && declare ? [slots[missingSlot]] : [];
  const t0 = performance.now();
  let result;
  try {
    result = segmentSlap(composed.image, kind, { declaredMissing });
  } catch {
    refused++;
    notFound += composed.truth.length;
    continue;
  } finally {
    ms += performance.now() - t0;
  }
  if (missingSlot >= 0) {
    missingCases++;
    if (result.missing.length === 1 && result.missing[0] === slots[missingSlot]) missingRight++;
  }
  for (const t of composed.truth) {
    const same = result.fingers.find((f) => f.position === t.position);
    const overlapping = result.fingers.find((f) => boxIou(f.box, t.box) >= 0.5);
    if (same && boxIou(same.box, t.box) >= 0.8) { right++; ious.push(boxIou(same.box, t.box)); continue; }
    if (overlapping && overlapping.position !== t.position) wrongPosition++;
    else if (same || overlapping) lowIou++;
    else notFound++;
  }
}
ious.sort((a, b) => a - b);
const out = {
  slaps, fingers, right, rightPct: (100 * right) / fingers, wrongPosition, lowIou, notFound, refusedSlaps: refused,
  missingCases, missingRight, medianIou: ious[Math.floor(ious.length / 2)], meanMsPerSlap: ms / slaps,
};
if (json) console.log(JSON.stringify(out));
else {
  console.log(`slaps ${slaps}, fingers ${fingers}`);
  console.log(`right (position and IoU >= 0.8): ${right} (${out.rightPct.toFixed(2)} %)`);
  console.log(`wrong position ${wrongPosition}, IoU < 0.8 ${lowIou}, not found ${notFound}, slaps refused ${refused}`);
  console.log(`missing finger named right: ${missingRight} of ${missingCases}; median IoU ${out.medianIou.toFixed(3)}; ${out.meanMsPerSlap.toFixed(1)} ms per slap`);
}
