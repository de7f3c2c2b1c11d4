#!/usr/bin/env node
// In-process A/B of matcher variants (build × matching parameters), for options whose cost is
// the question (issue 12, the MCC gate): every variant compares all unordered pairs of the same
// 80 templates in each round, the order of the variants reversed every other round; CPU time of
// this process, comparisons per CPU second (median of the rounds) and the median paired cost
// against the first variant (its rate / this one's, per round).
//
//   node bench/matching/ab-parameters.mjs DATA_DIR [--rounds N] [--templates iso|ours] [--pairs all|impostor|genuine|band] [--repeat N] [--afresh] BUILD[:JSON] ...
//
// BUILD: a folder holding a built dist/ (`.` is this checkout); JSON: parameters to change,
// e.g. `.:{"mccWeight":1,"mccShortlist":2}` (none: the shipped parameters). Templates: the first
// 20 files of each FVC2002 set, as `afis bench match --data` takes them: the SecuGen ISO templates
// (default) or the first build's extraction of the images (DB2 at 569 ppi). Pairs: all unordered
// pairs (default; 248 of the 3 160 are genuine), or only those of different fingers (1:N is mostly
// impostors) or of the same finger, or (`band`) those whose score before the overlap term and the
// MCC gate lies in the first variant's overlap band (the comparisons that pay for both). With an MCC band (mccBandLow/High), each variant also reports
// the share of its pairs whose ungated score falls in the band (the comparisons that pay for MCC).
// --afresh: the second template of every pair is prepared afresh for its comparison and timed
// with it, as 1:N's second stage does (src/index/match-shortlist.ts prepares each gallery finger
// from its compact form; the probe once): a gated comparison then also builds that template's
// cylinders.
// --extraction JSON (with --templates ours): extraction parameters to change for the templates,
// e.g. '{"validAreaCell":12}' (templates that carry a valid area, for validAreaShare).
// Figures in bench/RESULTS.md ("Minutia Cylinder-Code matching").
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const valued = ['--rounds', '--templates', '--pairs', '--repeat', '--extraction'];
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const [dataDir, ...specs] = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.includes(argv[i - 1])));
if (!dataDir || specs.length === 0) {
  process.stderr.write('usage: ab-parameters.mjs DATA_DIR [--rounds N] [--templates iso|ours] BUILD[:JSON] ...\n');
  process.exit(2);
}
const rounds = Number(option('--rounds', '8'));
const source = option('--templates', 'iso');
const pairKind = option('--pairs', 'all');
const afresh = argv.includes('--afresh');
// each round compares the pairs this many times (short pair lists: rounds long enough to time)
const repeat = Number(option('--repeat', '1'));
if (!['all', 'impostor', 'genuine', 'band'].includes(pairKind)) throw new Error(`--pairs: all, impostor, genuine or band, not ${pairKind}`);
const dist = (root, path) => pathToFileURL(resolve(root, 'dist', path)).href;

const variants = [];
for (const spec of specs) {
  const at = spec.indexOf(':{');
  const root = at < 0 ? spec : spec.slice(0, at);
  const change = at < 0 ? {} : JSON.parse(spec.slice(at + 1));
  const m = await import(dist(root, 'matching/index.js'));
  const { MATCHING_PARAMETERS } = await import(dist(root, 'config/parameters/matching.js'));
  variants.push({ spec, m, params: { ...MATCHING_PARAMETERS, ...change } });
}

