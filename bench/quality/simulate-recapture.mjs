#!/usr/bin/env node
// What the desk's recapture advice is worth when it is followed: every capture of a site taken under
// a fault (--first KIND:SEED, e.g. a small, framed sensor with a dry, faint finger), a rule advises
// some of them, and an advised finger is taken again (--recapture KIND:SEED,…: the same fault drawn
// again — the pessimistic model — or a lesser one, e.g. `crop+frame:2`, the finger moistened on the
// same sensor; `clean`: the image as it is). Per rule and threshold: the share of captures taken
// again, and FNMR at FMR 0.1 % (the threshold fixed on the first captures' impostors, per set, as
// `afis eval erc` fixes it) over the genuine pairs of the captures kept — the recapture, or with
// --policy better the better of the two by the rule's own score. Beside it, the same share taken again
// at random (the exact expectation), and the clean share a rule advises at that threshold (the
// FVC2002 images as they are). Rules are compared at the shipped rule's share (quality < 70 advised)
// and at fixed shares, of the site's captures (--match site) or of the clean ones (--match clean: what
// each rule buys for the same cost on a desk with clean captures); the change against the shipped quality at the same share gets a paired 95 %
// interval from resampling whole fingers (thresholds matched again per draw).
//
//   node bench/quality/simulate-recapture.mjs --sets DB1_B DB2_B@569 DB3_B DB4_B \
//     --first dry+low-contrast+crop+frame:1 --recapture dry+low-contrast+crop+frame:2,crop+frame:2 \
//     [--match site|clean] [--loso] [--policy recapture|better] [--rounds 300] [--json]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const { readEvalSets } = await import(join(dist, 'cli/commands/eval-sets.js'));
const { perturbImage } = await import(join(dist, 'perturbation/index.js'));
const { createRng, mixSeed } = await import(join(dist, 'synthetic/index.js'));
const { thresholdAtFmr } = await import(join(dist, 'quality/index.js'));
const { scoreFingerQuality } = await import(join(dist, 'extraction/index.js'));
const { prepareTemplate, compareTemplates } = await import(join(dist, 'matching/index.js'));
const { measureCapture } = await import('./measure-capture.mjs');

const args = process.argv.slice(2);
const list = (flag) => { const i = args.indexOf(flag); if (i < 0) return []; const o = []; for (let k = i + 1; k < args.length && !args[k].startsWith('--'); k++) o.push(args[k]); return o; };
const one = (flag, dflt) => list(flag)[0] ?? dflt;
const specs = list('--sets');
const parseCapture = (s) => { const [kind, seed] = s.split(':'); return { kind, seed: Number(seed ?? 1) }; };
const first = parseCapture(one('--first', 'dry+low-contrast+crop+frame:1'));
const recaptures = one('--recapture', 'dry+low-contrast+crop+frame:2').split(',').map(parseCapture);
const rounds = Number(one('--rounds', '300'));
if (specs.length === 0) throw new Error('usage: --sets DIR... --first KIND:SEED --recapture KIND:SEED,...');

const take = (image, c, k, i) => (c.kind === 'clean' ? image : perturbImage(image, c.kind, mixSeed(c.seed, k, i, 1)).image);
const capture = (image) => {
  const m = image && measureCapture(image);
  return m ? { features: m.features, prepared: prepareTemplate(m.template) } : { features: null, prepared: null };
};
const compare = (a, b) => (a.prepared && b.prepared ? compareTemplates(a.prepared, b.prepared) : 0);

