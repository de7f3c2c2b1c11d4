#!/usr/bin/env node
// The desk against a latent print on the platen (the `ghost` perturbation; issue 12): what a flat
// field taken from the capture itself (src/quality `flattenPlaten`, TRANSACTION_PARAMETERS
// `latentFlattenRadius`) gives back beyond the desk's drops of repeated minutiae
// (bench/transactions/latent-clean.mjs), in the order prepare-fingers.ts takes them.
//
//   node bench/transactions/latent-flat.mjs DATA_DIR [--seed S | --seeds A,B,…] [--radius R] [--agree A] [--gated-agree G] [--evident T] [--rounds N] [--json]
//
// The four FVC2002 B sets are read as a desk's captures, as latent-clean.mjs reads them: capture j
// holds impression j of every finger, positions 1–10 in finger order. The residue darkens every
// capture at the same place, multiplying the grey by less than 1 where the platen is light; a
// finger's own ridges differ from image to image. So per capture (its images of one size), the
// upper envelope (each pixel's lightest value over the capture's images) against its own local
// maximum over a square of radius R px (--radius, default 4): a fine dip that every image of the
// capture shares is the residue's, and each image is divided by it (`latentFlattenMaxGain`).
// Variants, each cleaned by the desk's drops (`latentDropRepeats`, `latentDropPersistent`), all
// pairs scored:
// - drop: the images as captured (the desk with `latentFlattenRadius` 0);
// - flat: every capture flattened (what the desk does with `latentFlattenEvery`), with --agree A
//   (`latentFlattenAgree`; 0 = every image of the capture must show a dip);
// - gated: what the desk does with `latentFlattenRadius` R and `latentFlattenEvery` false, with
//   --gated-agree G (default A): only a capture its latent check flags
//   (a finger of it, or its first against the previous capture's last, with ≥ 6 minutiae in
//   place, on the templates as captured) is flattened and its fingers extracted again; the drops
//   then read the new templates. A clean capture is never flagged on FVC2002 (0 of 23,040 ordered
//   pairs of different fingers), so it stays as it is.
// - with --evident T, *flat* is instead a desk that also flattens at a share of T (the candidate `latentResidueMinShare`): the gated arm's
//   flat field also for a capture whose residue is evident (src/quality `platenResidueShare` ≥ T:
//   every image dips alike, in ridges), paired against the gated arm as `flat − gated`.
// For the ghost (seeds as `afis eval perturb --kinds ghost --seed S` draws them) and clean prints;
// the mean all-pairs EER with 95 % intervals from resampling whole fingers, paired.
import { extractEvalSet, readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { flattenPlaten, platenResidueShare } from '../../dist/quality/index.js';
import { bootstrapErrorRates } from '../../dist/matching/bootstrap-error-rates.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { findLatentRepeats, withoutLatentRepeats } from '../../dist/transactions/find-latent-repeats.js';
import { deskCaptures } from './desk-captures.mjs';

const args = process.argv.slice(2);
const data = args[0];
if (!data) {
  console.error('usage: latent-flat.mjs DATA_DIR [--seed S | --seeds A,B,…] [--radius R] [--agree A] [--gated-agree G] [--evident T] [--rounds N] [--json]');
  process.exit(2);
}
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const seed = opt('--seed', 1);
const radius = opt('--radius', 4);
const rounds = opt('--rounds', 300);
const agree = opt('--agree', TRANSACTION_PARAMETERS.latentFlattenAgree ?? 1);
// the gated arm's own agreement (default the same): the shipped desk against a candidate that
// flattens every capture, paired over the same extractions (`flat − gated`)
const gatedAgree = opt('--gated-agree', agree);
const params = { ...TRANSACTION_PARAMETERS, latentFlattenRadius: radius, latentFlattenAgree: agree };
const gatedParams = { ...params, latentFlattenAgree: gatedAgree };
// --evident T: the *flat* arm becomes a desk that also flattens at a share of T: a capture is flattened
// (with the gated arm's flat field) when flagged or when its residue is evident (platenResidueShare ≥ T)
const evident = opt('--evident', 0);
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));


/**
 * Every capture as prepare-fingers.ts takes it: the latent check on the templates as captured
 * (`plain`; the previous capture's last finger too); a capture it flags takes `flat`'s templates
 * when given (`always`: every capture does); then the drops on the templates taken, the check read
 * again on them. The next capture is checked against this one's templates as captured.
 */
function desk(plain, flat, always, fingers) {
  const out = [...plain];
  let earlier = [], flattened = 0;
  for (const [j, capture] of deskCaptures(fingers).entries()) {
    const list = capture.filter((c) => plain[c.index]).map((c) => ({ position: c.position, template: plain[c.index], index: c.index }));
    const latent = findLatentRepeats(list, params, earlier.at(-1));
    // `always`: true (every capture), false (flagged ones), or the set of captures also taken (evident residue)
    const take = flat && (always === true || latent.length > 0 || (always instanceof Set && always.has(j)));
    const used = take ? list.map((f) => ({ ...f, template: flat[f.index] ?? f.template })) : list;
    if (take) flattened++;
    const without = withoutLatentRepeats(used, take ? findLatentRepeats(used, params, earlier.at(-1)) : latent, params, earlier);
    for (const f of used) out[f.index] = without.get(f.position) ?? f.template;
    earlier = [...earlier, ...list].slice(-2);
  }
  return { templates: out, flattened };
}

