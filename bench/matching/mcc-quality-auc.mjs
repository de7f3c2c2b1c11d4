#!/usr/bin/env node
// Does a per-minutia reliability separate a print's unpaired minutiae from its paired ones
// (issue 12 part 5, mccq)? Label: a kept minutia of a print is *paired* when the shipped
// matcher's best pairing holds it in at least `--min` (default 1) of the print's genuine
// comparisons (7 per print in FVC2002 B), else *unpaired*; with --per-comparison, one sample per
// minutia and genuine comparison, paired when that comparison's pairing holds it (mostly false minutiae, or true ones in
// a part no other impression shows). Scores: the extraction's Minutia.quality (higher = paired),
// and two free of the extraction: the minutiae within 30 / 50 px (lower = paired; false minutiae
// crowd where no ridge is readable). AUC = P(score of a paired > score of an unpaired), ties ½.
// Reported per named print (e.g. 109_8), pooled over all prints of each set and of all sets, and
// the median of the per-print AUCs.
//
//   node bench/matching/mcc-quality-auc.mjs SET_DIR[@PPI] … [--prints DB2_B/109_8,DB3_B/110_3] [--min K | --per-comparison]
//
// Figures in bench/RESULTS.md ("Minutia quality in the MCC gate").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { compareTemplatesDetailed, prepareTemplate } from '../../dist/matching/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); if (i < 0) return dflt; const v = args[i + 1]; args.splice(i, 2); return v; };
const prints = new Set((opt('--prints', '') || '').split(',').filter(Boolean));
const minPaired = Number(opt('--min', '1'));
const perComparison = args.includes('--per-comparison');
if (perComparison) args.splice(args.indexOf('--per-comparison'), 1);
if (args.length === 0) { process.stderr.write('usage: mcc-quality-auc.mjs SET_DIR[@PPI] … [--prints NAME,…] [--min K]\n'); process.exit(2); }

/** AUC of score s for label 1 against label 0 (s higher for label 1 = AUC > 0.5). */
function auc(items) {
  const pos = items.filter((i) => i.label).map((i) => i.s), neg = items.filter((i) => !i.label).map((i) => i.s);
  if (!pos.length || !neg.length) return null;
  const all = [...pos.map((s) => [s, 1]), ...neg.map((s) => [s, 0])].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i; while (j < all.length && all[j][0] === all[i][0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k][1]) rankSum += rank;
    i = j;
  }
  return +((rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length)).toFixed(3);
}
const FEATURES = ['quality', 'negNear30', 'negNear50'];
const summarise = (ms) => ({ minutiae: ms.length, paired: ms.filter((m) => m.label).length, ...Object.fromEntries(FEATURES.map((f) => [f, auc(ms.map((m) => ({ s: m[f], label: m.label })))])) });
const median = (v) => { const s = v.filter((x) => x !== null).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };

const out = { min: perComparison ? 'per comparison' : minPaired, prints: {}, sets: {} };
const everything = [];
const perPrint = Object.fromEntries(FEATURES.map((f) => [f, []]));
for (const set of await readEvalSets(args)) {
  const { templates } = extractEvalSet(set);
  const prepared = templates.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  // how often each (print, source minutia) is in a genuine comparison's shipped pairing
  // (and, with --per-comparison, each genuine comparison's own pairing as the label: one sample
  // per minutia per comparison)
  const pairedCount = templates.map(() => new Map());
  const inComparison = templates.map(() => []);
  for (let a = 0; a < templates.length; a++) for (let b = a + 1; b < templates.length; b++) {
    if (!prepared[a] || !prepared[b] || set.fingers[a] !== set.fingers[b]) continue;
    const sa = new Set(), sb = new Set();
    for (const p of compareTemplatesDetailed(prepared[a], prepared[b], MATCHING_PARAMETERS).pairs) {
      pairedCount[a].set(p.probe, (pairedCount[a].get(p.probe) ?? 0) + 1);
      pairedCount[b].set(p.candidate, (pairedCount[b].get(p.candidate) ?? 0) + 1);
      sa.add(p.probe); sb.add(p.candidate);
    }
    inComparison[a].push(sa); inComparison[b].push(sb);
  }
  const setMinutiae = [];
  for (let i = 0; i < templates.length; i++) {
    const P = prepared[i];
    if (!P) continue;
    const ms = [];
    for (let m = 0; m < P.count; m++) {
      let n30 = 0, n50 = 0;
      for (let k = 0; k < P.count; k++) {
        if (k === m) continue;
        const d2 = (P.x[k] - P.x[m]) ** 2 + (P.y[k] - P.y[m]) ** 2;
        if (d2 <= 900) n30++;
        if (d2 <= 2500) n50++;
      }
      const src = P.sourceIndex[m];
      const f = { quality: templates[i].minutiae[src].quality, negNear30: -n30, negNear50: -n50 };
      if (perComparison) for (const paired of inComparison[i]) ms.push({ ...f, label: paired.has(src) });
      else ms.push({ ...f, label: (pairedCount[i].get(src) ?? 0) >= minPaired });
    }
    const name = `${set.label.split('/').pop().split('@')[0]}/${set.names[i].replace(/\.[a-z]+$/i, '')}`;
    const s = summarise(ms);
    for (const f of FEATURES) perPrint[f].push(s[f]);
    if (prints.has(name)) out.prints[name] = { ...s, medianQualityPaired: median(ms.filter((m) => m.label).map((m) => m.quality)), medianQualityUnpaired: median(ms.filter((m) => !m.label).map((m) => m.quality)) };
    setMinutiae.push(...ms);
  }
  out.sets[set.label] = summarise(setMinutiae);
  everything.push(...setMinutiae);
}
out.all = summarise(everything);
out.perPrintMedian = Object.fromEntries(FEATURES.map((f) => [f, median(perPrint[f])]));
process.stdout.write(`${JSON.stringify(out)}\n`);