// ---- captures and scores ------------------------------------------------------------------------
const sets = [];
for (const [k, set] of (await readEvalSets(specs)).entries()) {
  const images = set.items.map((it) => (it && 'image' in it ? it.image : null));
  const clean = images.map((im) => capture(im));
  const firsts = images.map((im, i) => capture(im && take(im, first, k, i)));
  const seconds = recaptures.map((c) => images.map((im, i) => capture(im && take(im, c, k, i))));
  const n = images.length;
  const genuine = [], impostor = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (set.fingers[a] !== set.fingers[b]) { impostor.push(compare(firsts[a], firsts[b])); continue; }
      // scores of the pair with each print first (0) or taken again (1 + model)
      genuine.push({ a, b, s: [compare(firsts[a], firsts[b]), ...seconds.map((sec) => [compare(sec[a], firsts[b]), compare(firsts[a], sec[b]), compare(sec[a], sec[b])])] });
    }
  }
  sets.push({ label: set.label, fingers: set.fingers, n, clean: clean.map((c) => c.features), first: firsts.map((c) => c.features), second: seconds.map((sec) => sec.map((c) => c.features)), genuine, impostor, threshold: thresholdAtFmr(impostor, 0.001) });
  process.stderr.write(`${set.label}: ${n} images, threshold ${sets.at(-1).threshold.toFixed(2)}\n`);
}

// ---- rules --------------------------------------------------------------------------------------
const sat = (v, lo, hi) => (v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo));
/** The finger quality with its minutiae term read from the minutiae of quality ≥ 50 anywhere (3 → 15). */
function qualityMinutiae50(f) {
  const terms = [sat(f.foregroundPixels, 8_000, 60_000), sat(f.orientationCertainty, 0.15, 0.55), sat(f.clarity, 0.2, 0.8), sat(f.minutiaeAtLeast[50], 3, 15)];
  return Math.round(Math.max(0, Math.min(100, 100 * Math.pow(terms.reduce((a, b) => a * b, 1), 1 / 4) * (0.7 + 0.3 * sat(f.frequencyConsistency, 0.5, 0.85)))));
}
const range = (a, b, step = 1) => { const o = []; for (let v = a; v <= b; v += step) o.push(v); return o; };
/** Each rule: a score (higher = better capture; null features score −1) and the thresholds t (advise when score < t). */
const RULES = [
  { name: 'shipped quality', score: (f) => scoreFingerQuality(f), values: range(0, 101) },
  { name: 'minutiae of quality ≥ 50', score: (f) => f.minutiaeAtLeast[50], values: range(0, 60) },
  { name: 'clear ridge area, mm²', score: (f) => f.clearAreaMm2, values: range(0, 300, 5) },
  { name: 'quality, minutiae term from quality ≥ 50', score: qualityMinutiae50, values: range(0, 101) },
  { name: 'ridge contrast, grey levels', score: (f) => f.ridgeContrast, values: range(0, 40, 0.5) },
  // the shipped advice (quality < 70) and one more reason: t over the added feature
  { name: 'quality < 70 or minutiae of quality ≥ 50 < t', score: (f) => (scoreFingerQuality(f) < 70 ? -1 : f.minutiaeAtLeast[50]), values: range(0, 60) },
  { name: 'quality < 70 or clear ridge area < t mm²', score: (f) => (scoreFingerQuality(f) < 70 ? -1 : f.clearAreaMm2), values: range(0, 300, 5) },
  { name: 'quality < 70 or ridge contrast < t', score: (f) => (scoreFingerQuality(f) < 70 ? -1 : f.ridgeContrast), values: range(0, 40, 0.5) },
];
const scoreOf = (rule, f) => (f ? rule.score(f) : -1);
const policy = one('--policy', 'recapture');

