// The ten-print capture checks of issue 13 on the synthetic generator's own persons (src/synthetic,
// `afis synth --slaps --altered`), images none of the detectors was tuned on (segmentation and the
// sequence threshold were set on slaps composed from FVC2002 DB4, alteration levels on FVC2002
// prints altered by bench/alteration/alter-finger.mjs):
// - slap segmentation: each synthetic slap (right four, left four, thumbs) cut by segmentSlap; a
//   finger is right when the segment of its position overlaps its true box (the generator's box
//   of the finger's visible contact) by IoU ≥ 0.8;
// - the sequence check: the ten rolled prints against the plain fingertips cut from the three
//   slaps (as the desk does), at the production threshold (TRANSACTION_PARAMETERS.sequenceMatchFmr):
//   a correct capture refused is a false alarm; the same capture with the rolled prints of two
//   random positions exchanged is caught when the check names exactly that pair;
// - altered-finger detection: detectAlteration on every rolled print; a finger is altered when the
//   generator altered its skin (`--altered` probability per finger), by kind.
// `npm run build && node bench/synthetic/tenprint-capture.mjs [--persons 100] [--seed 1313] [--altered 0.3] [--tip-margin N] [--alteration-set NAME=V]... [--json]`
// (stderr: the figures so far every 10 persons)
import { extractTemplate } from '../../dist/extraction/index.js';
import { compareTemplates, fmrToThreshold, prepareTemplate } from '../../dist/matching/index.js';
import { ALTERATION_PARAMETERS, SEGMENTATION_PARAMETERS, TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { checkFingerSequence } from '../../dist/transactions/index.js';
import { segmentSlap } from '../../dist/segmentation/index.js';
import { detectAlteration } from '../../dist/quality/index.js';
import { synthesizeSubject } from '../../dist/synthetic/index.js';
import { boxIou, seededRandom } from '../segmentation/compose-slap.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const persons = opt('--persons', 100);
const seed = opt('--seed', 1313);
const alteredShare = opt('--altered', 0.3);
const json = args.includes('--json');
// --alteration-set NAME=V (repeatable): an alteration parameter changed (ALTERATION_PARAMETERS)
const alterationChanges = {};
args.forEach((a, i) => { if (a === '--alteration-set') { const [k, v] = args[i + 1].split('='); if (!(k in ALTERATION_PARAMETERS)) throw new Error(`unknown alteration parameter ${k}`); alterationChanges[k] = Number(v); } });
const alterationParams = { ...ALTERATION_PARAMETERS, ...alterationChanges };
// --tip-margin N: the fingertips cut with `tipMarginBlocks` N instead of the shipped value (an A/B of the cut)
const segmentation = args.includes('--tip-margin') ? { ...SEGMENTATION_PARAMETERS, tipMarginBlocks: opt('--tip-margin', SEGMENTATION_PARAMETERS.tipMarginBlocks) } : SEGMENTATION_PARAMETERS;
const KIND = { 13: 'right-four', 14: 'left-four', 15: 'thumbs' };
const threshold = fmrToThreshold(TRANSACTION_PARAMETERS.sequenceMatchFmr);
const rnd = seededRandom(seed);

const seg = { slaps: 0, fingers: 0, right: 0, wrongPosition: 0, lowIou: 0, notFound: 0, refused: 0, ious: [], ms: 0, confidence: [], wrongSlapConfidence: [] };
const seq = { captures: 0, falseAlarms: 0, caught: 0, anyAlarm: 0, unconfirmed: 0, rolledFailed: 0, plainMissing: 0 };
const alt = { unaltered: { n: 0, flagged: 0 } };
const started = performance.now();

const tryExtract = (image) => { try { return extractTemplate(image); } catch { return undefined; } };

for (let subject = 1; subject <= persons; subject++) {
  const s = synthesizeSubject(seed, subject, { impressions: 0, style: 'rolled', tenPrint: true, slaps: true, altered: alteredShare });
  const alteredKind = new Map(s.alterations.map((a) => [a.position, a.alteration.kind]));

  // ---- segmentation of the three slaps; their fingertips are the plain prints
  const plain = new Map();
  for (const slap of s.slaps) {
    seg.slaps++;
    seg.fingers += slap.fingers.length;
    const t0 = performance.now();
    let result;
    try {
      result = segmentSlap(slap.image, KIND[slap.position], { params: segmentation });
    } catch {
      seg.refused++;
      seg.notFound += slap.fingers.length;
      continue;
    } finally {
      seg.ms += performance.now() - t0;
    }
    seg.confidence.push(result.confidence);
    for (const f of result.fingers) {
      const t = tryExtract(f.image);
      if (t) plain.set(f.position, prepareTemplate(t));
    }
    const rightBefore = seg.right;
    for (const t of slap.fingers) {
      const [x0, y0, x1, y1] = t.box;
      const truth = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
      const same = result.fingers.find((f) => f.position === t.position);
      const overlapping = result.fingers.find((f) => boxIou(f.box, truth) >= 0.5);
      if (same && boxIou(same.box, truth) >= 0.8) { seg.right++; seg.ious.push(boxIou(same.box, truth)); continue; }
      if (overlapping && overlapping.position !== t.position) seg.wrongPosition++;
      else if (same || overlapping) seg.lowIou++;
      else seg.notFound++;
    }
    // the confidence of slaps with a finger wrong, beside that of the rest (where a recapture floor could go)
    if (seg.right - rightBefore < slap.fingers.length) seg.wrongSlapConfidence.push(result.confidence);
  }

  // ---- alteration of the rolled prints, and their templates for the sequence check
  const rolled = new Map();
  for (const [k, r] of s.rolled.entries()) {
    const position = k + 1;
    const template = tryExtract(r.image.image);
    const a = detectAlteration(r.image.image, template, alterationParams);
    const kind = alteredKind.get(position) ?? 'unaltered';
    alt[kind] ??= { n: 0, flagged: 0 };
    alt[kind].n++;
    if (a.altered) alt[kind].flagged++;
    if (template) rolled.set(position, prepareTemplate(template));
    else seq.rolledFailed++;
  }

  // ---- the sequence check: correct, then two rolled boxes exchanged
  seq.captures++;
  seq.plainMissing += 10 - plain.size;
  const compare = (a, b) => compareTemplates(a, b);
  const ok = checkFingerSequence(rolled, plain, compare, threshold);
  if (ok.swapped.length > 0) seq.falseAlarms++;
  seq.unconfirmed += ok.unconfirmed.length;
  const positions = [...rolled.keys()];
  const a = positions[Math.floor(rnd() * positions.length)];
  let b = a;
  while (b === a) b = positions[Math.floor(rnd() * positions.length)];
  const swapped = new Map(rolled);
  swapped.set(a, rolled.get(b));
  swapped.set(b, rolled.get(a));
  const bad = checkFingerSequence(swapped, plain, compare, threshold);
  if (bad.swapped.length > 0) seq.anyAlarm++;
  if (bad.swapped.some(([x, y]) => x === Math.min(a, b) && y === Math.max(a, b))) seq.caught++;
  // the figures so far, one JSON line every 10 persons (a long run stopped early keeps them)
  if (subject % 10 === 0 && subject < persons) console.error(JSON.stringify(summary(subject)));
}

function summary(done) {
  const ious = [...seg.ious].sort((x, y) => x - y);
  const confidence = [...seg.confidence].sort((x, y) => x - y);
  const alteredRows = Object.entries(alt).filter(([k]) => k !== 'unaltered');
  const tp = alteredRows.reduce((sum, [, r]) => sum + r.flagged, 0);
  const pos = alteredRows.reduce((sum, [, r]) => sum + r.n, 0);
  const out = {
    seed, persons: done, alteredShare, seconds: Math.round((performance.now() - started) / 1000),
    segmentation: {
      slaps: seg.slaps, fingers: seg.fingers, right: seg.right, rightPct: (100 * seg.right) / seg.fingers, wrongPosition: seg.wrongPosition,
      lowIou: seg.lowIou, notFound: seg.notFound, refusedSlaps: seg.refused, medianIou: ious[Math.floor(ious.length / 2)],
      confidence: Object.fromEntries([0.01, 0.05, 0.1, 0.5].map((q) => [`p${q * 100}`, confidence[Math.floor(q * confidence.length)]])),
      confidenceOfSlapsWithAFingerWrong: [...seg.wrongSlapConfidence].sort((x, y) => x - y), msPerSlap: seg.ms / seg.slaps,
    },
    sequence: {
      fmr: TRANSACTION_PARAMETERS.sequenceMatchFmr, threshold, captures: seq.captures, caught: seq.caught, caughtPct: (100 * seq.caught) / seq.captures,
      anyAlarmOnSwaps: seq.anyAlarm, falseAlarms: seq.falseAlarms, falseAlarmPct: (100 * seq.falseAlarms) / seq.captures,
      unconfirmedPerCapture: seq.unconfirmed / seq.captures, rolledWithoutTemplate: seq.rolledFailed, plainFingertipsMissing: seq.plainMissing,
    },
    alteration: {
      rows: Object.entries(alt).map(([kind, r]) => ({ kind, fingers: r.n, flagged: r.flagged, ratePct: r.n ? (100 * r.flagged) / r.n : 0 })),
      tpr: pos ? tp / pos : 0, fpr: alt.unaltered.n ? alt.unaltered.flagged / alt.unaltered.n : 0,
    },
  };
  return out;
}
const out = summary(persons);
console.log(json ? JSON.stringify(out) : JSON.stringify(out, null, 2));