// --seeds A,B,…: several ghost seeds, each finger resampled alike in every seed (the seeds are rows
// of one bootstrap), reported per seed and pooled (the mean over the seeds of each arm and change)
const seeds = args.includes('--seeds') ? args[args.indexOf('--seeds') + 1].split(',').map(Number) : [seed];
const variants = Array.from({ length: 6 * seeds.length }, () => []);
const flagged = Object.fromEntries(seeds.map((s) => [s, {}]));
for (const [k, set] of sets.entries()) {
  const caps = deskCaptures(set.fingers);
  const flatOf = (images, flatParams = params) => {
    const out = [...images];
    for (const cap of caps) {
      const first = images[cap[0].index];
      const same = cap.filter((c) => images[c.index].width === first.width && images[c.index].height === first.height);
      flattenPlaten(same.map((c) => images[c.index]), flatParams).forEach((f, j) => { out[same[j].index] = f; });
    }
    return out;
  };
  const extract = (images) => extractEvalSet(set, { transform: (_, i) => images[i] }).templates;
  const evidentOf = (images) => new Set(caps.flatMap((cap, j) => (platenResidueShare(cap.map((x) => images[x.index]), params) >= evident ? [j] : [])));
  const differ = gatedAgree !== agree;
  // the clean prints do not depend on the seed: extracted once
  const clean = set.items.map((it) => it.image);
  const c = extract(clean), cf = extract(flatOf(clean));
  const cg = differ ? extract(flatOf(clean, gatedParams)) : cf;
  const ce = evident > 0 ? evidentOf(clean) : null;
  for (const [si, s] of seeds.entries()) {
    const ghost = clean.map((im, i) => perturbImage(im, 'ghost', mixSeed(s, 0, k, i)).image);
    const g = extract(ghost), gf = extract(flatOf(ghost));
    const gg = differ ? extract(flatOf(ghost, gatedParams)) : gf;
    const ge = evident > 0 ? evidentOf(ghost) : null;
    const runs = evident > 0
      ? [desk(g, null, false, set.fingers), desk(g, gg, ge, set.fingers), desk(g, gg, false, set.fingers),
        desk(c, null, false, set.fingers), desk(c, cg, ce, set.fingers), desk(c, cg, false, set.fingers)]
      : [desk(g, null, false, set.fingers), desk(g, gf, true, set.fingers), desk(g, gg, false, set.fingers),
        desk(c, null, false, set.fingers), desk(c, cf, true, set.fingers), desk(c, cg, false, set.fingers)];
    flagged[s][names[k]] = { captures: caps.length, ghost: runs[2].flattened, clean: runs[5].flattened,
      ...(evident > 0 ? { evidentGhost: ge.size, evidentClean: ce.size, flatGhost: runs[1].flattened, flatClean: runs[4].flattened } : {}) };
    runs.forEach((r, v) => variants[6 * si + v].push(scoreEvalSet(set.fingers, r.templates)));
  }
}
const mean = (row) => (100 * row.reduce((a, r) => a + r.eer, 0)) / row.length;
const S = seeds.length;
// per seed: 6 arm means, 6 changes, 24 per-set figures (36); then pooled: 6 arm means and 6 changes
const perSeed = (m, t, si) => {
  const a = m.slice(6 * si, 6 * si + 6);
  return [...a, a[1] - a[0], a[2] - a[0], a[4] - a[3], a[5] - a[3], a[1] - a[2], a[4] - a[5], ...t.slice(6 * si, 6 * si + 6).flatMap((row) => row.map((r) => 100 * r.eer))];
};
const est = bootstrapErrorRates(variants, (t) => {
  const m = t.map(mean);
  const each = seeds.map((_, si) => perSeed(m, t, si));
  const pooled = Array.from({ length: 12 }, (_, i) => each.reduce((a, e) => a + e[i], 0) / S);
  return [...each.flat(), ...pooled];
}, { rounds, random: createRng(mixSeed(seed, 7002)).next });
const f = (e) => `${e.value.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`;
const labels = ['ghost, drop', 'ghost, flat', 'ghost, gated', 'clean, drop', 'clean, flat', 'clean, gated'];
const changes = ['ghost: flat − drop', 'ghost: gated − drop', 'clean: flat − drop', 'clean: gated − drop', 'ghost: flat − gated', 'clean: flat − gated'];
const report = (e, base) => ({
  ...Object.fromEntries(labels.map((l, v) => [l, f(e[base + v])])),
  ...Object.fromEntries(changes.map((l, v) => [l, f(e[base + 6 + v])])),
});
const bySeed = seeds.map((s, si) => ({
  seed: s, flaggedCaptures: flagged[s], meanEerPercent: report(est, 36 * si),
  perSet: Object.fromEntries(labels.map((l, v) => [l, est.slice(36 * si + 12 + 4 * v, 36 * si + 16 + 4 * v).map((e) => e.value.toFixed(2)).join(' / ')])),
}));
const out = {
  radius, agree, gatedAgree, evident, rounds,
  ...(S === 1 ? bySeed[0] : { seeds: bySeed, pooled: { seeds, meanEerPercent: report(est, 36 * S) } }),
};
console.log(JSON.stringify(out, null, 1));
