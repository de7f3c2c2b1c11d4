// How many kept minutiae `minutiaDirectionFieldMaxLength` N lets the field turn: each set is
// extracted shipped and with minutiaDirectionFieldShare S and each N; a minutia counts as turned when
// its angle differs from the shipped template's (the option moves nothing but angles). Prints, per N,
// the turned share of all kept minutiae per set and overall (N = 0: every minutia the field reaches).
// `npm run build && nice -n 19 node bench/extraction/direction-field-length.mjs SHARE N1,N2,… SET…` (SET as `afis eval cv` reads it, DB2_B@569)
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';

const [share, ns, ...specs] = process.argv.slice(2);
const lengths = ns.split(',').map(Number);
const sets = await readEvalSets(specs);
const turned = lengths.map(() => sets.map(() => 0));
const totals = sets.map(() => 0);
for (const [s, set] of sets.entries()) {
  const off = extractEvalSet(set).templates;
  totals[s] = off.reduce((a, t) => a + (t ? t.minutiae.length : 0), 0);
  for (const [g, n] of lengths.entries()) {
    const on = extractEvalSet(set, { parameters: { ...EXTRACTION_PARAMETERS, minutiaDirectionFieldShare: Number(share), minutiaDirectionFieldMaxLength: n } }).templates;
    off.forEach((t, i) => t && t.minutiae.forEach((m, k) => { if (on[i].minutiae[k].angle !== m.angle) turned[g][s]++; }));
  }
}
const pct = (a, b) => (100 * a / b).toFixed(1);
const all = totals.reduce((a, b) => a + b, 0);
console.log(`kept minutiae per set: ${totals.join(' / ')}`);
for (const [g, n] of lengths.entries()) console.log(`N = ${n}: turned ${pct(turned[g].reduce((a, b) => a + b, 0), all)} % (${turned[g].map((v, s) => pct(v, totals[s])).join(' / ')})`);
