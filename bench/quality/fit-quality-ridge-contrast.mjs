#!/usr/bin/env node
// Chooses the finger quality's absolute ridge contrast ramp (QUALITY_PARAMETERS.ridgeContrastLow/High)
// by the error-versus-reject curve, never on the sets it is reported on:
//   1. fitted on synthetic training prints (--train), reported on every --sets folder;
//   2. leave-one-set-out over the --sets folders: chosen on the others, reported on the one left out.
// The change of held-out gain against no term gets a paired 95 % interval from resampling whole
// fingers (--rounds, default 300), the choices kept fixed.
// Each folder is used clean and with a share of its images perturbed (--perturb, as `afis eval erc`).
// The score of a ramp is the ERC gain (1 ideal ranking, 0 random), mean of FMR 0.1 % and 1 %.
//
//   npm run build && node bench/quality/fit-quality-ridge-contrast.mjs \
//     --train /tmp/s1201 --sets DB1_B DB2_B@569 DB3_B DB4_B [--perturb washed-out,low-contrast,dry,crop,blurred] [--json]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const { readEvalSets } = await import(join(dist, 'cli/commands/eval-sets.js'));
const { analyzeFingerprint, extractFromAnalysis, measureQualityFeatures, scoreFingerQuality } = await import(join(dist, 'extraction/index.js'));
const { perturbImage } = await import(join(dist, 'perturbation/index.js'));
const { createRng, mixSeed } = await import(join(dist, 'synthetic/index.js'));
const { errorVersusReject } = await import(join(dist, 'quality/index.js'));
const { prepareTemplate, compareTemplates } = await import(join(dist, 'matching/index.js'));
const { EXTRACTION_PARAMETERS, QUALITY_PARAMETERS } = await import(join(dist, 'config/parameters.js'));
const { NO_DEBUG } = await import(join(dist, 'core/index.js'));

const args = process.argv.slice(2);
const list = (flag) => { const i = args.indexOf(flag); if (i < 0) return []; const out = []; for (let k = i + 1; k < args.length && !args[k].startsWith('--'); k++) out.push(args[k]); return out; };
const one = (flag, dflt) => list(flag)[0] ?? dflt;
const train = list('--train'), specs = list('--sets');
const kinds = one('--perturb', 'washed-out,low-contrast,dry,crop,blurred').split(',');
const share = Number(one('--share', '0.5')), seed = Number(one('--seed', '1'));
if (train.length === 0 || specs.length < 2) throw new Error('usage: --train DIR... --sets DIR DIR...');

const RAMPS = [[0, 0], [1, 5], [2, 8], [3, 12], [4, 16], [6, 25]];
const FMRS = [0.001, 0.01];
const REJECTED = Array.from({ length: 31 }, (_, k) => k / 100);

/** Features and all-pairs scores of a folder, clean and perturbed (as afis eval erc perturbs it: set index k). */
async function measure(spec, k) {
  const [set] = await readEvalSets([spec]);
  const variants = [];
  for (const perturbed of [false, true]) {
    const features = [], prepared = [];
    set.items.forEach((item, i) => {
      let image = item?.image;
      if (image && perturbed) {
        const rng = createRng(mixSeed(seed, k, i));
        if (rng.next() < share) image = perturbImage(image, kinds[rng.int(kinds.length)], mixSeed(seed, k, i, 1)).image;
      }
      try {
        const a = analyzeFingerprint(image);
        const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG);
        features.push(measureQualityFeatures(a, t.minutiae.map((m) => ({ x: m.x, y: m.y, direction: 0, type: 'ending', ridgeLength: 0, quality: m.quality }))));
        prepared.push(prepareTemplate(t));
      } catch {
        features.push(null);
        prepared.push(null);
      }
    });
    const n = prepared.length, genuine = [], impostor = [];
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const s = prepared[a] && prepared[b] ? compareTemplates(prepared[a], prepared[b]) : 0;
        if (set.fingers[a] === set.fingers[b]) genuine.push({ a, b, s }); else impostor.push(s);
      }
    }
    // all pair scores by image, for the bootstrap over fingers
    const score = new Float64Array(n * n);
    for (const p of genuine) score[p.a * n + p.b] = p.s;
    { let k2 = 0; for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (set.fingers[a] !== set.fingers[b]) score[a * n + b] = impostor[k2++]; }
    variants.push({ label: `${spec}${perturbed ? ' +perturbed' : ''}`, features, genuine, impostor, fingers: set.fingers, score, n });
    process.stderr.write(`${variants.at(-1).label}\n`);
  }
  return variants;
}

/** The same variant on a draw of its fingers (with replacement), as bootstrapErrorRates draws. */
function drawVariant(v, random) {
  const labels = [...new Set(v.fingers)].sort((a, b) => a - b);
  const members = labels.map((l) => v.fingers.flatMap((f, i) => (f === l ? [i] : [])));
  const draw = labels.map(() => Math.floor(random() * labels.length));
  const genuine = [], impostor = [];
  const at = (a, b) => (a < b ? v.score[a * v.n + b] : v.score[b * v.n + a]);
  for (let u = 0; u < draw.length; u++) {
    const A = members[draw[u]];
    for (let i = 0; i < A.length; i++) for (let j = i + 1; j < A.length; j++) genuine.push({ a: A[i], b: A[j], s: at(A[i], A[j]) });
    for (let w = u + 1; w < draw.length; w++) {
      if (draw[w] === draw[u]) continue;
      for (const a of A) for (const b of members[draw[w]]) impostor.push(at(a, b));
    }
  }
  return { ...v, genuine, impostor };
}

