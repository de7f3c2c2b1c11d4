#!/usr/bin/env node
// How often does the desk's residue read (src/quality `platenResidueShare`, the platen advice at
// TRANSACTION_PARAMETERS `latentResidueAdviseShare`) fire on a clean capture? (issue 12, latentwipe)
//
//   node bench/transactions/residue-false-alarms.mjs fvc DATA_DIR [--captures N] [--seed S]
//   node bench/transactions/residue-false-alarms.mjs persons DIR...   (`afis synth` folders: persons/NNNN-fingerP.png, one capture per person)
//   node bench/transactions/residue-false-alarms.mjs series DIR... [--captures N] [--seed S]
//                                     (`afis synth --no-persons` folders: F_I.png, ten different subjects per capture)
//
// fvc: N captures per FVC2002 B set (default 100) of ten images drawn at random from the set's 80
// (one sensor, any finger and impression; not independent of one another). The share reads the
// images of the capture's first image's size, as the service does. Printed per group: captures,
// the largest share, the 90th percentile and how many reach the advice's share.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCapture } from '../../dist/capture/index.js';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { platenResidueShare } from '../../dist/quality/index.js';
import { createRng } from '../../dist/synthetic/index.js';
import { readFile } from 'node:fs/promises';

const args = process.argv.slice(2);
const [mode, ...rest] = args;
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const dirs = rest.filter((a, i) => !a.startsWith('--') && !rest[i - 1]?.startsWith('--'));
if (!['fvc', 'persons', 'series'].includes(mode) || dirs.length === 0) {
  console.error('usage: residue-false-alarms.mjs fvc DATA_DIR | persons DIR... | series DIR... [--captures N] [--seed S]');
  process.exit(2);
}
const T = TRANSACTION_PARAMETERS.latentResidueAdviseShare;
const rng = createRng(opt('--seed', 1));
const captures = opt('--captures', 100);
const load = async (file) => decodeCapture(new Uint8Array(await readFile(file)), { ppi: 500 });
/** `k` distinct integers below `n`, drawn from the bench's stream. */
const distinct = (k, n) => {
  const out = [];
  while (out.length < k) { const i = Math.floor(rng.next() * n); if (!out.includes(i)) out.push(i); }
  return out;
};

function report(name, shares) {
  const sorted = [...shares].sort((a, b) => a - b);
  const pct = (v) => `${(100 * v).toFixed(1)} %`;
  console.log(`${name}: ${shares.length} captures, largest ${pct(sorted.at(-1) ?? 0)}, 90th percentile ${pct(sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0)}, ${shares.filter((s) => s >= T).length} at ${pct(T)} or more`);
}

if (mode === 'fvc') {
  const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
  const sets = await readEvalSets(names.map((n) => `${dirs[0]}/fvc2002/${n}`));
  for (const [k, set] of sets.entries()) {
    const images = set.items.map((it) => it.image);
    report(names[k], Array.from({ length: captures }, () => platenResidueShare(distinct(10, images.length).map((i) => images[i]), TRANSACTION_PARAMETERS)));
  }
} else if (mode === 'persons') {
  for (const dir of dirs) {
    const files = readdirSync(join(dir, 'persons'));
    const persons = [...new Set(files.filter((f) => /-finger\d+\.png$/.test(f)).map((f) => f.slice(0, f.indexOf('-'))))].sort();
    const shares = [];
    for (const p of persons) {
      const images = await Promise.all(Array.from({ length: 10 }, (_, k) => load(join(dir, 'persons', `${p}-finger${k + 1}.png`))));
      shares.push(platenResidueShare(images, TRANSACTION_PARAMETERS));
    }
    report(dir, shares);
  }
} else {
  for (const dir of dirs) {
    const files = readdirSync(dir).filter((f) => /^\d+_\d+\.png$/.test(f));
    const bySubject = new Map();
    for (const f of files) { const s = f.split('_')[0]; bySubject.set(s, [...(bySubject.get(s) ?? []), f]); }
    const subjects = [...bySubject.keys()];
    const cache = new Map();
    const get = async (f) => { if (!cache.has(f)) cache.set(f, await load(join(dir, f))); return cache.get(f); };
    const shares = [];
    for (let c = 0; c < captures; c++) {
      const chosen = distinct(10, subjects.length).map((i) => bySubject.get(subjects[i]));
      shares.push(platenResidueShare(await Promise.all(chosen.map((list) => get(list[Math.floor(rng.next() * list.length)]))), TRANSACTION_PARAMETERS));
    }
    report(dir, shares);
  }
}
