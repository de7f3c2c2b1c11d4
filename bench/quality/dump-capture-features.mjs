#!/usr/bin/env node
// Per-image capture features and all-pairs scores of FVC-style sets, clean and with a share of the
// images perturbed exactly as `afis eval erc --perturb K --share S --seed N` perturbs them (set index k,
// image i: createRng(mixSeed(seed, k, i)) decides, mixSeed(seed, k, i, 1) draws), so a recapture
// rule can be judged offline (bench/quality/judge-recapture-rules.mjs) without extracting again.
// Per image: the finger quality (the template's), its features (measureQualityFeatures), and
// absolute ones the quality does not have: the foreground and clear-ridge areas in mm², the
// foreground's bounding box, the minutiae count (all, and of minutia quality ≥ 50).
//
//   npm run build && node bench/quality/dump-capture-features.mjs OUT.json --sets DB1_B DB2_B@569 … \
//     [--perturb dry+low-contrast+crop+frame[,wet…]] [--share 0.5] [--seed 1]
// Without --perturb the clean sets are dumped. The features are measured in measure-capture.mjs.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const { readEvalSets, scoreEvalSet } = await import(join(dist, 'cli/commands/eval-sets.js'));
const { perturbImage } = await import(join(dist, 'perturbation/index.js'));
const { createRng, mixSeed } = await import(join(dist, 'synthetic/index.js'));
const { measureCapture: measure } = await import('./measure-capture.mjs');

const args = process.argv.slice(2);
const out = args[0];
const list = (flag) => { const i = args.indexOf(flag); if (i < 0) return []; const o = []; for (let k = i + 1; k < args.length && !args[k].startsWith('--'); k++) o.push(args[k]); return o; };
const one = (flag, dflt) => list(flag)[0] ?? dflt;
const specs = list('--sets');
const kinds = one('--perturb', '') ? one('--perturb', '').split(',') : [];
const share = Number(one('--share', '0.5')), seed = Number(one('--seed', '1'));
if (!out || specs.length === 0) throw new Error('usage: OUT.json --sets DIR... [--perturb K,...] [--share S] [--seed N]');

const sets = await readEvalSets(specs);
const result = { kinds, share, seed, sets: [] };
for (const [k, set] of sets.entries()) {
  const perturbation = set.items.map(() => null);
  const measured = set.items.map((item, i) => {
    if (!item || !('image' in item)) return null;
    let image = item.image;
    if (kinds.length) {
      const rng = createRng(mixSeed(seed, k, i));
      if (rng.next() >= share) return 'clean';
      const kind = kinds[rng.int(kinds.length)];
      perturbation[i] = kind;
      image = perturbImage(image, kind, mixSeed(seed, k, i, 1)).image;
    }
    return measure(image);
  });
  result.sets.push({ label: set.label, fingers: set.fingers, names: set.names, perturbation, measured });
  process.stderr.write(`${set.label}: ${measured.filter((m) => m && m !== 'clean').length} extracted\n`);
}

// the images left clean are extracted too (the file stands alone); then every pair scored as
// `afis eval erc` scores it
for (const s of result.sets) {
  const set = sets.find((x) => x.label === s.label);
  s.measured = s.measured.map((m, i) => (m === 'clean' ? measure(set.items[i].image) : m));
  const templates = s.measured.map((m) => (m ? m.template : null));
  const { scores } = scoreEvalSet(set.fingers, templates);
  const n = templates.length;
  const upper = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) upper.push(Math.round(scores[a * n + b] * 1e4) / 1e4);
  s.scores = upper;
  s.features = s.measured.map((m) => (m ? m.features : null));
  delete s.measured;
  process.stderr.write(`${s.label}: scored\n`);
}
writeFileSync(out, JSON.stringify(result));
