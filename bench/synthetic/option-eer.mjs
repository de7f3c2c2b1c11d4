// EER of a synthetic folder (`afis synth` F_I images) with and without extraction parameter
// changes: every image extracted twice (shipped parameters, then with the changes), all pairs
// scored with the shipped matcher, and the FVC-protocol EER (genuine: all pairs of a finger;
// impostor: first impressions of different fingers) and the all-pairs EER (every impostor pair)
// printed for both, with the genuine pairs that fall below the all-pairs FMR 1 % threshold.
// `afis eval fvc` reports the same figures for the shipped parameters.
// `npm run build && nice -n 19 node bench/synthetic/option-eer.mjs DIR '{"PARAM":VALUE}'`
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { computeErrorRates, listFvcComparisons, parseFvcName } from '../../dist/matching/evaluate-fvc.js';

const [dir, changes = '{}'] = process.argv.slice(2);
const [set] = await readEvalSets([dir]);
const images = set.names.map((n) => parseFvcName(n));
const fvc = listFvcComparisons(images);
const out = {};
for (const [label, parameters] of [['off', EXTRACTION_PARAMETERS], ['on', { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) }]]) {
  const { templates } = extractEvalSet(set, { parameters });
  const { scores } = scoreEvalSet(set.fingers, templates);
  const n = templates.length;
  const s = (a, b) => (a < b ? scores[a * n + b] : scores[b * n + a]);
  const genuine = fvc.genuine.map(([a, b]) => s(a, b));
  const rFvc = computeErrorRates(genuine, fvc.impostor.map(([a, b]) => s(a, b)));
  const rAll = computeErrorRates(genuine, fvc.allPairsImpostor.map(([a, b]) => s(a, b)));
  const impostors = fvc.allPairsImpostor.map(([a, b]) => s(a, b)).sort((x, y) => y - x);
  const t1 = impostors[Math.floor(impostors.length * 0.01)];
  const below = fvc.genuine.filter(([a, b]) => s(a, b) < t1).map(([a, b]) => `${set.names[a]}-${set.names[b]}`);
  out[label] = { fvcEerPercent: +(100 * rFvc.eer).toFixed(2), allPairsEerPercent: +(100 * rAll.eer).toFixed(2), allPairsFnmrAtFmr1Percent: +(100 * rAll.fmr100).toFixed(2), allPairsFnmrAtFmr01Percent: +(100 * rAll.fmr1000).toFixed(2), genuineBelowFmr1: below.length, images: [...new Set(below.flatMap((p) => p.split('-')))].slice(0, 12) };
}
console.log(JSON.stringify({ dir, changes: JSON.parse(changes), ...out }, null, 1));
