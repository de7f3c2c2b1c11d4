#!/usr/bin/env node
// Which one-word-per-minutia layout of the gallery's compact form keeps 1:N's second stage
// closest to 1:1? (issue 12; bench/RESULTS.md "The gallery's compact form: angles in 256 steps")
//
//   node bench/search/gallery-angle-layouts.mjs DATA_DIR [BUILD] [--rounds N] [--json]
//
// Every unordered pair (a < b) of each FVC2002 B set is scored with a as the probe (its template
// as extracted or as the codec reads it) and b as the candidate in a simulated compact form:
// the finger at 500 ppi, single precision (as flattenTemplate keeps it), its best 64 minutiae,
// positions to the pixel, the angle in S steps and the minutia quality in L levels (level
// k of L reads back as the middle of its band, 100/L wide; a finger whose minutiae all carry 0
// reads back with 0, the "not reported" flag). Forms: exact (1:1), and S × L for S in 128, 256,
// 512 and L in 2 and 4 (as listed in `forms`). Three roles: ours × ours (our extraction, DB2 at
// 569 ppi), SecuGen × SecuGen (their ISO/IEC 19794-2 records, angles in 256 steps, no quality
// reported) and ours × SecuGen (their records mapped into the images' frame). Also the
// BUILD's own gallery form (encodeFinger → readCompactFinger) as a check of the simulation.
// Figures: all-pairs EER per set and the mean of the four, with a paired bootstrap over whole
// fingers (95 %, --rounds, seed 1) of each form's mean EER and of its change against exact and
// against the 128 × 4 form (the layout before snapshot format afis-gallery-4), and of each set's
// EER change against 128 × 4.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const ri = argv.indexOf('--rounds');
const rounds = ri >= 0 ? Number(argv[ri + 1]) : 300;
const [dataDir, build = '.'] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--rounds');
if (!dataDir) {
  process.stderr.write('usage: gallery-angle-layouts.mjs DATA_DIR [BUILD] [--rounds N] [--json]\n');
  process.exit(2);
}
const dist = (path) => pathToFileURL(resolve(build, 'dist', path)).href;
const { compareTemplates, prepareTemplate, allPairsErrorRates, bootstrapErrorRates } = await import(dist('matching/index.js'));
const { SEARCH_PARAMETERS } = await import(dist('config/parameters/search.js'));
const { flattenTemplate, readCompactFinger } = await import(dist('index/index.js'));
const { encodeFinger } = await import(dist('index/gallery.js'));
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));
const { createRng } = await import(dist('synthetic/index.js'));

const TWO_PI = 2 * Math.PI;
const DBS = [['DB1_B', ''], ['DB2_B', '@569'], ['DB3_B', ''], ['DB4_B', '']];
const images = await readEvalSets(DBS.map(([d, p]) => `${dataDir}/fvc2002/${d}${p}`));
const records = await readEvalSets(DBS.map(([d]) => `${dataDir}/iso19794-2/fvc2002-secugen/${d}`));
const ours = images.map((s) => extractEvalSet(s).templates);
const theirs = records.map((s) => extractEvalSet(s).templates);
// SecuGen's records in the images' frame (the interop bench's mapping, as foreign-gallery.mjs does)
const wrap = (a) => ((a % TWO_PI) + TWO_PI) % TWO_PI;
const theirsInImages = theirs.map((list, k) => {
  const it = images[k].items.find((x) => x && 'image' in x);
  const ppi = ours[k].find((t) => t).ppi;
  const W = it.image.width, H = it.image.height;
  return list.map((t) => {
    if (!t) return null;
    const sx = W / t.width, sy = H / t.height;
    const minutiae = t.minutiae.map((m) => ({ ...m, x: Math.min(W - 1, Math.max(0, m.x * sx)), y: Math.min(H - 1, Math.max(0, m.y * sy)), angle: wrap(Math.atan2(Math.sin(m.angle) * sy, Math.cos(m.angle) * sx)) }));
    return { ...t, width: W, height: H, ppi, minutiae };
  });
});

/** The candidate as a compact form of S angle steps and L quality levels would give it back. */
function simulate(t, S, L) {
  const s = t.ppi > 0 ? 500 / t.ppi : 1;
  const width = Math.max(1, Math.round(t.width * s)), height = Math.max(1, Math.round(t.height * s));
  const order = t.minutiae.map((_, i) => i).sort((a, b) => Math.trunc(t.minutiae[b].quality) - Math.trunc(t.minutiae[a].quality) || a - b).slice(0, SEARCH_PARAMETERS.maxStoredMinutiae);
  const reports = order.some((i) => Math.trunc(t.minutiae[i].quality) !== 0);
  const band = 100 / L;
  const minutiae = order.map((i) => {
    const m = t.minutiae[i];
    const q = Math.trunc(m.quality);
    return {
      x: Math.min(width - 1, Math.min(2047, Math.max(0, Math.round(Math.fround(m.x * s))))),
      y: Math.min(height - 1, Math.min(2047, Math.max(0, Math.round(Math.fround(m.y * s))))),
      angle: ((Math.round((Math.fround(m.angle) / TWO_PI) * S) & (S - 1)) * TWO_PI) / S,
      type: m.type === 'bifurcation' ? 'bifurcation' : 'ending',
      quality: reports ? Math.min(L - 1, Math.max(0, Math.floor(q / band))) * band + Math.floor(band / 2) : 0,
    };
  });
  return { width, height, ppi: 500, quality: t.quality, minutiae };
}
function galleryForm(t) {
  const e = encodeFinger(flattenTemplate(t), SEARCH_PARAMETERS);
  return readCompactFinger(e.words, 0, e.count, e.quality, !e.minutiaQualityNotReported);
}

