#!/usr/bin/env node
// Pseudo-labels for the minutiae of real prints from cross-impression consistency (issue 12,
// parts 3–4; RESULTS "Minutia reliability learned from real prints"). For each FVC2002 image
// (finger f, impression i) and each other impression j of the same finger, the shipped matcher's
// best pairing between them; its pairs give a rigid fit (rotation + translation, least squares)
// that maps i's minutiae into j. A comparison is *valid* when its pairing has at least
// MIN_PAIRS pairs. A minutia is
//   TRUE  when it is paired, or mapped within 12 px and 30° of a minutia of j by a valid fit,
//         in at least 2 of its 7 genuine comparisons;
//   FALSE when that happens in none, while in at least 4 valid comparisons its mapped position
//         lies inside j's foreground mask (so j shows that place and has no minutia there);
//   unlabelled otherwise.
// Writes every minutia of the shipped extraction with its features (measureMinutiaFeatures, in
// the order of MINUTIA_FEATURE_NAMES), label (1, 0 or null) and evidence counts. Deterministic.
//
//   node bench/extraction/real-minutia-labels.mjs DATA_DIR OUT.json
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, MATCHING_PARAMETERS } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, measureMinutiaFeatures, MINUTIA_FEATURE_NAMES } from '../../dist/extraction/index.js';
import { compareTemplatesDetailed, prepareTemplate } from '../../dist/matching/index.js';