function gain(v, [lo, hi]) {
  const q = v.features.map((f) => (f ? scoreFingerQuality(f, { ridgeContrastLow: lo, ridgeContrastHigh: hi }) : 0));
  const g = v.genuine.map((p) => ({ score: p.s, quality: Math.min(q[p.a], q[p.b]) }));
  const gains = FMRS.map((fmr) => errorVersusReject(g, v.impostor, { fmr, rejected: REJECTED }).gain).filter((x) => x !== null);
  return gains.length ? gains.reduce((a, b) => a + b, 0) / gains.length : null;
}
const meanGain = (vs, ramp) => { const g = vs.map((v) => gain(v, ramp)).filter((x) => x !== null); return g.reduce((a, b) => a + b, 0) / g.length; };
const best = (vs) => RAMPS.reduce((b, r) => (meanGain(vs, r) > meanGain(vs, b) + 1e-9 ? r : b), RAMPS[0]);
const r3 = (v) => (v === null ? null : Math.round(v * 1000) / 1000);

const trainVariants = (await Promise.all(train.map((t, k) => measure(t, k)))).flat();
const sets = [];
for (const [k, spec] of specs.entries()) sets.push(await measure(spec, k));
const fitted = best(trainVariants);
const shipped = [QUALITY_PARAMETERS.ridgeContrastLow, QUALITY_PARAMETERS.ridgeContrastHigh];
const allFvc = best(sets.flat());
// paired bootstrap over whole fingers (300 rounds, seeded): the held-out gain with the chosen
// ramps minus without the term, mean over the folders; the protocols' choices are kept fixed
const rounds = Number(one('--rounds', '300'));
const random = createRng(Number(one('--bootstrap-seed', '1'))).next;
const loso = sets.map((vs, h) => best(sets.filter((_, k) => k !== h).flat()));
const diffs = { fitted: [], leaveOneSetOut: [], shipped: [] };
const meanDiff = (pairs) => { const d = pairs.map(([v, r]) => { const a = gain(v, r), b = gain(v, [0, 0]); return a === null || b === null ? null : a - b; }).filter((x) => x !== null); return d.reduce((x, y) => x + y, 0) / d.length; };
for (let r = 0; r < rounds; r++) {
  const drawn = sets.map((vs) => vs.map((v) => drawVariant(v, random)));
  diffs.fitted.push(meanDiff(drawn.flat().map((v) => [v, fitted])));
  diffs.shipped.push(meanDiff(drawn.flat().map((v) => [v, shipped])));
  diffs.leaveOneSetOut.push(meanDiff(drawn.flatMap((vs, h) => vs.map((v) => [v, loso[h]]))));
}
const interval = (list, full) => { const s2 = Float64Array.from(list.filter(Number.isFinite)).sort(); return { value: r3(full), low: r3(s2[Math.floor(0.025 * s2.length)]), high: r3(s2[Math.min(s2.length - 1, Math.floor(0.975 * s2.length))]) }; };
const change = {
  fitted: interval(diffs.fitted, meanDiff(sets.flat().map((v) => [v, fitted]))),
  leaveOneSetOut: interval(diffs.leaveOneSetOut, meanDiff(sets.flatMap((vs, h) => vs.map((v) => [v, loso[h]])))),
  shipped: interval(diffs.shipped, meanDiff(sets.flat().map((v) => [v, shipped]))),
};
const result = {
  rounds, change,
  ramps: RAMPS, kinds, share, seed,
  training: { sets: train, perRamp: RAMPS.map((r) => ({ ramp: r, gain: r3(meanGain(trainVariants, r)) })), chosen: fitted },
  heldOut: sets.flat().map((v) => ({ set: v.label, none: r3(gain(v, [0, 0])), fitted: r3(gain(v, fitted)), shipped: r3(gain(v, shipped)) })),
  chosenOnAllSets: allFvc,
  leaveOneSetOut: sets.map((vs, h) => {
    const others = sets.filter((_, k) => k !== h).flat();
    const chosen = best(others);
    return { heldOut: specs[h], chosen, none: vs.map((v) => r3(gain(v, [0, 0]))), chosenGain: vs.map((v) => r3(gain(v, chosen))) };
  }),
};
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  console.log(`fitted on ${train.join(', ')}: ramp ${fitted.join('-')} (training gain per ramp: ${result.training.perRamp.map((p) => `${p.ramp.join('-')} ${p.gain}`).join(', ')})`);
  console.log(`chosen on all --sets: ${allFvc.join('-')}`);
  console.log('set'.padEnd(48), 'no ridge-contrast term', 'fitted', 'shipped');
  for (const h of result.heldOut) console.log(h.set.padEnd(48), String(h.none).padEnd(16), String(h.fitted).padEnd(6), h.shipped);
  for (const [k, c] of Object.entries(change)) console.log(`held-out gain change, ${k}: ${c.value} [${c.low}, ${c.high}] (95 %, ${rounds} rounds over whole fingers)`);
  console.log('leave-one-set-out (clean, perturbed):');
  for (const l of result.leaveOneSetOut) console.log(`  ${l.heldOut.padEnd(40)} chosen ${l.chosen.join('-').padEnd(6)} none ${l.none.join(', ')}  chosen ${l.chosenGain.join(', ')}`);
}
