#!/usr/bin/env node
// Where the frame perturbation's cost comes from (issue 12, cause 1): the four FVC2002 B sets,
// clean and with the suite's sensor frame (the seeds of `afis eval perturb --kinds frame`),
// every minutia of the framed templates told true (a clean minutia moved by the frame's
// geometry within 12 px and 30°, the suite's test) or false, both by their distance to the
// frame line's inner edge (and whether near a corner; within 32 px by side and by whether a
// frame line was found along it), the clean minutiae the frame leaves
// visible but the framed template misses, and the mean all-pairs EER of template sets that
// take one source of cost away at a time:
//   clean                       the clean templates
//   floor dN                    clean templates without the minutiae the frame hides or that lie
//                               within N px of its line's inner edge (a perfect extractor)
//   framed                      the framed templates (what the suite measures)
//   framed − false <N           framed without its false minutiae within N px of the line
//   framed − false              framed without any false minutia
//   framed − false + lost ≥N    …and with the clean minutiae it lost at ≥ N px added back
//
//   node bench/extraction/frame-cost.mjs DATA_DIR ['{"PARAM":VALUE}'] [KIND] [SEED]
//
// KIND is frame (default) or crop (distances are to the nearest image side), or one of three
// geometric controls for the crop: crop-aligned (the suite's crop with its offsets rounded down
// to a multiple of the block size, 8 px), shift (the image trimmed by 8 px across and down, at
// an offset of 1–7 px on each axis: a shift of the block grid against the print with almost
// nothing cut) and shift-aligned (the same trim at offset 8: the grid keeps its phase).
// Figures in bench/RESULTS.md.
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { createGrayImage } from '../../dist/core/index.js';
import { computeBlockGradients } from '../../dist/extraction/compute-block-gradients.js';
import { findFrameLines } from '../../dist/extraction/find-frame-lines.js';
import { blockGridOf } from '../../dist/extraction/types.js';

