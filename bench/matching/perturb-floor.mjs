#!/usr/bin/env node
// How much of a geometric perturbation's cost is the matcher's and how much the extractor's
// (issue 12, part 5). For each perturbation kind, three template sets of the same images:
//   clean  - the clean images extracted (as `afis eval perturb` does),
//   real   - the perturbed images extracted (same seeds as `afis eval perturb --kinds` with the
//            same kinds in the same order, so the figures reproduce that command's),
//   floor  - the CLEAN templates moved by the perturbation's known geometry (`mapPoint`, the
//            direction through a point 6 px along it), minutiae that leave the perturbed image or
//            lie within EDGE px of its side dropped: what a perfect extractor would give. What is
//            left of the cost there is the matcher's (and the lost area's), not the extractor's.
// Each matcher variant scores all three, all pairs per set, and a paired bootstrap over whole
// fingers gives the mean EER, its change against clean, FNMR at FMR 0.1 %, and for every variant
// after the first its paired difference to the first (clean, real and floor).
//
//   node bench/matching/perturb-floor.mjs DATA_DIR [--kinds resolution,crop,elastic] [--rounds 300] [--floor-map move|keep]
//        [--seed 1] [--cache FILE.json] [--base JSON] [--json] [JSON ...]
//
// JSON: matching parameters to change for one variant, on top of --base (default: the shipped
// parameters); the base itself is always the first variant, and `vsShipped` (printed "vs first")
// is each variant's paired difference to it. DATA_DIR holds fvc2002/DB1_B..DB4_B (DB2 at 569 ppi).
// --cache keeps the extracted templates (clean, real, floor) in a file, so that matcher
// variants can be judged again without extracting (delete it after changing the extraction).
// Figures in bench/RESULTS.md ("Partial and distorted prints in the matcher").
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const valued = ['--kinds', '--rounds', '--seed', '--cache', '--base', '--floor-map'];
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.includes(argv[i - 1])));
const [dataDir, ...changes] = positional;
if (!dataDir) {
  process.stderr.write('usage: perturb-floor.mjs DATA_DIR [--kinds a,b] [--rounds N] [--seed S] [--floor-map move|keep] [--cache FILE] [--json] [JSON ...]\n');
  process.exit(2);
}
const kinds = option('--kinds', 'resolution,crop,elastic').split(',');
const rounds = Number(option('--rounds', '300'));
const seed = Number(option('--seed', '1'));
const cacheFile = option('--cache', '');
// the floor's orientation map: move (default since crop2, 2026-12-05) carries it through the
// perturbation's geometry with the minutiae (floor-templates.mjs); keep leaves the clean map in the
// clean frame, as every floor in bench/RESULTS.md before crop2's section was read (a matcher that
// reads the map then sees two fields that disagree, and the floor reads too high)
const floorMap = option('--floor-map', 'move');
const dist = (path) => pathToFileURL(resolve('dist', path)).href;

const { readEvalSets, extractEvalSet, scoreEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { createRng, mixSeed } = await import(dist('synthetic/index.js'));
const { perturbedItem } = await import(pathToFileURL(resolve('bench/matching/floor-templates.mjs')).href);
const { readCache, writeCache } = await import(pathToFileURL(resolve('bench/matching/template-cache.mjs')).href);
const { bootstrapErrorRates } = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));

