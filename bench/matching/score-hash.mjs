#!/usr/bin/env node
// Fingerprint of the 1:1 matcher's scores, for speed work that must not change a bit (issue 12):
// the SHA-256 (first 16 hex digits) of the scores of all ordered pairs of the 320 FVC2002 B
// templates, for the SecuGen ISO templates and for our extraction of the images (DB2 at 569 ppi),
// each with the shipped parameters and with the MCC gate candidate of bench/RESULTS.md ("The
// gate's own cost"), plus compareTemplatesDetailed's pairs on a subset. Run it on the build
// before and after a change; the hashes must be equal.
//
//   node bench/matching/score-hash.mjs DATA_DIR [BUILD] [--templates FILE] [--set iso|ours|both]
//
// BUILD: a folder holding a built dist/ (default `.`). --templates FILE keeps the templates
// (read and extracted on the first run, then read back) so that an extraction change landed by
// others between two runs cannot move the hash of a matcher that did not change.
import { createHash } from 'node:crypto';
import { readCache, writeCache } from './template-cache.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const valued = ['--templates', '--set'];
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const [dataDir, root = '.'] = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.includes(argv[i - 1])));
if (!dataDir) {
  process.stderr.write('usage: score-hash.mjs DATA_DIR [BUILD] [--templates FILE] [--set iso|ours|both]\n');
  process.exit(2);
}
const which = option('--set', 'both');
const cacheFile = option('--templates', undefined);
const dist = (p) => pathToFileURL(resolve(root, 'dist', p)).href;
const m = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));

/** The MCC gate candidate (off by default; bench/RESULTS.md). */
const CANDIDATE = { mccWeight: 1, mccShortlist: 2, overlapShareExponent: 1, mccBandLow: 10, mccBandHigh: 60, overlapBandLow: 20, overlapBandHigh: 100 };

let sets;
sets = readCache(cacheFile);
if (!sets) {
  const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));
  const read = async (specs) => (await readEvalSets(specs)).flatMap((s) => extractEvalSet(s).templates);
  const F = `${dataDir}/fvc2002`, I = `${dataDir}/iso19794-2/fvc2002-secugen`;
  sets = {
    iso: await read([`${I}/DB1_B`, `${I}/DB2_B`, `${I}/DB3_B`, `${I}/DB4_B`]),
    ours: await read([`${F}/DB1_B`, `${F}/DB2_B@569`, `${F}/DB3_B`, `${F}/DB4_B`]),
  };
  if (cacheFile) writeCache(cacheFile, sets);
}

function scoreHash(templates, change) {
  const params = { ...MATCHING_PARAMETERS, ...change };
  const t = templates.filter(Boolean).map((x) => m.prepareTemplate(x, params));
  const n = t.length;
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) scores[a * n + b] = m.compareTemplates(t[a], t[b], params);
  const h = createHash('sha256').update(new Uint8Array(scores.buffer));
  for (let a = 0; a < n; a += 7) for (let b = 0; b < n; b += 3) if (a !== b) h.update(JSON.stringify(m.compareTemplatesDetailed(t[a], t[b], params)));
  let positive = 0;
  for (const s of scores) if (s > 0) positive++;
  return { templates: n, pairs: n * (n - 1), positive, hash: h.digest('hex').slice(0, 16) };
}

const result = { build: resolve(root), hashes: [] };
for (const [set, templates] of Object.entries(sets)) {
  if (which !== 'both' && which !== set) continue;
  for (const [name, change] of [['shipped', {}], ['mcc candidate', CANDIDATE]]) result.hashes.push({ set, parameters: name, ...scoreHash(templates, change) });
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
