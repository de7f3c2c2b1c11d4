// Screening (no intervals) of a gated form of `minutiaDirectionFieldShare`: the field's axis only
// for minutiae of quality below Q, the traced direction for the rest. The option moves nothing but
// angles, so each set is extracted twice (share 0 and share S) and the gated templates are made
// per minutia from the two; all pairs scored with the shipped matcher; all-pairs EER per set and
// its mean for each Q (Q = 0: shipped; Q = 101: the option everywhere).
// `npm run build && nice -n 19 node bench/extraction/direction-field-gate.mjs SHARE Q1,Q2,… SET…` (SET as `afis eval cv` reads it, DB2_B@569)
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';

const [share, qs, ...specs] = process.argv.slice(2);
const gates = qs.split(',').map(Number);
const sets = await readEvalSets(specs);
const rows = gates.map(() => []);
for (const set of sets) {
  const off = extractEvalSet(set).templates;
  const on = extractEvalSet(set, { parameters: { ...EXTRACTION_PARAMETERS, minutiaDirectionFieldShare: Number(share) } }).templates;
  gates.forEach((q, g) => {
    const mixed = off.map((t, i) => t && { ...t, minutiae: t.minutiae.map((m, k) => (m.quality < q ? { ...m, angle: on[i].minutiae[k].angle } : m)) });
    rows[g].push(allPairsErrorRates(scoreEvalSet(set.fingers, mixed)).eer);
  });
}
const pct = (v) => (100 * v).toFixed(2);
for (const [g, q] of gates.entries()) console.log(`quality < ${q}: mean ${pct(rows[g].reduce((a, b) => a + b, 0) / rows[g].length)} % (${rows[g].map(pct).join(' / ')})`);
