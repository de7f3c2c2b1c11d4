// Synthetic prints' share of bifurcations, per print: the truth's (visible minutiae the skin did not
// destroy) against what our extraction reads, by skin condition; p5 / p50 / p95 over realism.mjs's
// synthetic set (seeds 1-4, 10 persons x 8 mixed impressions). Tells whether the realism table's
// bifurcation share (extracted) is the master's or the extraction's (issue 12, duty2; bench/RESULTS.md).
//   npm run build && nice -n 19 node bench/synthetic/bifurcation-share.mjs ['{"normalThresholdSpread":0.36}']
// The optional JSON: impression settings over the defaults (synthesizeSubject's `impression`).
import { synthesizeSubject } from '../../dist/synthetic/index.js';
import { extractTemplate } from '../../dist/extraction/index.js';
const imp = process.argv[2] ? JSON.parse(process.argv[2]) : undefined;
const rows = [];
for (const seed of [1, 2, 3, 4]) for (let s = 1; s <= 10; s++) {
  const subject = synthesizeSubject(seed, s, { impressions: 8, style: 'mixed', tenPrint: false, ...(imp ? { impression: imp } : {}) });
  for (const im of subject.impressions) {
    const truth = im.truth.minutiae.filter((m) => !m.destroyed);
    let t; try { t = extractTemplate(im.image.image); } catch { continue; }
    const tb = truth.filter((m) => m.type === 'bifurcation').length / Math.max(1, truth.length);
    const eb = t.minutiae.filter((m) => m.type === 'bifurcation').length / Math.max(1, t.minutiae.length);
    rows.push({ cond: im.truth.condition, tb, eb });
  }
}
const q = (a, f) => { const b = [...a].sort((x, y) => x - y); return b[Math.min(b.length - 1, Math.floor(f * b.length))].toFixed(2); };
const groups = {};
for (const r of rows) (groups[r.cond] ??= []).push(r), (groups.all ??= []).push(r);
for (const [g, rs] of Object.entries(groups)) console.log(g, rs.length, 'truth', q(rs.map((r) => r.tb), 0.05), q(rs.map((r) => r.tb), 0.5), q(rs.map((r) => r.tb), 0.95), 'extracted', q(rs.map((r) => r.eb), 0.05), q(rs.map((r) => r.eb), 0.5), q(rs.map((r) => r.eb), 0.95));