const specs = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${dataDir}/fvc2002/${s}`);
const sets = await readEvalSets(specs);
const log = (s) => process.stderr.write(`${s}\n`);

let templates = readCache(cacheFile);
if (!templates || templates.kinds.join() !== kinds.join() || templates.seed !== seed || (templates.floorMap ?? 'keep') !== floorMap) {
  log('extracting clean');
  templates = { kinds, seed, floorMap, clean: sets.map((s) => extractEvalSet(s).templates), real: {}, floor: {} };
  for (const [kindIndex, kind] of kinds.entries()) {
    log(`extracting ${kind}`);
    templates.real[kind] = [];
    templates.floor[kind] = [];
    for (const [k, set] of sets.entries()) {
      const floor = [];
      const extracted = extractEvalSet(set, {
        transform: (image, i) => {
          const p = perturbedItem(image, templates.clean[k][i], kind, seed, kindIndex, k, i, { map: floorMap });
          floor[i] = p.floor;
          return p.image;
        },
      });
      templates.real[kind].push(extracted.templates);
      templates.floor[kind].push(set.items.map((_, i) => floor[i] ?? null));
    }
  }
  if (cacheFile) writeCache(cacheFile, templates);
}

const base = JSON.parse(option('--base', '{}'));
const variants = [{}, ...changes.map((c) => JSON.parse(c))].map((change) => ({ change, params: { ...MATCHING_PARAMETERS, ...base, ...change } }));
const score = (list, params) => sets.map((s, k) => scoreEvalSet(s.fingers, list[k], params));
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const r4 = (e) => ({ value: +(100 * e.value).toFixed(2), low: +(100 * e.low).toFixed(2), high: +(100 * e.high).toFixed(2) });
log('scoring clean');
const cleanScored = variants.map((v) => score(templates.clean, v.params));
const result = { rounds, seed, kinds, base, variants: variants.map((v) => v.change), rows: [] };
for (const [kindIndex, kind] of kinds.entries()) {
  log(`scoring ${kind}`);
  const table = [];
  for (const [vi, v] of variants.entries()) table.push(cleanScored[vi], score(templates.real[kind], v.params), score(templates.floor[kind], v.params));
  // per variant: clean, real, floor mean EER; their FNMR at FMR 0.1 %; real and floor per set
  const statistic = (r) => {
    const out = [];
    for (let v = 0; v < variants.length; v++) {
      const [c, re, f] = [r[3 * v], r[3 * v + 1], r[3 * v + 2]];
      const e = (x) => mean(x.map((y) => y.eer));
      const z = (x) => mean(x.map((y) => y.fmr1000));
      out.push(e(c), e(re), e(f), e(re) - e(c), e(f) - e(c), z(c), z(re), z(f), ...re.map((y) => y.eer), ...f.map((y) => y.eer));
    }
    const per = 8 + 2 * sets.length;
    // paired differences of each variant to the first: clean, real, floor, change real, change floor
    for (let v = 1; v < variants.length; v++) for (let j = 0; j < 5; j++) out.push(out[v * per + j] - out[j]);
    return out;
  };
  const f = bootstrapErrorRates(table, statistic, { rounds, random: createRng(mixSeed(seed, kindIndex)).next });
  const per = 8 + 2 * sets.length;
  const names = ['clean', 'real', 'floor', 'realChange', 'floorChange', 'cleanFnmr1000', 'realFnmr1000', 'floorFnmr1000'];
  const rows = variants.map((v, vi) => {
    const o = { variant: v.change };
    names.forEach((n, j) => { o[n] = r4(f[vi * per + j]); });
    o.realPerSet = f.slice(vi * per + 8, vi * per + 8 + sets.length).map((e) => +(100 * e.value).toFixed(2));
    o.floorPerSet = f.slice(vi * per + 8 + sets.length, vi * per + per).map((e) => +(100 * e.value).toFixed(2));
    if (vi > 0) {
      const base = variants.length * per + (vi - 1) * 5;
      o.vsShipped = Object.fromEntries(['clean', 'real', 'floor', 'realChange', 'floorChange'].map((n, j) => [n, r4(f[base + j])]));
    }
    return o;
  });
  result.rows.push({ kind, rows });
  if (!argv.includes('--json')) {
    for (const o of rows) {
      const iv = (e) => `${e.value >= 0 && e !== o.clean ? '+' : ''}${e.value} [${e.low}, ${e.high}]`;
      process.stdout.write(`${kind} ${JSON.stringify(o.variant)}: clean ${o.clean.value} %, real ${iv(o.realChange)} (${o.realPerSet.join('/')}), floor ${iv(o.floorChange)} (${o.floorPerSet.join('/')}); FNMR@0.1% clean ${o.cleanFnmr1000.value} real ${o.realFnmr1000.value} floor ${o.floorFnmr1000.value}\n`);
      if (o.vsShipped) process.stdout.write(`   vs first: clean ${iv(o.vsShipped.clean)}, real ${iv(o.vsShipped.real)}, floor ${iv(o.vsShipped.floor)}\n`);
    }
  }
}
if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
