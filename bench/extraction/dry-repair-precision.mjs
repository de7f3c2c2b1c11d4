#!/usr/bin/env node
// How right the learned dry-region detector's repairs are (issue 12, part 4): its additions with
// and without the skeleton's confirmation (`minutiaNetConfirmDistance`), its drops with and
// without the skeleton's context (`minutiaNetDropMaxRidgeLength`). Each of the four FVC2002 B sets'
// images is extracted clean (shipped parameters) and dry (the seeds `afis eval perturb --kinds dry`
// uses), the dry analysis once, then the skeleton half with each candidate's parameters. The
// minutiae a candidate adds to the shipped dry template are labelled as dry-oracle.mjs labels:
// true when the clean template of the same image has a minutia within 12 px and 30°, restoring
// when that clean minutia is one the shipped dry template lacked; the minutiae it removes are
// false when the clean template has none there. No matching: counts only.
//
//   node bench/extraction/dry-repair-precision.mjs DATA_DIR [SEED] ['[{"minutiaNetAddThreshold":0.9},…]']
//
// Figures in bench/RESULTS.md ("the learned detector's repairs cross-checked with the skeleton").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, seedText = '1', candidatesText] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dry-repair-precision.mjs DATA_DIR [SEED] ['[{\"PARAM\":VALUE},…]']\n");
  process.exit(2);
}
const seed = Number(seedText);
const defaults = [];
for (const add of [0.5, 0.7, 0.9]) {
  for (const confirm of [0, 4, 8]) defaults.push({ minutiaNetAddThreshold: add, minutiaNetConfirmDistance: confirm });
}
const candidates = candidatesText ? JSON.parse(candidatesText) : defaults;
const P = EXTRACTION_PARAMETERS;
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const angDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const near = (m, list) => list.some((n) => Math.hypot(n.x - m.x, n.y - m.y) <= 12 && angDiff(n.angle, m.angle) <= Math.PI / 6);
const key = (m) => `${m.x},${m.y},${m.angle},${m.type}`;
const tally = candidates.map(() => sets.map(() => ({ added: 0, true: 0, restoring: 0, dropped: 0, false: 0 })));
for (const [k, s] of sets.entries()) {
  s.items.forEach((item, i) => {
    const image = item.image;
    const clean = extractFromAnalysis(image, analyzeFingerprint(image, P), P, NO_DEBUG).minutiae;
    const dryImage = perturbImage(image, 'dry', mixSeed(seed, 0, k, i)).image;
    const da = analyzeFingerprint(dryImage, P);
    const base = extractFromAnalysis(dryImage, da, P, NO_DEBUG).minutiae;
    const lost = clean.filter((m) => !near(m, base));
    const had = new Map();
    for (const m of base) had.set(key(m), (had.get(key(m)) ?? 0) + 1);
    candidates.forEach((changes, c) => {
      const on = extractFromAnalysis(dryImage, da, { ...P, ...changes }, NO_DEBUG).minutiae;
      const left = new Map(had);
      const added = on.filter((m) => {
        const n = left.get(key(m)) ?? 0;
        if (n > 0) { left.set(key(m), n - 1); return false; }
        return true;
      });
      const kept = new Map();
      for (const m of on) kept.set(key(m), (kept.get(key(m)) ?? 0) + 1);
      const dropped = base.filter((m) => {
        const n = kept.get(key(m)) ?? 0;
        if (n > 0) { kept.set(key(m), n - 1); return false; }
        return true;
      });
      const t = tally[c][k];
      t.dropped += dropped.length;
      t.false += dropped.filter((m) => !near(m, clean)).length;
      t.added += added.length;
      t.true += added.filter((m) => near(m, clean)).length;
      t.restoring += added.filter((m) => near(m, lost)).length;
    });
  });
}
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '–');
const rows = candidates.map((changes, c) => {
  const all = tally[c].reduce((a, t) => Object.fromEntries(Object.keys(a).map((n) => [n, a[n] + t[n]])), { added: 0, true: 0, restoring: 0, dropped: 0, false: 0 });
  return {
    changes,
    added: all.added,
    truePercent: pct(all.true, all.added),
    restoringPercent: pct(all.restoring, all.added),
    dropped: all.dropped,
    falsePercent: pct(all.false, all.dropped),
    perSet: tally[c].map((t) => `${t.true}/${t.restoring}/${t.added}; ${t.false}/${t.dropped}`).join(' · '),
  };
});
process.stdout.write(`${JSON.stringify({ seed, note: 'perSet: true/restoring/added; false/dropped (DB1 · DB2 · DB3 · DB4)', rows }, null, 2)}\n`);
