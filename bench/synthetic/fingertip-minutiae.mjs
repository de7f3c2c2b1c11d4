#!/usr/bin/env node
// The minutiae of fingertips cut from slaps (issue 12 and the ten-print capture): the generator's own
// persons (`synthesizeSubject` with slaps), each slap cut by segmentSlap as the desk does, each
// fingertip extracted, and its minutiae scored against the generator's truth of that finger's plain
// impression (moved into the slap): precision and recall at 15 px and 30° within the fingertip's box,
// and the share of minutiae near the white fill the cut puts around a finger's region. Two cuts are
// compared on the same slaps: the shipped `tipMarginBlocks` and --tip-margin N. The rolled print of
// each finger is extracted too, and the 1:1 score of rolled against fingertip (what the sequence check
// compares) is reported for both cuts. Intervals: 95 %, 1,000 bootstrap rounds over persons (paired).
//
//   npm run build && node bench/synthetic/fingertip-minutiae.mjs [--persons 20] [--seed 1314] [--tip-margin N (default 1, the cut before 6 December)] [--json]
//
// Figures in bench/RESULTS.md ("Fingertips cut from slaps").
import { extractTemplate } from '../../dist/extraction/index.js';
import { compareTemplates, fmrToThreshold, prepareTemplate } from '../../dist/matching/index.js';
import { SEGMENTATION_PARAMETERS, TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { segmentSlap } from '../../dist/segmentation/index.js';
import { createRng, synthesizeSubject } from '../../dist/synthetic/index.js';
import { pairTruthMinutiae } from '../../dist/synthetic/pair-truth-minutiae.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const persons = opt('--persons', 20);
const seed = opt('--seed', 1314);
const margin = opt('--tip-margin', 1);
const json = args.includes('--json');
const KIND = { 13: 'right-four', 14: 'left-four', 15: 'thumbs' };
const NEAR_FILL = 16;
const threshold = fmrToThreshold(TRANSACTION_PARAMETERS.sequenceMatchFmr);
const arms = [
  { name: `shipped (tipMarginBlocks ${SEGMENTATION_PARAMETERS.tipMarginBlocks})`, params: SEGMENTATION_PARAMETERS },
  { name: `tipMarginBlocks ${margin}`, params: { ...SEGMENTATION_PARAMETERS, tipMarginBlocks: margin } },
];
const tryExtract = (image) => { try { return extractTemplate(image); } catch { return undefined; } };

/** Per person and arm: counts summed over its fingertips, and the rolled-against-fingertip scores. */
const perPerson = [];
for (let subject = 1; subject <= persons; subject++) {
  const s = synthesizeSubject(seed, subject, { impressions: 0, style: 'rolled', tenPrint: true, slaps: true, altered: 0 });
  const rolled = new Map(s.rolled.map((r, k) => { const t = tryExtract(r.image.image); return [k + 1, t && prepareTemplate(t)]; }));
  const row = arms.map(() => ({ fingers: 0, extracted: 0, correct: 0, truth: 0, found: 0, nearFill: 0, nearFillCorrect: 0, scores: [] }));
  for (const slap of s.slaps) {
    arms.forEach((arm, a) => {
      let result;
      try { result = segmentSlap(slap.image, KIND[slap.position], { params: arm.params }); } catch { return; }
      for (const f of result.fingers) {
        const t = slap.fingers.find((q) => q.position === f.position);
        if (!t) continue;
        const { width: W, height: H } = f.image;
        const template = tryExtract(f.image);
        if (!template) continue;
        const c = row[a];
        c.fingers++;
        // the cut's fill: white in the fingertip where the slap is not
        const fill = new Uint8Array(W * H);
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            if (f.image.data[y * W + x] === 255 && slap.image.data[(f.box.y + y) * slap.image.width + f.box.x + x] !== 255) fill[y * W + x] = 1;
          }
        }
        const truth = t.minutiae.map((m) => ({ ...m, x: m.x - f.box.x, y: m.y - f.box.y })).filter((m) => m.x >= 0 && m.y >= 0 && m.x < W && m.y < H);
        const pairing = pairTruthMinutiae(truth, template.minutiae, 15, Math.PI / 6);
        const correct = new Set(pairing.pairs.map(([, e]) => e));
        c.truth += truth.filter((m) => !m.destroyed).length;
        for (const [i] of pairing.pairs) if (!truth[i].destroyed) c.found++;
        template.minutiae.forEach((m, i) => {
          c.extracted++;
          if (correct.has(i)) c.correct++;
          let near = false;
          const x0 = Math.max(0, Math.floor(m.x - NEAR_FILL)), x1 = Math.min(W - 1, Math.ceil(m.x + NEAR_FILL));
          const y0 = Math.max(0, Math.floor(m.y - NEAR_FILL)), y1 = Math.min(H - 1, Math.ceil(m.y + NEAR_FILL));
          for (let y = y0; y <= y1 && !near; y++) for (let x = x0; x <= x1; x++) if (fill[y * W + x] && Math.hypot(x - m.x, y - m.y) < NEAR_FILL) { near = true; break; }
          if (near) { c.nearFill++; if (correct.has(i)) c.nearFillCorrect++; }
        });
        const r = rolled.get(f.position);
        if (r) c.scores.push(compareTemplates(r, prepareTemplate(template)));
      }
    });
  }
  perPerson.push(row);
  if (!json && subject % 10 === 0) process.stderr.write(`${subject} persons\n`);
}