/** FNMR (pooled over sets, each at its own threshold) and the share taken again, for a rule at t, model m, on a draw. */
function outcome(rule, threshold, m, draw) {
  let pairs = 0, fail = 0, images = 0, again = 0, clean = 0, cleanAdvised = 0;
  const cleanBySet = [];
  for (const [k, s] of sets.entries()) {
    const t = Array.isArray(threshold) ? threshold[k] : threshold; // one per set with --loso
    cleanBySet.push(s.clean.filter((f) => scoreOf(rule, f) < t).length / s.clean.length);
    const w = draw ? draw.weights[k] : null; // images' weights (how often their finger was drawn)
    const use = s.first.map((f, i) => {
      const advised = scoreOf(rule, f) < t;
      if (!advised) return 0;
      if (policy === 'better') return scoreOf(rule, s.second[m][i]) > scoreOf(rule, f) ? 1 : 0;
      return 1;
    });
    s.first.forEach((f, i) => { const wi = w ? w[s.fingers[i]] ?? 0 : 1; images += wi; if (scoreOf(rule, f) < t) again += wi; clean += wi; if (scoreOf(rule, s.clean[i]) < t) cleanAdvised += wi; });
    const thr = draw ? draw.thresholds[k] : s.threshold;
    for (const g of s.genuine) {
      const wi = w ? w[s.fingers[g.a]] ?? 0 : 1;
      if (!wi) continue;
      const ua = use[g.a], ub = use[g.b];
      const score = !ua && !ub ? g.s[0] : g.s[1 + m][ua && ub ? 2 : ua ? 0 : 1];
      pairs += wi;
      if (score < thr) fail += wi;
    }
  }
  return { share: again / images, fnmr: fail / pairs, cleanShare: cleanAdvised / clean, cleanBySet };
}
/** The same share taken again at random: the exact expectation over independent draws with probability p. */
function randomOutcome(p, m, draw) {
  let pairs = 0, fail = 0;
  for (const [k, s] of sets.entries()) {
    const w = draw ? draw.weights[k] : null;
    const thr = draw ? draw.thresholds[k] : s.threshold;
    for (const g of s.genuine) {
      const wi = w ? w[s.fingers[g.a]] ?? 0 : 1;
      if (!wi) continue;
      const f = (x) => (x < thr ? 1 : 0);
      pairs += wi;
      fail += wi * ((1 - p) * (1 - p) * f(g.s[0]) + p * (1 - p) * (f(g.s[1 + m][0]) + f(g.s[1 + m][1])) + p * p * f(g.s[1 + m][2]));
    }
  }
  return fail / pairs;
}
/** The widest threshold whose share taken again stays within the cap. */
const matchOn = one('--match', 'site');
const loso = args.includes('--loso');
/**
 * The threshold matched to a cap; with --loso one per set, each matched on the other sets alone (a
 * sensor's threshold read on other sensors: what an absolute feature's threshold is worth elsewhere).
 */
function matched(rule, cap, m, draw) {
  if (!loso) return matchedOn(rule, cap, draw, sets.map((_, k) => k));
  return sets.map((_, h) => matchedOn(rule, cap, draw, sets.map((_, k) => k).filter((k) => k !== h)));
}
function matchedOn(rule, cap, draw, on) {
  // the share depends on the first captures alone (--match site) or on the clean images (--match clean)
  const scored = [];
  let total = 0;
  for (const k of on) { const s = sets[k]; s[matchOn === 'clean' ? 'clean' : 'first'].forEach((f, i) => { const wi = draw ? draw.weights[k][s.fingers[i]] ?? 0 : 1; if (wi) { scored.push([scoreOf(rule, f), wi]); total += wi; } }); }
  let best = rule.values[0];
  for (const t of rule.values) {
    let again = 0;
    for (const [v, wi] of scored) if (v < t) again += wi;
    if (again / total <= cap + 1e-12) best = t;
  }
  return best;
}
/**
 * A draw of whole fingers per set (with replacement): weights per finger label. The thresholds stay
 * the full set's (the site's operating point is fixed): thresholds re-read on drawn impostors break
 * down at FMR 0.1 %, where a top impostor pair drawn twice or more leaves no score with FMR ≤ 0.1 %
 * (every pair then fails with and without recapture, and the draw reads a change of 0).
 */
function drawFingers(random) {
  const weights = [];
  for (const s of sets) {
    const labels = [...new Set(s.fingers)];
    const w = {};
    for (let u = 0; u < labels.length; u++) { const l = labels[Math.floor(random() * labels.length)]; w[l] = (w[l] ?? 0) + 1; }
    weights.push(w);
  }
  return { weights, thresholds: sets.map((s) => s.threshold) };
}

