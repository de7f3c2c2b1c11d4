#!/usr/bin/env node
// Foreign templates in the 1:N gallery: does 1:N's second stage score a candidate as 1:1 does?
// (issue 12; bench/RESULTS.md "Foreign templates in the 1:N gallery (gq0)")
//
//   node bench/search/foreign-gallery.mjs DATA_DIR [BUILD] [--json]
//
// SecuGen's ISO/IEC 19794-2 records of the FVC2002 B sets (DATA_DIR/iso19794-2/fvc2002-secugen,
// read by the codec as the service reads them) report no minutia quality: 0 on every minutia.
// 1:1 (compareTemplates) then keeps the overlap share of counts; the gallery's compact form
// (src/index/encode-compact-finger.ts) keeps quality in 4 levels, and before its "not
// reported" flag read level 0 back as 12. Per set, every image is enrolled in a Gallery as a
// subject of one finger; every image is then the probe, and matchShortlist (the second stage,
// the first stage left out) scores it against every subject. Pairs a < b (probe a, candidate b):
//   secugen          SecuGen probe × SecuGen gallery (their frame, 300 × 400)
//   ours x secugen   our extraction (DB2 at 569 ppi) × SecuGen's records mapped into the images'
//                    frame (x·W/300, y·H/400, directions likewise), the interop bench's mapping
//   secugen x ours   the reverse roles
//   ours             our extraction × our extraction (control: our templates report quality)
// For each: all-pairs EER and FNMR at FMR 0.1 % of 1:1 on the exact templates and of 1:N, and
// the gap |1:N − 1:1| per pair (the compact form's rounding: positions to the pixel at 500 ppi,
// angles in 256 steps and quality in 2 levels since snapshot format afis-gallery-4, 128 and 4
// before; the best 64 minutiae). And 1:1 with the candidate
// on the compact form's grid but its quality exact: the gap 1:N − that is the quality alone.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TWO_PI, mapTemplate } from '../matching/map-template.mjs';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const [dataDir, build = '.'] = argv.filter((a) => !a.startsWith('--'));
if (!dataDir) {
  process.stderr.write('usage: foreign-gallery.mjs DATA_DIR [BUILD] [--json]\n');
  process.exit(2);
}
const dist = (path) => pathToFileURL(resolve(build, 'dist', path)).href;
const { compareTemplates, prepareTemplate, allPairsErrorRates } = await import(dist('matching/index.js'));
const { Gallery, GalleryReader } = await import(dist('index/index.js'));
// the build's angle steps (256 since snapshot format afis-gallery-4; builds before it kept 128)
const ANGLE_STEPS = (await import(dist('index/encode-compact-finger.js'))).COMPACT_ANGLE_STEPS ?? 128;
const { matchShortlist } = await import(dist('index/match-shortlist.js'));
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));

const DBS = [['DB1_B', ''], ['DB2_B', '@569'], ['DB3_B', ''], ['DB4_B', '']];
const images = await readEvalSets(DBS.map(([d, p]) => `${dataDir}/fvc2002/${d}${p}`));
const records = await readEvalSets(DBS.map(([d]) => `${dataDir}/iso19794-2/fvc2002-secugen/${d}`));

/**
 * A candidate on the compact form's grid, its minutia quality untouched: 500 ppi, positions to the
 * pixel, angles in the build's steps (ANGLE_STEPS), the best 64 minutiae in the gallery's order. 1:1 against it differs
 * from 1:N only by what the gallery keeps of the minutiae's quality.
 */
function onGrid(t) {
  if (!t) return null;
  const s = t.ppi > 0 ? 500 / t.ppi : 1;
  const width = Math.max(1, Math.round(t.width * s)), height = Math.max(1, Math.round(t.height * s));
  const order = t.minutiae.map((_, i) => i).sort((a, b) => Math.trunc(t.minutiae[b].quality) - Math.trunc(t.minutiae[a].quality) || a - b).slice(0, 64);
  const minutiae = order.map((i) => {
    const m = t.minutiae[i];
    return {
      ...m,
      // single precision first, as flattenTemplate keeps them: with 128 steps ISO records' angles
      // (256 steps) fall halfway between two on every odd code, and float32 decides the tie
      x: Math.min(width - 1, Math.min(2047, Math.max(0, Math.round(Math.fround(m.x * s))))),
      y: Math.min(height - 1, Math.min(2047, Math.max(0, Math.round(Math.fround(m.y * s))))),
      angle: ((Math.round((Math.fround(m.angle) / TWO_PI) * ANGLE_STEPS) & (ANGLE_STEPS - 1)) * TWO_PI) / ANGLE_STEPS,
      type: m.type === 'bifurcation' ? 'bifurcation' : 'ending',
    };
  });
  return { ...t, width, height, ppi: 500, minutiae };
}