const forms = [['exact', (t) => t], ['build gallery', galleryForm]];
for (const [S, L] of [[128, 4], [128, 2], [256, 2], [256, 4], [512, 4]]) forms.push([`${S} x ${L}`, (t) => simulate(t, S, L)]);

const roles = { 'ours x ours': [ours, ours], 'secugen x secugen': [theirs, theirs], 'ours x secugen': [ours, theirsInImages] };
const pct = (v) => +(100 * v).toFixed(2);
const out = { build: resolve(build), rounds, roles: {} };
for (const [role, [probeSets, sets]] of Object.entries(roles)) {
  // variants[form][set] for the bootstrap
  const variants = forms.map(() => []);
  sets.forEach((templates, k) => {
    const fingers = images[k].fingers ?? records[k].fingers;
    const n = templates.length;
    const probes = probeSets[k].map((t) => (t ? prepareTemplate(t) : null));
    forms.forEach(([, f], v) => {
      const cands = templates.map((t) => (t ? prepareTemplate(f(t)) : null));
      const scores = new Float64Array(n * n);
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) scores[a * n + b] = probes[a] && cands[b] ? compareTemplates(probes[a], cands[b]) : 0;
      variants[v].push({ fingers: role.startsWith('ours') ? images[k].fingers : records[k].fingers, scores });
    });
  });
  const F = forms.length;
  const ref = forms.findIndex(([name]) => name === '128 x 4');
  const meanEer = (row) => row.reduce((s, r) => s + r.eer, 0) / row.length;
  // [mean EER of each form, change against exact, change against 128 x 4]
  // …, then per form the change of each set's EER against 128 x 4
  const statistic = (table) => [...table.map(meanEer), ...table.map((row) => meanEer(row) - meanEer(table[0])), ...table.map((row) => meanEer(row) - meanEer(table[ref])), ...table.flatMap((row) => row.map((r, k) => r.eer - table[ref][k].eer))];
  // |score − exact score| over every pair of the four sets: median, p90, p99, max, and the share equal
  const gapOf = (form, exact) => {
    const d = [];
    form.forEach((x, k) => {
      const n = x.fingers.length;
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) d.push(Math.abs(x.scores[a * n + b] - exact[k].scores[a * n + b]));
    });
    d.sort((p, q) => p - q);
    const q = (f) => +d[Math.min(d.length - 1, Math.floor(f * d.length))].toFixed(3);
    return { median: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1), mean: +(d.reduce((s, y) => s + y, 0) / d.length).toFixed(3), equal: +(d.filter((y) => y === 0).length / d.length).toFixed(3) };
  };
  const est = bootstrapErrorRates(variants, statistic, { rounds, random: createRng(1).next });
  const iv = (e) => ({ value: pct(e.value), low: pct(e.low), high: pct(e.high) });
  out.roles[role] = forms.map(([name], v) => ({
    form: name,
    eer: variants[v].map((s) => pct(allPairsErrorRates(s).eer)),
    fmr1000: pct(variants[v].reduce((s, x) => s + allPairsErrorRates(x).fmr1000, 0) / 4),
    meanEer: iv(est[v]),
    vsExact: iv(est[F + v]),
    vs128x4: iv(est[2 * F + v]),
    perSetVs128x4: [0, 1, 2, 3].map((k) => iv(est[3 * F + 4 * v + k])),
    gap: gapOf(variants[v], variants[0]),
  }));
}
if (json) process.stdout.write(JSON.stringify(out, null, 1) + '\n');
else {
  const f = (e) => `${e.value} [${e.low}, ${e.high}]`;
  for (const [role, rows] of Object.entries(out.roles)) {
    console.log(`\n${role} (build ${out.build}, ${rounds} rounds)\n| form | EER % DB1 / DB2 / DB3 / DB4 | mean EER % | change vs exact | change vs 128 x 4 | mean FNMR at FMR 0.1 % | score gap vs exact: mean / median / p90 / p99 / max, share equal |\n|---|---|---|---|---|---|---|`);
    for (const r of rows) console.log(`| ${r.form} | ${r.eer.join(' / ')} | ${f(r.meanEer)} | ${f(r.vsExact)} | ${f(r.vs128x4)} | ${r.fmr1000} | ${r.gap.mean} / ${r.gap.median} / ${r.gap.p90} / ${r.gap.p99} / ${r.gap.max}, ${r.gap.equal} |`);
    console.log('\nper set, change of EER against 128 x 4 [95 %]:');
    for (const r of rows) console.log(`${r.form}: ${r.perSetVs128x4.map(f).join(' / ')}`);
  }
}