const sum = (rows, a) => rows.reduce((acc, r) => {
  for (const k of ['fingers', 'extracted', 'correct', 'truth', 'found', 'nearFill', 'nearFillCorrect']) acc[k] += r[a][k];
  acc.scores.push(...r[a].scores);
  return acc;
}, { fingers: 0, extracted: 0, correct: 0, truth: 0, found: 0, nearFill: 0, nearFillCorrect: 0, scores: [] });
const figures = (c) => {
  const scores = [...c.scores].sort((x, y) => x - y);
  return {
    fingers: c.fingers, minutiae: c.extracted, precision: c.correct / c.extracted, recall: c.found / c.truth,
    nearFillShare: c.nearFill / c.extracted, nearFillPrecision: c.nearFill ? c.nearFillCorrect / c.nearFill : null,
    rolledScoreMedian: scores[scores.length >> 1], rolledScoreP5: scores[Math.floor(scores.length * 0.05)], rolledBelowThreshold: scores.filter((v) => v < threshold).length,
  };
};
const point = arms.map((_, a) => figures(sum(perPerson, a)));
const rng = createRng(seed);
const diffs = { precision: [], recall: [], rolledScoreMedian: [] };
for (let round = 0; round < 1000; round++) {
  const sample = perPerson.map(() => perPerson[Math.floor(rng.next() * perPerson.length)]);
  const [f0, f1] = arms.map((_, a) => figures(sum(sample, a)));
  for (const k of Object.keys(diffs)) diffs[k].push(f1[k] - f0[k]);
}
const interval = (v) => { const s = [...v].sort((x, y) => x - y); return [s[Math.floor(0.025 * s.length)], s[Math.floor(0.975 * s.length)]]; };
const change = Object.fromEntries(Object.keys(diffs).map((k) => [k, { change: point[1][k] - point[0][k], interval: interval(diffs[k]) }]));
const out = { seed, persons, threshold, arms: arms.map((a, i) => ({ arm: a.name, ...point[i] })), change };
if (json) console.log(JSON.stringify(out, null, 2));
else {
  const pct = (v) => (v === null ? '—' : `${(100 * v).toFixed(2)} %`);
  for (const r of out.arms) {
    console.log(`${r.arm}: ${r.fingers} fingertips, ${r.minutiae} minutiae, precision ${pct(r.precision)}, recall ${pct(r.recall)}, within ${NEAR_FILL} px of the fill ${pct(r.nearFillShare)} (precision there ${pct(r.nearFillPrecision)}); rolled × fingertip median ${r.rolledScoreMedian.toFixed(1)}, 5th percentile ${r.rolledScoreP5.toFixed(1)}, ${r.rolledBelowThreshold} below the sequence threshold ${threshold.toFixed(2)}`);
  }
  for (const [k, v] of Object.entries(change)) console.log(`${k}: ${k === 'rolledScoreMedian' ? v.change.toFixed(2) : `${(100 * v.change).toFixed(2)} points`} [${v.interval.map((x) => (k === 'rolledScoreMedian' ? x.toFixed(2) : (100 * x).toFixed(2))).join(', ')}]`);
}
