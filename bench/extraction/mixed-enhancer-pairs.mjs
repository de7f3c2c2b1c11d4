#!/usr/bin/env node
// Does a per-print gate lose the learned ridge enhancer's gain because it mixes enhanced and
// plain templates within a finger's genuine pairs? (issue 12, mixgate)
//
// The four FVC2002 B sets are perturbed once with the draws `paired-option.mjs … KIND SEED` uses
// (mixSeed(SEED, 0, set, image)) and each perturbed image is extracted four times:
//   P = plain (`ridgeNetBlend` 0), E = enhanced ungated (`ridgeNetBlend` 0.5,
//   `ridgeNetMaxContrast` 0), G = the shipped default (enhancer gated by the contrast gate),
//   D = G plus drygate's blotch gate (`ridgeNetMinBlankShare` 0.002).
// Every unordered pair (a, b), a < b, within a set is then scored, like scoreEvalSet, in these arms:
//   PP, EE, GG, DD    both sides from the same extraction;
//   EP                compare(E_a, P_b) for every pair: one side enhanced, one plain;
//   PE                compare(P_a, E_b), the other way round;
//   half d            each image E or P with probability ½ (fixed draw d = 1…DRAWS, seeded by
//                     mixSeed(SEED, 7, d, set, image)), i.e. a gate that opens on a random half;
//   finger-half d     the same drawn per finger (mixSeed(SEED, 8, d, set, finger)): a gate that
//                     opens on a random half of the fingers, alike for all their impressions;
//   pair-or half d    a pair-level rule: EE when half d's draw is E for either image, else PP
//                     (a matcher holding both templates of every print, comparing like with like);
//   pair-or G / D     the same rule with the shipped gate's / the OR-gate's openings (a print is
//                     open when G's / D's template differs from P's).
// A mixed arm's pair score is the same comparison as in PP / EE / EP / PE, read from there.
// Output: mean EER (%) over the four sets of each arm, the differences to PP (and GG → EE, which
// is paired-option.mjs's '{"ridgeNetMaxContrast":0}' on − off) with 95 % intervals from 300
// rounds of resampling whole fingers (the same draws as paired-option.mjs), per-set EERs, and the
// mean genuine / impostor scores per arm.
//
//   node bench/extraction/mixed-enhancer-pairs.mjs DATA_DIR [KIND] [SEED] [--draws 3]
//
// Figures in bench/RESULTS.md (section "mixgate").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { bootstrapErrorRates, allPairsErrorRates, compareTemplates, prepareTemplate, normaliseScoresByCohort } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const drawsAt = args.indexOf('--draws');
const draws = drawsAt >= 0 ? Number(args.splice(drawsAt, 2)[1]) : 3;
const [dataDir, kind = 'dry', seedText = '1'] = args;
if (!dataDir || !(draws >= 0)) {
  process.stderr.write('usage: mixed-enhancer-pairs.mjs DATA_DIR [KIND] [SEED] [--draws 3]\n');
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const plain = { ...EXTRACTION_PARAMETERS, ridgeNetBlend: 0 };
const enhanced = { ...EXTRACTION_PARAMETERS, ridgeNetBlend: 0.5, ridgeNetMaxContrast: 0 };
const drygate = { ...EXTRACTION_PARAMETERS, ridgeNetMinBlankShare: 0.002 };
const log = (text) => process.stderr.write(`${new Date().toISOString()} ${text}\n`);

// per set: the score matrices (upper triangle, a < b) of the five comparisons, and enrolment flags
const perSet = sets.map((s, k) => {
  const perturbed = s.items.map((item, i) => (item && 'image' in item ? { image: perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image } : item));
  const set = { ...s, items: perturbed };
  const raw = (parameters) => extractEvalSet(set, { parameters }).templates;
  const prepare = (templates) => templates.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  const rawP = raw(plain);
  const rawG = raw(EXTRACTION_PARAMETERS);
  const rawD = raw(drygate);
  // the prints a gate opens for: its template differs from the plain one
  const plainText = rawP.map((t) => JSON.stringify(t));
  const openG = rawG.map((t, a) => JSON.stringify(t) !== plainText[a]);
  const openD = rawD.map((t, a) => JSON.stringify(t) !== plainText[a]);
  const P = prepare(rawP);
  const E = prepare(raw(enhanced));
  const G = prepare(rawG);
  const Dt = prepare(rawD);
  log(`${s.label}: extracted P, E, G, D`);
  const n = P.length;
  const matrix = (left, right) => {
    const scores = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      if (!left[a]) continue;
      for (let b = a + 1; b < n; b++) scores[a * n + b] = right[b] ? compareTemplates(left[a], right[b], MATCHING_PARAMETERS) : 0;
    }
    return scores;
  };
  const m = { PP: matrix(P, P), EE: matrix(E, E), GG: matrix(G, G), DD: matrix(Dt, Dt), EP: matrix(E, P), PE: matrix(P, E) };
  log(`${s.label}: scored`);
  return { fingers: s.fingers, n, P, E, G, Dt, m, openG, openD };
});

// an arm: which comparison (PP, EE, EP, PE) each pair a < b of set k is read from
// (cohort normalisation is off by default; an arm that mixes is left unnormalised)
const armOf = (pick) => perSet.map(({ fingers, n, m }, k) => {
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) scores[a * n + b] = m[pick(k, a, b)][a * n + b];
  }
  return { fingers, scores };
});
if (MATCHING_PARAMETERS.cohortExponent !== 0) throw new Error('mixed arms assume cohort normalisation off');
const fixedArm = (name) => perSet.map(({ fingers, m, P, E, G, Dt }) => {
  const scores = Float64Array.from(m[name]);
  const valid = (name === 'GG' ? G : name === 'DD' ? Dt : name === 'EE' ? E : P).map((t) => t !== null);
  normaliseScoresByCohort(scores, fingers, fingers.map(() => 0), valid, true, MATCHING_PARAMETERS);
  return { fingers, scores };
});
// EP / PE: the first (lower-index) side from one extraction, the second from the other
const crossArm = (first, second) => perSet.map(({ fingers, n, m }) => ({ fingers, scores: Float64Array.from(m[`${first}${second}`]) }));