/** 1:1 and 1:N scores of probes × candidates (pairs a < b) of one set. */
function scoreSet(fingers, probes, cands) {
  const n = probes.length;
  const gallery = new Gallery();
  const ids = [];
  cands.forEach((t, i) => {
    if (!t) return;
    gallery.put(`c${i}`, [{ position: 1, template: t }]);
    ids.push(i);
  });
  const { slots } = gallery.slotsOf(ids.map((i) => `c${i}`));
  const reader = new GalleryReader(gallery.snapshot().memory);
  const exact = cands.map((t) => (t ? prepareTemplate(t) : null));
  const grid = cands.map((t) => (t ? prepareTemplate(onGrid(t)) : null));
  const one = new Float64Array(n * n), many = new Float64Array(n * n), onGridScores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    if (!probes[a]) continue;
    const p = prepareTemplate(probes[a]);
    const s = matchShortlist(reader, [p, null, null, null, null, null, null, null, null, null], slots);
    ids.forEach((b, k) => {
      if (b <= a) return;
      one[a * n + b] = compareTemplates(p, exact[b]);
      many[a * n + b] = s[k * 10];
      onGridScores[a * n + b] = compareTemplates(p, grid[b]);
    });
  }
  return { fingers, one, many, grid: onGridScores };
}

const ours = images.map((s) => extractEvalSet(s).templates);
const theirs = records.map((s) => extractEvalSet(s).templates);
const theirsInImages = theirs.map((list, k) => {
  const it = images[k].items.find((x) => x && 'image' in x);
  const ppi = ours[k].find((t) => t).ppi;
  return list.map((t) => (t ? mapTemplate(t, it.image.width / t.width, it.image.height / t.height, it.image.width, it.image.height, ppi) : null));
});
const reported = theirs.flat().filter((t) => t && t.minutiae.some((m) => m.quality !== 0)).length;
const roles = {
  secugen: (k) => [theirs[k], theirs[k]],
  'ours x secugen': (k) => [ours[k], theirsInImages[k]],
  'secugen x ours': (k) => [theirsInImages[k], ours[k]],
  ours: (k) => [ours[k], ours[k]],
};
const pct = (v) => +(100 * v).toFixed(2);
const out = { build: resolve(build), secugenTemplatesReportingQuality: reported, roles: {} };
for (const [name, pick] of Object.entries(roles)) {
  const rows = images.map((s, k) => {
    const [p, c] = pick(k);
    const r = scoreSet(s.fingers, p, c);
    const e1 = allPairsErrorRates({ fingers: r.fingers, scores: r.one });
    const eN = allPairsErrorRates({ fingers: r.fingers, scores: r.many });
    const eG = allPairsErrorRates({ fingers: r.fingers, scores: r.grid });
    const gaps = [];
    const qgaps = [];
    const rel = [];
    const n = p.length;
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      if (!p[a] || !c[b]) continue;
      const d = Math.abs(r.many[a * n + b] - r.one[a * n + b]);
      gaps.push(d);
      qgaps.push(Math.abs(r.many[a * n + b] - Math.fround(r.grid[a * n + b])));
      if (r.one[a * n + b] >= 10) rel.push(d / r.one[a * n + b]);
    }
    gaps.sort((x, y) => x - y);
    qgaps.sort((x, y) => x - y);
    rel.sort((x, y) => x - y);
    const q = (v, f) => +v[Math.min(v.length - 1, Math.floor(f * v.length))].toFixed(3);
    return {
      set: DBS[k][0], eer1: pct(e1.eer), eerGrid: pct(eG.eer), eerN: pct(eN.eer), fmr1000_1: pct(e1.fmr1000), fmr1000_N: pct(eN.fmr1000),
      gapMedian: q(gaps, 0.5), gapP99: q(gaps, 0.99), gapMax: q(gaps, 1), relGapMedianAt10: q(rel, 0.5), relGapP99At10: q(rel, 0.99),
      identical: `${gaps.filter((d) => d === 0).length}/${gaps.length}`,
      // 1:N against 1:1 on the grid form: only the minutiae's quality as the gallery keeps it
      qualityGapMax: q(qgaps, 1), qualityGapP99: q(qgaps, 0.99), identicalToGrid: `${qgaps.filter((d) => d === 0).length}/${qgaps.length}`,
    };
  });
  const mean = (key) => +(rows.reduce((s, r) => s + r[key], 0) / rows.length).toFixed(2);
  out.roles[name] = { rows, meanEer1: mean('eer1'), meanEerGrid: mean('eerGrid'), meanEerN: mean('eerN'), meanFmr1000_1: mean('fmr1000_1'), meanFmr1000_N: mean('fmr1000_N') };
}
if (json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
else {
  process.stdout.write(`build ${out.build}; SecuGen templates reporting any minutia quality: ${reported}\n`);
  for (const [name, r] of Object.entries(out.roles)) {
    process.stdout.write(`\n${name}: mean all-pairs EER 1:1 ${r.meanEer1} %, 1:1 on the grid ${r.meanEerGrid} %, 1:N ${r.meanEerN} %; FNMR at FMR 0.1 % 1:1 ${r.meanFmr1000_1} %, 1:N ${r.meanFmr1000_N} %\n`);
    process.stdout.write('set    EER 1:1  EER 1:N  FNMR0.1 1:1  1:N   |gap| median  p99   max    rel.gap (1:1 >= 10) median  p99   identical  quality-only gap p99 max identical\n');
    for (const x of r.rows) process.stdout.write(`${x.set}  ${x.eer1}  ${x.eerN}  ${x.fmr1000_1}  ${x.fmr1000_N}  ${x.gapMedian}  ${x.gapP99}  ${x.gapMax}  ${x.relGapMedianAt10}  ${x.relGapP99At10}  ${x.identical}  ${x.qualityGapP99} ${x.qualityGapMax} ${x.identicalToGrid}\n`);
  }
}