const [dataDir, outPath] = process.argv.slice(2);
if (!dataDir || !outPath) { process.stderr.write('usage: real-minutia-labels.mjs DATA_DIR OUT.json\n'); process.exit(2); }
const MIN_PAIRS = 6, NEAR_PX = 12, NEAR_ANGLE = (30 * Math.PI) / 180, TRUE_MIN = 2, FALSE_INSIDE_MIN = 4;
const D = `${dataDir}/fvc2002`;
const specs = [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`];
const sets = await readEvalSets(specs);
const wrap = (a) => { a %= 2 * Math.PI; if (a > Math.PI) a -= 2 * Math.PI; if (a < -Math.PI) a += 2 * Math.PI; return a; };

/** Least-squares rotation and translation taking points P onto Q (pairs of [x, y]). */
function fitRigid(P, Q) {
  let sx = 0, sy = 0, tx = 0, ty = 0;
  for (let k = 0; k < P.length; k++) { sx += P[k][0]; sy += P[k][1]; tx += Q[k][0]; ty += Q[k][1]; }
  const n = P.length; sx /= n; sy /= n; tx /= n; ty /= n;
  let cs = 0, sn = 0;
  for (let k = 0; k < n; k++) {
    const ux = P[k][0] - sx, uy = P[k][1] - sy, vx = Q[k][0] - tx, vy = Q[k][1] - ty;
    cs += ux * vx + uy * vy; sn += ux * vy - uy * vx;
  }
  const theta = Math.atan2(sn, cs), c = Math.cos(theta), s = Math.sin(theta);
  return { theta, map: (x, y) => [c * (x - sx) - s * (y - sy) + tx, s * (x - sx) + c * (y - sy) + ty] };
}

const out = { features: MINUTIA_FEATURE_NAMES, rule: { MIN_PAIRS, NEAR_PX, NEAR_ANGLE_DEG: 30, TRUE_MIN, FALSE_INSIDE_MIN }, sets: [] };
let angleSignCheck = { plus: 0, minus: 0 };
for (const [si, set] of sets.entries()) {
  const imgs = set.items.map((item, idx) => {
    if (!item || !('image' in item)) return null;
    try {
      const analysis = analyzeFingerprint(item.image, EXTRACTION_PARAMETERS, NO_DEBUG);
      const template = extractFromAnalysis(item.image, analysis, EXTRACTION_PARAMETERS, NO_DEBUG);
      const features = measureMinutiaFeatures(analysis, template.minutiae);
      return { template, features, mask: analysis.mask.pixels, width: analysis.width, height: analysis.height, prepared: prepareTemplate(template, MATCHING_PARAMETERS), name: set.names[idx] };
    } catch { return null; }
  });
  // evidence[img][m] = { hit, insideMiss }
  const ev = imgs.map((im) => (im ? im.template.minutiae.map(() => ({ hit: 0, inside: 0, valid: 0 })) : null));
  const mapInto = (from, to, fit, fromIdx, pairedSet) => {
    const A = imgs[from], B = imgs[to];
    A.template.minutiae.forEach((m, k) => {
      const e = ev[from][k];
      if (!fit) { if (pairedSet.has(k)) e.hit++; return; }
      e.valid++;
      const [x, y] = fit.map(m.x, m.y);
      let near = pairedSet.has(k);
      if (!near) {
        const a = m.angle - fit.theta;
        for (const q of B.template.minutiae) {
          if ((q.x - x) ** 2 + (q.y - y) ** 2 <= NEAR_PX * NEAR_PX && Math.abs(wrap(q.angle - a)) <= NEAR_ANGLE) { near = true; break; }
        }
      }
      if (near) { e.hit++; return; }
      const xi = Math.round(x), yi = Math.round(y);
      if (xi >= 0 && yi >= 0 && xi < B.width && yi < B.height && B.mask[yi * B.width + xi]) e.inside++;
    });
  };
  for (let a = 0; a < imgs.length; a++) for (let b = a + 1; b < imgs.length; b++) {
    if (set.fingers[a] !== set.fingers[b] || !imgs[a] || !imgs[b]) continue;
    const detail = compareTemplatesDetailed(imgs[a].prepared, imgs[b].prepared, MATCHING_PARAMETERS);
    const pa = new Set(detail.pairs.map((p) => p.probe)), pb = new Set(detail.pairs.map((p) => p.candidate));
    let fab = null, fba = null;
    if (detail.pairs.length >= MIN_PAIRS) {
      const P = detail.pairs.map((p) => [imgs[a].template.minutiae[p.probe].x, imgs[a].template.minutiae[p.probe].y]);
      const Q = detail.pairs.map((p) => [imgs[b].template.minutiae[p.candidate].x, imgs[b].template.minutiae[p.candidate].y]);
      fab = fitRigid(P, Q); fba = fitRigid(Q, P);
      // which sign turns a template angle with the fit (checked on the pairs)
      for (const p of detail.pairs) {
        const ma = imgs[a].template.minutiae[p.probe], mb = imgs[b].template.minutiae[p.candidate];
        if (Math.abs(wrap(mb.angle - (ma.angle - fab.theta))) < Math.abs(wrap(mb.angle - (ma.angle + fab.theta)))) angleSignCheck.minus++; else angleSignCheck.plus++;
      }
    }
    mapInto(a, b, fab, a, pa);
    mapInto(b, a, fba, b, pb);
  }
  const rows = [];
  const counts = { minutiae: 0, true: 0, false: 0, unlabelled: 0 };
  imgs.forEach((im, idx) => {
    if (!im) return;
    im.template.minutiae.forEach((m, k) => {
      const e = ev[idx][k];
      const label = e.hit >= TRUE_MIN ? 1 : e.hit === 0 && e.inside >= FALSE_INSIDE_MIN ? 0 : null;
      counts.minutiae++;
      if (label === 1) counts.true++; else if (label === 0) counts.false++; else counts.unlabelled++;
      rows.push({ name: im.name, finger: set.fingers[idx], image: idx, index: k, x: m.x, y: m.y, type: m.type, quality: m.quality, hit: e.hit, inside: e.inside, valid: e.valid, label, f: Array.from(im.features.slice(k * MINUTIA_FEATURE_NAMES.length, (k + 1) * MINUTIA_FEATURE_NAMES.length), (v) => +v.toFixed(5)) });
    });
  });
  process.stderr.write(`${set.label}: ${JSON.stringify(counts)}\n`);
  out.sets.push({ label: set.label, counts, rows });
}
out.angleSignCheck = angleSignCheck;
writeFileSync(outPath, JSON.stringify(out));
process.stdout.write(`${JSON.stringify({ sets: out.sets.map((s) => ({ label: s.label, ...s.counts })), angleSignCheck })}\n`);