// the templates, read (and for ours extracted) once by the first build
const first = specs[0].indexOf(':{') < 0 ? specs[0] : specs[0].slice(0, specs[0].indexOf(':{'));
const templates = [];
const finger = []; // set and finger of each template, e.g. 'DB1_B/101'
for (const set of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
  if (source === 'iso') {
    const { loadFingerFile } = await import(dist(first, 'cli/commands/match.js'));
    const dir = `${dataDir}/iso19794-2/fvc2002-secugen/${set}`;
    const names = readdirSync(dir).filter((n) => variants[0].m.parseFvcName(n)).sort().slice(0, 20);
    for (const n of names) { templates.push((await loadFingerFile(`${dir}/${n}`)).template); finger.push(`${set}/${variants[0].m.parseFvcName(n).finger}`); }
  } else {
    const { readEvalSets, extractEvalSet } = await import(dist(first, 'cli/commands/eval-sets.js'));
    const [s] = await readEvalSets([`${dataDir}/fvc2002/${set}${set === 'DB2_B' ? '@569' : ''}`]);
    const { EXTRACTION_PARAMETERS } = await import(dist(first, 'config/parameters.js'));
    const parameters = { ...EXTRACTION_PARAMETERS, ...JSON.parse(option('--extraction', '{}')) };
    extractEvalSet(s, { parameters }).templates.slice(0, 20).forEach((t, i) => { if (t) { templates.push(t); finger.push(`${set}/${s.fingers[i]}`); } });
  }
}
const pa = [], pb = [];
// --pairs band: the pairs whose score before the overlap term and the gate (the first variant's
// matcher with both off) lies in its overlap band, i.e. the comparisons that pay for the term and
// the gate
const bandOf = (() => {
  if (pairKind !== 'band') return null;
  const { m, params } = variants[0];
  const off = { ...params, mccWeight: 0, overlapShareExponent: 0 };
  const t = templates.map((x) => m.prepareTemplate(x, off));
  return (a, b) => { const s = m.compareTemplates(t[a], t[b], off); return s >= params.overlapBandLow && !(params.overlapBandHigh > 0 && s > params.overlapBandHigh); };
})();
for (let a = 0; a < templates.length; a++) for (let b = a + 1; b < templates.length; b++) {
  const same = finger[a] === finger[b];
  if (bandOf ? bandOf(a, b) : pairKind === 'all' || same === (pairKind === 'genuine')) { pa.push(a); pb.push(b); }
}

const prepared = variants.map(({ m, params }) => templates.map((t) => m.prepareTemplate(t, params)));
const n = templates.length;
const round = (k) => {
  const { m, params } = variants[k];
  const t = prepared[k];
  let sink = 0;
  const c0 = process.cpuUsage();
  for (let x = 0; x < repeat; x++) {
    if (afresh) for (let k = 0; k < pa.length; k++) sink += m.compareTemplates(t[pa[k]], m.prepareTemplate(templates[pb[k]], params), params);
    else for (let k = 0; k < pa.length; k++) sink += m.compareTemplates(t[pa[k]], t[pb[k]], params);
  }
  const c = process.cpuUsage(c0);
  return { rate: (repeat * pa.length) / ((c.user + c.system) / 1e6), sink };
};
variants.forEach((_, k) => round(k)); // warm-up
const rates = variants.map(() => []);
for (let r = 0; r < rounds; r++) {
  const order = variants.map((_, k) => k);
  if (r % 2) order.reverse();
  for (const k of order) rates[k].push(round(k).rate);
}
// share of the pairs a band sends to the gate (their score with the gate off inside the band)
const inBand = variants.map(({ m, params }, k) => {
  if (!(params.mccWeight !== 0 && (params.mccBandLow > 0 || params.mccBandHigh > 0))) return undefined;
  const off = { ...params, mccWeight: 0 };
  let inside = 0;
  for (let q = 0; q < pa.length; q++) {
    const s = m.compareTemplates(prepared[k][pa[q]], prepared[k][pb[q]], off);
    if (s > 0 && s >= params.mccBandLow && !(params.mccBandHigh > 0 && s > params.mccBandHigh)) inside++;
  }
  return Math.round((1000 * inside) / pa.length) / 1000;
});
const median = (v) => { const s = [...v].sort((x, y) => x - y); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
const result = {
  templates: source,
  pairs: pairKind,
  afresh,
  comparisonsPerRound: pa.length,
  variants: variants.map(({ spec }, k) => ({
    variant: spec,
    perCpuSecond: Math.round(median(rates[k])),
    costAgainstFirst: Math.round(median(rates[0].map((x, i) => x / rates[k][i])) * 100) / 100,
    // the per-round paired costs' range (lowest, highest)
    costRange: ((v) => [Math.round(Math.min(...v) * 100) / 100, Math.round(Math.max(...v) * 100) / 100])(rates[0].map((x, i) => x / rates[k][i])),
    ...(inBand[k] === undefined ? {} : { shareInBand: inBand[k] }),
    rounds: rates[k].map(Math.round),
  })),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