const [dataDir, changes = '{}', kind = 'frame', seedText = '1'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: frame-cost.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [frame|crop] [SEED]\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const parameters = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const KINDS = ['frame', 'crop', 'crop-aligned', 'shift', 'shift-aligned'];
if (!KINDS.includes(kind)) {
  process.stderr.write(`frame-cost.mjs: KIND must be one of ${KINDS.join(', ')}\n`);
  process.exit(2);
}
const SAME_DISTANCE = 12, SAME_ANGLE = Math.PI / 6, CORNER = 24;

// distances (pixels) of a point of the perturbed image to the edges of what is still seen: for
// the frame, to the inner edge of the line along each of the trapezoid's four sides (as
// draw-sensor-frame.ts measures them); for the crop, to the four image sides
function sideDistances(w, h, x, y) {
  if (kind !== 'frame') return [x, w - 1 - x, y, h - 1 - y];
  const top = P.frameVerticalInset * h, bottom = (1 - P.frameVerticalInset) * h;
  const t = (y - top) / Math.max(1, bottom - top);
  const inset = (P.frameTopInset + (P.frameBottomInset - P.frameTopInset) * t) * w;
  return [x - inset, w - 1 - inset - x, y - top, bottom - y].map((d) => d - P.frameLineWidth);
}
const SIDES = ['left', 'right', 'top', 'bottom'];
const where = (w, h, x, y) => {
  const all = sideDistances(w, h, x, y);
  const d = [...all].sort((a, b) => a - b);
  return { d: d[0], corner: d[1] < CORNER, side: SIDES[all.indexOf(d[0])] };
};

function moveClean(c, map) {
  const out = [];
  for (const m of c.minutiae) {
    const p = map(m.x, m.y);
    if (!p) { out.push({ m, hidden: true }); continue; }
    const q = map(m.x + 6 * Math.cos(m.angle), m.y - 6 * Math.sin(m.angle));
    out.push({ m, hidden: false, x: p[0], y: p[1], a: q ? Math.atan2(-(q[1] - p[1]), q[0] - p[0]) : m.angle });
  }
  return out;
}
const same = (c, m) => {
  if ((c.x - m.x) ** 2 + (c.y - m.y) ** 2 > SAME_DISTANCE * SAME_DISTANCE) return false;
  let d = Math.abs(c.a - m.angle) % (2 * Math.PI);
  if (d > Math.PI) d = 2 * Math.PI - d;
  return d <= SAME_ANGLE;
};

// the crop controls: a window of the image at a chosen offset (the suite's crop draws its offsets
// the same way, crop-image.ts)
function cropAt(image, pickSeed) {
  const rng = createRng(pickSeed);
  const [cw, ch] = kind.startsWith('shift') ? [image.width - 8, image.height - 8] : P.cropSize;
  const w = Math.min(cw, image.width), h = Math.min(ch, image.height);
  let x0 = rng.int(image.width - w + 1), y0 = rng.int(image.height - h + 1);
  if (kind === 'crop-aligned') { x0 -= x0 % 8; y0 -= y0 % 8; }
  if (kind === 'shift') { x0 = 1 + rng.int(7); y0 = 1 + rng.int(7); }
  if (kind === 'shift-aligned') { x0 = 8; y0 = 8; }
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(image.data.subarray((y + y0) * image.width + x0, (y + y0) * image.width + x0 + w), y * w);
  return { image: createGrayImage(w, h, data, image.ppi), mapPoint: (x, y) => (x >= x0 && y >= y0 && x < x0 + w && y < y0 + h ? [x - x0, y - y0] : null) };
}
const perturb = (image, s) => (kind === 'frame' || kind === 'crop' ? perturbImage(image, kind, s) : cropAt(image, s));

const BINS = [[-Infinity, 0], [0, 8], [8, 16], [16, 32], [32, Infinity]];
const binOf = (d) => BINS.findIndex(([a, b]) => d >= a && d < b);
const falseBins = BINS.map(() => ({ n: 0, corner: 0, ending: 0 }));
// within 32 px of a side: false and lost minutiae by the side they are nearest
const bySide = Object.fromEntries(SIDES.map((s) => [s, { false: 0, lost: 0, visible: 0, lines: 0 }]));
// …and by whether a frame line was found along that side (a line's normal points away from the print)
const byFound = { found: { false: 0, lost: 0, visible: 0 }, missed: { false: 0, lost: 0, visible: 0 } };
function foundSides(image) {
  if (!parameters.segmentationLineMinLength || kind !== 'frame') return new Set();
  const { width: w, height: h } = image;
  const grey = new Float32Array(image.data);
  const lines = findFrameLines(grey, w, h, computeBlockGradients(grey, w, h, blockGridOf(w, h, parameters.blockSize)), parameters.segmentationLineMinLength, parameters.segmentationLineMargin, parameters.segmentationLineVoteWindow);
  return new Set(lines.map((l) => (l.nx < -0.9 ? 'left' : l.nx > 0.9 ? 'right' : l.ny < -0.9 ? 'top' : l.ny > 0.9 ? 'bottom' : 'other')));
}
const lostBins = BINS.map(() => ({ n: 0, corner: 0 }));
const visibleBins = BINS.map(() => 0);
// per set: clean minutiae ≥ 32 px inside, and how many of them the perturbed template lost
const interior = [];
let framedTotal = 0, cleanTotal = 0;
const variants = {};
const add = (name, k, templates) => { (variants[name] ??= [])[k] = templates; };
for (const [k, set] of sets.entries()) {
  const clean = extractEvalSet(set, { parameters }).templates;
  const maps = [], dims = [], found = [];
  const framed = extractEvalSet(set, {
    parameters,
    transform: (image, i) => {
      const p = perturb(image, mixSeed(seed, 0, k, i));
      maps[i] = p.mapPoint;
      dims[i] = [p.image.width, p.image.height];
      found[i] = foundSides(p.image);
      return p.image;
    },
  }).templates;
  add('clean', k, clean);
  add('framed', k, framed);
  const floors = { 0: [], 8: [], 16: [] };
  const noFalse = { 16: [], 32: [], all: [] };
  const restored = { 8: [], 16: [] };
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i], t = framed[i];
    for (const key of Object.keys(floors)) floors[key][i] = c;
    for (const key of Object.keys(noFalse)) noFalse[key][i] = t;
    for (const key of Object.keys(restored)) restored[key][i] = t;
    if (!c || !t) continue;
    const [w, h] = dims[i];
    for (const side of found[i]) if (bySide[side]) bySide[side].lines++;
    const tally = (side) => byFound[found[i].has(side) ? 'found' : 'missed'];
    const moved = moveClean(c, maps[i]).map((e) => (e.hidden ? e : { ...e, ...where(w, h, e.x, e.y) }));
    for (const key of Object.keys(floors)) {
      floors[key][i] = { ...c, minutiae: moved.filter((e) => !e.hidden && e.d >= Number(key)).map((e) => e.m) };
    }
    framedTotal += t.minutiae.length;
    cleanTotal += c.minutiae.length;
    const isFalse = t.minutiae.map((m) => !moved.some((e) => !e.hidden && same(e, m)));
    const info = t.minutiae.map((m) => where(w, h, m.x, m.y));
    t.minutiae.forEach((m, j) => {
      if (!isFalse[j]) return;
      const b = falseBins[binOf(info[j].d)];
      b.n++;
      if (info[j].corner) b.corner++;
      if (m.type === 'ending') b.ending++;
      if (info[j].d < 32) { bySide[info[j].side].false++; tally(info[j].side).false++; }
    });
    for (const key of Object.keys(noFalse)) {
      const lim = key === 'all' ? Infinity : Number(key);
      noFalse[key][i] = { ...t, minutiae: t.minutiae.filter((_, j) => !isFalse[j] || info[j].d >= lim) };
    }
    const lost = [];
    for (const e of moved) {
      if (e.hidden) continue;
      visibleBins[binOf(e.d)]++;
      interior[k] ??= { visible: 0, lost: 0 };
      if (e.d >= 32) interior[k].visible++;
      if (e.d < 32) { bySide[e.side].visible++; tally(e.side).visible++; }
      if (t.minutiae.some((m) => same(e, m))) continue;
      if (e.d < 32) { bySide[e.side].lost++; tally(e.side).lost++; }
      const b = lostBins[binOf(e.d)];
      b.n++;
      if (e.d >= 32) interior[k].lost++;
      if (e.corner) b.corner++;
      lost.push(e);
    }
    for (const key of Object.keys(restored)) {
      const back = lost.filter((e) => e.d >= Number(key)).map((e) => ({ ...e.m, x: Math.min(w - 1, Math.max(0, Math.round(e.x))), y: Math.min(h - 1, Math.max(0, Math.round(e.y))), angle: ((e.a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) }));
      restored[key][i] = { ...t, minutiae: [...noFalse.all[i].minutiae, ...back].slice(0, 255) };
    }
  }
  for (const [key, v] of Object.entries(floors)) add(`floor d${key}`, k, v);
  for (const [key, v] of Object.entries(noFalse)) add(key === 'all' ? 'framed − false' : `framed − false <${key}`, k, v);
  for (const [key, v] of Object.entries(restored)) add(`framed − false + lost ≥${key}`, k, v);
}
const pct = (v) => Number((v * 100).toFixed(2));
const eers = {};
for (const [name, perSet] of Object.entries(variants)) {
  const e = perSet.map((templates, k) => allPairsErrorRates(scoreEvalSet(sets[k].fingers, templates)).eer);
  eers[name] = { mean: pct(e.reduce((a, b) => a + b, 0) / e.length), sets: e.map(pct) };
}
const label = ([a, b]) => `${a === -Infinity ? '<' : `${a}–`}${b === Infinity ? '' : b} px`.replace('<0 px', '< 0 px (on the line or beyond)').replace(/^32–/, '≥ 32');
process.stdout.write(`${JSON.stringify({
  changes: JSON.parse(changes), kind, seed,
  minutiae: { clean: cleanTotal, perturbed: framedTotal },
  falseMinutiaeByDistance: Object.fromEntries(BINS.map((b, i) => [label(b), falseBins[i]])),
  within32pxBySide: bySide,
  within32pxByLineFound: byFound,
  lostAt32pxOrMorePerSet: interior,
  lostMinutiaeByDistance: Object.fromEntries(BINS.map((b, i) => [label(b), { ...lostBins[i], ofVisible: visibleBins[i] }])),
  meanEerPercent: eers,
}, null, 2)}\n`);
