#!/usr/bin/env node
// Foreign templates' minutia quality under the MCC gate (bench/RESULTS.md, "Foreign templates'
// minutia quality under the MCC gate"): `afis eval fvc`'s FVC and all-pairs EER of folders of
// template files (e.g. SecuGen's ISO records) with matching parameter variants, to tell what of
// the gate moves a set: the shipped matcher, its overlap share unweighted (overlapShareQuality 0),
// the gate off with the weighted share kept (mccWeight 0), and the pre-gate matcher.
//
//   node bench/matching/foreign-quality.mjs [BUILD] DIR [DIR …]
//
// BUILD: a folder holding a built dist/ (default `.`, recognised by having a dist/ folder).
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const root = args.length > 1 && existsSync(join(args[0], 'dist')) ? args.shift() : '.';
const dist = (p) => pathToFileURL(resolve(root, 'dist', p)).href;
const m = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS: P } = await import(dist('config/parameters/matching.js'));
const { loadFingerFile } = await import(dist('cli/commands/match.js'));

const PRE_GATE = { mccWeight: 0, mccShortlist: 0, overlapShareExponent: 0, mccBandLow: 0, mccBandHigh: 0, overlapBandLow: 0, overlapBandHigh: 0, mccRelaxDistance: 5, overlapShareQuality: 0 };
const variants = [
  ['shipped', {}],
  ['overlapShareQuality 0', { overlapShareQuality: 0 }],
  ['mccWeight 0', { mccWeight: 0 }],
  ['pre-gate', PRE_GATE],
];
const r = (v) => Math.round(v * 1e4) / 100;
for (const dir of args) {
  const names = readdirSync(dir).filter((n) => m.parseFvcName(n)).sort();
  const images = names.map((n) => m.parseFvcName(n));
  const templates = [];
  for (const n of names) templates.push((await loadFingerFile(join(dir, n))).template);
  const cmp = m.listFvcComparisons(images);
  const row = { dir, reportedQuality: templates.filter((t) => t.minutiae.some((x) => x.quality > 0)).length + '/' + templates.length };
  for (const [name, change] of variants) {
    const params = Object.freeze({ ...P, ...change });
    const prepared = templates.map((t) => m.prepareTemplate(t, params));
    const score = (pairs) => pairs.map(([a, b]) => m.compareTemplates(prepared[a], prepared[b], params));
    const genuine = score(cmp.genuine);
    row[name] = { fvcEer: r(m.computeErrorRates(genuine, score(cmp.impostor)).eer), allPairsEer: r(m.computeErrorRates(genuine, score(cmp.allPairsImpostor)).eer) };
  }
  console.log(JSON.stringify(row));
}
