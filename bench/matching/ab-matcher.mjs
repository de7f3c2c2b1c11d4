#!/usr/bin/env node
// A/B of two builds of the 1:1 matcher in one process (issue 12): first that they give the same
// scores bit for bit, then their speed in alternated rounds (CPU time of this process, medians).
//
//   node bench/matching/ab-matcher.mjs DATA_DIR BUILD_A BUILD_B [--rounds N] [--set iso|ours|both] [--options] [--hash-only]
//
// BUILD_A/B: folders holding a built dist/ (e.g. `git worktree add ../ab-base COMMIT` then
// `npm ci && npm run build` there; `.` is this checkout). DATA_DIR holds fvc2002/DB1_B … DB4_B
// (DB2 read at 569 ppi, extracted by BUILD_A's extractor) and iso19794-2/fvc2002-secugen (the
// SecuGen ISO templates). Identity: the SHA-256 of every score of all ordered pairs of the 320
// templates of each set (and of compareTemplatesDetailed's pairs on a subset); with --options
// also of eight matcher options (off by default) on the first 80 templates of each set. Speed:
// each round compares all ordered pairs of one set with each build, the order of the builds
// alternating from round to round; comparisons per CPU second and the paired ratio B/A.
// Figures in bench/RESULTS.md ("Extraction and 1:1 matching speed").
import { createHash } from 'node:crypto';
import { parseAbArguments } from '../ab-arguments.mjs';

const { dataDir, roots, option, flag, dist } = parseAbArguments('ab-matcher.mjs DATA_DIR BUILD_A BUILD_B [--rounds N] [--set iso|ours|both] [--options] [--hash-only]');
const rounds = Number(option('--rounds', '6'));
const which = option('--set', 'both');

const load = async (root) => {
  const url = (p) => dist(root, p);
  const m = await import(url('matching/index.js'));
  const { MATCHING_PARAMETERS } = await import(url('config/parameters/matching.js'));
  return { root, m, params: MATCHING_PARAMETERS };
};
const builds = [await load(roots[0]), await load(roots[1])];

// the templates, read (and for ours extracted) once by build A
const { readEvalSets, extractEvalSet } = await import(dist(roots[0], 'cli/commands/eval-sets.js'));
const read = async (specs) => (await readEvalSets(specs)).flatMap((s) => extractEvalSet(s).templates);
const F = `${dataDir}/fvc2002`, I = `${dataDir}/iso19794-2/fvc2002-secugen`;
const sets = {};
if (which !== 'ours') sets.iso = await read([`${I}/DB1_B`, `${I}/DB2_B`, `${I}/DB3_B`, `${I}/DB4_B`]);
if (which !== 'iso') sets.ours = await read([`${F}/DB1_B`, `${F}/DB2_B@569`, `${F}/DB3_B`, `${F}/DB4_B`]);

const OPTIONS = [
  ['overlapShareExponent=1', { overlapShareExponent: 1 }],
  ['mccWeight=1 (40 templates)', { mccWeight: 1 }, 40],
  ['mccWeight=1, mccAlignRadius=80', { mccWeight: 1, mccAlignRadius: 80 }],
  ['rootDistanceToleranceRelative=0.05', { rootDistanceToleranceRelative: 0.05 }],
  ['maxScaleError=0.2', { maxScaleError: 0.2 }],
  ['angleToleranceLengthShare=0.5', { angleToleranceLengthShare: 0.5 }],
  ['minutiaWeightFloor=0.3', { minutiaWeightFloor: 0.3 }],
  ['all of these but MCC, maxRoots=20, neighbours=12', { overlapShareExponent: 1, rootDistanceToleranceRelative: 0.05, maxScaleError: 0.2, angleToleranceLengthShare: 0.5, minutiaWeightFloor: 0.3, maxRoots: 20, neighbours: 12 }],
];

/** SHA-256 (first 16 hex digits) of every ordered pair's score, and of the detailed pairs on a subset. */
function scoreHash({ m, params: shipped }, templates, change, count, detailed) {
  const params = { ...shipped, ...change };
  const t = templates.slice(0, count).filter(Boolean).map((x) => m.prepareTemplate(x, params));
  const n = t.length;
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) scores[a * n + b] = m.compareTemplates(t[a], t[b], params);
  const h = createHash('sha256').update(new Uint8Array(scores.buffer));
  if (detailed) for (let a = 0; a < n; a += 7) for (let b = 0; b < n; b += 3) if (a !== b) h.update(JSON.stringify(m.compareTemplatesDetailed(t[a], t[b], params)));
  return h.digest('hex').slice(0, 16);
}

let identical = true;
const hashes = [];
for (const [set, templates] of Object.entries(sets)) {
  const variants = [['shipped parameters', {}, templates.length, true], ...(flag('--options') ? OPTIONS.map(([name, change, count]) => [name, change, count ?? 80, false]) : [])];
  for (const [name, change, count, detailed] of variants) {
    const [a, b] = builds.map((build) => scoreHash(build, templates, change, count, detailed));
    identical &&= a === b;
    hashes.push({ set, parameters: name, templates: Math.min(count, templates.length), a, b, same: a === b });
  }
}

const result = { builds: roots, identical, hashes };
if (!flag('--hash-only')) {
  const median = (v) => { const s = [...v].sort((x, y) => x - y); const k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };
  result.speed = {};
  for (const [set, templates] of Object.entries(sets)) {
    const prepared = builds.map(({ m, params }) => templates.filter(Boolean).map((x) => m.prepareTemplate(x, params)));
    const round = (k) => {
      const { m, params } = builds[k];
      const t = prepared[k];
      const n = t.length;
      let sink = 0;
      const c0 = process.cpuUsage();
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) sink += m.compareTemplates(t[a], t[b], params);
      const c = process.cpuUsage(c0);
      return { rate: (n * (n - 1)) / ((c.user + c.system) / 1e6), sink };
    };
    round(0); round(1); // warm-up
    const rates = [[], []];
    for (let r = 0; r < rounds; r++) for (const k of r % 2 ? [1, 0] : [0, 1]) rates[k].push(round(k).rate);
    const ratios = rates[1].map((x, i) => x / rates[0][i]);
    result.speed[set] = {
      comparisonsPerRound: prepared[0].length * (prepared[0].length - 1),
      aPerCpuSecond: Math.round(median(rates[0])),
      bPerCpuSecond: Math.round(median(rates[1])),
      pairedRatioMedian: Math.round(median(ratios) * 1000) / 1000,
      aRounds: rates[0].map(Math.round),
      bRounds: rates[1].map(Math.round),
    };
  }
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (!identical) process.exitCode = 1;