const halfDraws = Array.from({ length: draws }, (_, d) => perSet.map(({ n }, k) =>
  Array.from({ length: n }, (_, a) => (createRng(mixSeed(seed, 7, d + 1, k, a)).next() < 0.5 ? 'E' : 'P'))));
// the same, drawn per finger (both impressions alike): a gate consistent within a finger
const fingerDraws = Array.from({ length: draws }, (_, d) => perSet.map(({ fingers }, k) =>
  fingers.map((f) => (createRng(mixSeed(seed, 8, d + 1, k, f)).next() < 0.5 ? 'E' : 'P'))));
const orPair = (open) => (k, a, b) => (open(k, a) || open(k, b) ? 'EE' : 'PP');
const arms = {
  PP: fixedArm('PP'),
  EE: fixedArm('EE'),
  GG: fixedArm('GG'),
  DD: fixedArm('DD'),
  EP: crossArm('E', 'P'),
  PE: crossArm('P', 'E'),
  ...Object.fromEntries(halfDraws.map((h, d) => [`half ${d + 1}`, armOf((k, a, b) => `${h[k][a]}${h[k][b]}`)])),
  ...Object.fromEntries(fingerDraws.map((h, d) => [`finger-half ${d + 1}`, armOf((k, a, b) => `${h[k][a]}${h[k][b]}`)])),
  ...Object.fromEntries(halfDraws.map((h, d) => [`pair-or half ${d + 1}`, armOf(orPair((k, a) => h[k][a] === 'E'))])),
  'pair-or G': armOf(orPair((k, a) => perSet[k].openG[a])),
  'pair-or D': armOf(orPair((k, a) => perSet[k].openD[a])),
};
const names = Object.keys(arms);
const at = Object.fromEntries(names.map((x, i) => [x, i]));
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const groupsOf = (prefix) => names.filter((x) => x.startsWith(prefix));
const groups = ['half ', 'finger-half ', 'pair-or half '].map(groupsOf);
const statNames = [
  ...names.map((x) => x),
  'EE − PP', 'EP − PP', 'PE − PP', 'mixed (EP, PE mean) − PP',
  ...groups.flatMap((g) => (g.length ? [...g.map((x) => `${x} − PP`), `${g[0].replace(/ 1$/, '')} (mean of draws) − PP`] : [])),
  'pair-or G − PP', 'pair-or D − PP',
  'EE − mixed', 'GG − PP', 'EE − GG (paired-option {"ridgeNetMaxContrast":0} on − off)', 'DD − GG (paired-option {"ridgeNetMinBlankShare":0.002} on − off)',
  'pair-or G − GG', 'pair-or D − GG', 'pair-or D − DD',
];
const f = bootstrapErrorRates(Object.values(arms), (r) => {
  const v = r.map((x) => mean(x.map((e) => e.eer)));
  const pp = v[at.PP];
  const mixed = (v[at.EP] + v[at.PE]) / 2;
  return [
    ...v,
    v[at.EE] - pp, v[at.EP] - pp, v[at.PE] - pp, mixed - pp,
    ...groups.flatMap((g) => (g.length ? [...g.map((x) => v[at[x]] - pp), mean(g.map((x) => v[at[x]])) - pp] : [])),
    v[at['pair-or G']] - pp, v[at['pair-or D']] - pp,
    v[at.EE] - mixed, v[at.GG] - pp, v[at.EE] - v[at.GG], v[at.DD] - v[at.GG],
    v[at['pair-or G']] - v[at.GG], v[at['pair-or D']] - v[at.GG], v[at['pair-or D']] - v[at.DD],
  ];
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const pct = (v) => (v * 100).toFixed(2);
const out = Object.fromEntries(f.map((e, i) => [statNames[i], `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`]));
const perSetEer = Object.fromEntries(names.map((x) => [x, arms[x].map((s) => pct(allPairsErrorRates(s).eer)).join(' / ')]));
const scoreMeans = Object.fromEntries(names.map((x) => {
  let g = 0, gn = 0, im = 0, imn = 0;
  for (const { fingers, scores } of arms[x]) {
    const n = fingers.length;
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      if (fingers[a] === fingers[b]) { g += scores[a * n + b]; gn++; } else { im += scores[a * n + b]; imn++; }
    }
  }
  return [x, `genuine ${(g / gn).toFixed(2)}, impostor ${(im / imn).toFixed(3)}`];
}));
const opened = {
  'G differs from P (shipped contrast gate open)': perSet.map((s) => s.openG.filter(Boolean).length).join(' / '),
  'D differs from P (contrast OR blotch gate open)': perSet.map((s) => s.openD.filter(Boolean).length).join(' / '),
  ...Object.fromEntries(halfDraws.map((h, d) => [`half ${d + 1} E`, h.map((s) => s.filter((x) => x === 'E').length).join(' / ')])),
  ...Object.fromEntries(fingerDraws.map((h, d) => [`finger-half ${d + 1} E`, h.map((s) => s.filter((x) => x === 'E').length).join(' / ')])),
};
process.stdout.write(`${JSON.stringify({ kind, seed, draws, meanEerPercent: out, perSet: perSetEer, meanScores: scoreMeans, prints: opened }, null, 2)}\n`);
