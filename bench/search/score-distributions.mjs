// Genuine and impostor score distributions of the matcher on the real FVC2002 B sets and on the
// synthetic generator, side by side, so the generator's realism can be judged (issue 5, item 4).
// Runs the compiled code: `npm run build && node bench/search/score-distributions.mjs [--json]`.
// FVC: our extraction on every image; genuine = all pairs of impressions of a finger (280 per
// set), impostor = all pairs of images of different fingers (2,880 per set).
// Synthetic: four sets of 10 fingers × 8 impressions (seeds 1–4), the same pairs.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFingerFile } from '../../dist/cli/commands/match.js';
import { compareTemplates, prepareTemplate } from '../../dist/matching/index.js';
import { generateImpression, impressionToTemplate, syntheticMasterFinger, createRng, mixSeed } from '../../dist/synthetic/index.js';

const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));

function pairs(items) {
  const gen = [];
  const imp = [];
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      const s = compareTemplates(items[a].p, items[b].p);
      (items[a].finger === items[b].finger ? gen : imp).push(s);
    }
  }
  return { gen, imp };
}

function summary(v) {
  const s = Float64Array.from(v).sort();
  const q = (p) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 100) / 100;
  const mean = Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 100) / 100;
  return { n: s.length, mean, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), p99: q(0.99), max: q(1) };
}

/** Share of genuine scores at or below the impostor score exceeded by 1 % / 0.1 % of impostors (FNMR at FMR 1 % / 0.1 %). */
function fnmrAt(gen, imp, fmr) {
  const s = Float64Array.from(imp).sort().reverse();
  const t = s[Math.floor(fmr * s.length)];
  return Math.round((gen.filter((g) => g <= t).length / gen.length) * 1000) / 1000;
}

const fvc = { gen: [], imp: [], minutiae: [] };
for (const set of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
  const dir = join(data, set);
  const names = (await readdir(dir)).filter((n) => /^\d+_\d+\.tif$/.test(n)).sort();
  const items = [];
  for (const n of names) {
    const { template } = await loadFingerFile(join(dir, n));
    fvc.minutiae.push(template.minutiae.length);
    items.push({ finger: n.split('_')[0], p: prepareTemplate(template) });
  }
  const r = pairs(items);
  fvc.gen.push(...r.gen);
  fvc.imp.push(...r.imp);
}

const syn = { gen: [], imp: [], minutiae: [] };
for (let seed = 1; seed <= 4; seed++) {
  const items = [];
  for (let f = 0; f < 10; f++) {
    const master = syntheticMasterFinger(seed, f, 1 + (f % 10));
    for (let i = 0; i < 8; i++) {
      const t = impressionToTemplate(generateImpression(master, createRng(mixSeed(seed, f, 1 + (f % 10), 0x5eed0000 + i))));
      syn.minutiae.push(t.minutiae.length);
      items.push({ finger: String(f), p: prepareTemplate(t) });
    }
  }
  const r = pairs(items);
  syn.gen.push(...r.gen);
  syn.imp.push(...r.imp);
}

const report = {};
for (const [name, d] of [['fvc2002', fvc], ['synthetic', syn]]) {
  report[name] = { minutiae: summary(d.minutiae), genuine: summary(d.gen), impostor: summary(d.imp), fnmrAtFmr1: fnmrAt(d.gen, d.imp, 0.01), fnmrAtFmr01: fnmrAt(d.gen, d.imp, 0.001) };
}
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(report) + '\n');
} else {
  for (const [name, r] of Object.entries(report)) {
    process.stdout.write(`${name}\n`);
    for (const k of ['minutiae', 'genuine', 'impostor']) process.stdout.write(`  ${k.padEnd(9)} ${JSON.stringify(r[k])}\n`);
    process.stdout.write(`  FNMR at FMR 1 % ${r.fnmrAtFmr1}, at FMR 0.1 % ${r.fnmrAtFmr01}\n`);
  }
}