const r4 = (v) => Math.round(v * 1e4) / 1e4;
const shipped = RULES[0];
const result = { first, recaptures, policy, match: matchOn, leaveOneSetOut: loso, rounds, sets: sets.map((s) => ({ label: s.label, threshold: r4(s.threshold) })), models: [] };
for (const [m, model] of recaptures.entries()) {
  const none = outcome(shipped, 0, m);
  const caps = matchOn === 'clean' ? [outcome(shipped, 70, m).cleanShare, 0.08, 0.12, 0.2] : [outcome(shipped, 70, m).share, 0.1, 0.2, 0.3, 0.5];
  const rows = caps.map((cap) => ({
    cap: r4(cap),
    rules: RULES.map((rule) => {
      const t = rule === shipped && cap === caps[0] ? 70 : matched(rule, cap, m);
      const o = outcome(rule, t, m);
      return { rule: rule.name, t, share: r4(o.share), cleanShare: r4(o.cleanShare), cleanBySet: o.cleanBySet.map(r4), fnmr: r4(o.fnmr), random: r4(randomOutcome(o.share, m)) };
    }),
  }));
  // paired intervals: each rule's FNMR minus the shipped quality's at the same cap, and minus random at its own share
  const random = createRng(Number(one('--bootstrap-seed', '1'))).next;
  const dShipped = caps.map(() => RULES.map(() => [])), dRandom = caps.map(() => RULES.map(() => [])), dNone = caps.map(() => RULES.map(() => []));
  for (let r = 0; r < rounds; r++) {
    const draw = drawFingers(random);
    const base = outcome(shipped, 0, m, draw).fnmr;
    caps.forEach((cap, ci) => {
      const o = RULES.map((rule) => outcome(rule, rule === shipped && ci === 0 ? 70 : matched(rule, cap, m, draw), m, draw));
      RULES.forEach((_, ri) => {
        dShipped[ci][ri].push(o[ri].fnmr - o[0].fnmr);
        dRandom[ci][ri].push(o[ri].fnmr - randomOutcome(o[ri].share, m, draw));
        dNone[ci][ri].push(o[ri].fnmr - base);
      });
    });
  }
  const interval = (l) => { const s = Float64Array.from(l).sort(); return [r4(s[Math.floor(0.025 * s.length)]), r4(s[Math.min(s.length - 1, Math.floor(0.975 * s.length))])]; };
  rows.forEach((row, ci) => row.rules.forEach((x, ri) => {
    x.vsShipped = r4(x.fnmr - row.rules[0].fnmr);
    x.vsShippedInterval = interval(dShipped[ci][ri]);
    x.vsRandom = r4(x.fnmr - x.random);
    x.vsRandomInterval = interval(dRandom[ci][ri]);
    x.vsNone = r4(x.fnmr - none.fnmr);
    x.vsNoneInterval = interval(dNone[ci][ri]);
  }));
  result.models.push({ recapture: model, noRecapture: r4(none.fnmr), everyRecaptured: r4(outcome(shipped, 1e9, m).fnmr), rows });
}
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const p = (v) => `${(100 * v).toFixed(2)} %`;
  const d = (v, iv) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)} [${(100 * iv[0]).toFixed(2)}, ${(100 * iv[1]).toFixed(2)}]`;
  console.log(`first capture ${first.kind}:${first.seed}; policy ${policy}; shares matched on ${matchOn}${loso ? ', each set\'s threshold on the other sets' : ''}; thresholds ${result.sets.map((s) => s.threshold).join(' / ')}`);
  for (const mres of result.models) {
    console.log(`recapture ${mres.recapture.kind}:${mres.recapture.seed}: FNMR without recapture ${p(mres.noRecapture)}, every finger taken again ${p(mres.everyRecaptured)}`);
    for (const row of mres.rows) {
      console.log(`  share cap ${p(row.cap)}`);
      for (const x of row.rules) console.log(`    ${x.rule.padEnd(42)} t ${String(x.t).padEnd(loso ? 14 : 4)} again ${p(x.share).padEnd(8)} clean ${p(x.cleanShare).padEnd(8)}${loso ? ` (${x.cleanBySet.map((v) => (100 * v).toFixed(0)).join('/')}) ` : ''} FNMR ${p(x.fnmr).padEnd(8)} vs none ${d(x.vsNone, x.vsNoneInterval)}  random ${p(x.random)} vs random ${d(x.vsRandom, x.vsRandomInterval)}  vs shipped ${d(x.vsShipped, x.vsShippedInterval)}`);
    }
  }
}
