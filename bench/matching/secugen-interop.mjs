#!/usr/bin/env node
// Our extraction against a third-party extractor's ISO/IEC 19794-2 templates of the same
// FVC2002 B images (SecuGen SDK, made after each image was resized to 300 × 400 without keeping
// the aspect ratio; see ../shared/data/README.md), with and without an extraction option
// (default `bifurcationForkShift` 5).
//
//   node bench/matching/secugen-interop.mjs DATA_DIR ['{"bifurcationForkShift":5}'] [ROUNDS] [BIF_MM] [END_MM]
//
// 1. Where they put a minutia: our minutiae mapped into their frame (x·300/W, y·400/H; the
//    direction vector scaled the same way and renormalised); for each, the nearest SecuGen
//    minutia of the same kind in the same image within 12 px (their frame) and 45°. The offset
//    theirs − ours is mapped back to the image's pixels, rescaled to 500 ppi and split along our
//    minutia's direction (positive = theirs lies ahead, where the direction points) and across
//    it (positive = to the direction's left on screen). Medians with a 95 % interval from
//    resampling whole fingers.
// 2. Cross-system comparisons: SecuGen's templates mapped into the images' own frame (x·W/300,
//    y·H/400, directions likewise, at the set's resolution: DB2 569 ppi) and compared with our
//    template of another impression, all pairs (our template of image a as probe against
//    theirs of image b, a < b, and the reverse roles in a second scored set). Mean EER of the
//    four sets, option off and on, and the change, with 95 % intervals (whole fingers
//    resampled, paired). Reference rows: ours against ours, theirs against theirs (in the
//    images' frame), and the cross comparison done in their frame instead. And the other way
//    round, our extraction unchanged: SecuGen's records read by the codec, which moves
//    bifurcations (and endings) forward along their direction into our placement
//    (src/formats/iso19794-2/convert-minutia-placement.ts; offsets FORMAT_PARAMETERS
//    recordBifurcationOffsetMm / recordEndingOffsetMm, or BIF_MM / END_MM), against the records
//    read as stored (SAME_PLACEMENT). Offsets (part 1) are measured on the stored positions and,
//    as a check, on the codec's.
//
// Figures in bench/RESULTS.md ("Interoperability with a third-party extractor").
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, FORMAT_PARAMETERS, MATCHING_PARAMETERS } from '../../dist/config/parameters.js';
import { SAME_PLACEMENT, isoToTemplate } from '../../dist/formats/iso19794-2/index.js';
import { allPairsErrorRates, bootstrapErrorRates, compareTemplates, prepareTemplate } from '../../dist/matching/index.js';
import { createRng } from '../../dist/synthetic/index.js';
import { TWO_PI, mapTemplate, wrap } from './map-template.mjs';

const [dataDir, changesText = '{"bifurcationForkShift":5}', roundsText = '300', bifMmText = String(FORMAT_PARAMETERS.recordBifurcationOffsetMm), endMmText = String(FORMAT_PARAMETERS.recordEndingOffsetMm)] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: secugen-interop.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [ROUNDS] [BIF_MM] [END_MM]\n");
  process.exit(2);
}
const changes = JSON.parse(changesText);
const rounds = Number(roundsText);
const DBS = [['DB1_B', ''], ['DB2_B', '@569'], ['DB3_B', ''], ['DB4_B', '']];
const images = await readEvalSets(DBS.map(([d, p]) => `${dataDir}/fvc2002/${d}${p}`));
const records = await readEvalSets(DBS.map(([d]) => `${dataDir}/iso19794-2/fvc2002-secugen/${d}`));
const stem = (n) => basename(n).replace(/\.[^.]*$/, '');
images.forEach((s, k) => {
  const r = records[k];
  if (s.names.length !== r.names.length || s.names.some((n, i) => stem(n) !== stem(r.names[i]))) throw new Error(`${s.label}: images and ISO records differ`);
});
const PLACEMENT = { bifurcationOffsetMm: Number(bifMmText), endingOffsetMm: Number(endMmText) };
const BIF_ONLY = { ...PLACEMENT, endingOffsetMm: 0 };
/** SecuGen's records read again with a given placement conversion (null where it failed to read). */
const readAs = (placement) => records.map((r) => r.names.map((n, i) => (r.items[i] && 'template' in r.items[i] ? isoToTemplate(readFileSync(join(r.label, n)), 0, placement) : null)));
const theirs = readAs(SAME_PLACEMENT);
const theirsCodec = readAs(PLACEMENT);
const theirsCodecBif = readAs(BIF_ONLY);
const candidate = { ...EXTRACTION_PARAMETERS, ...changes };
const ours = [EXTRACTION_PARAMETERS, candidate].map((p) => images.map((s) => extractEvalSet(s, { parameters: p }).templates));

const imageSize = (k) => {
  const it = images[k].items.find((x) => x && 'image' in x);
  return { W: it.image.width, H: it.image.height };
};

// ---- 1. offsets ----
const pct = (v) => (v * 100).toFixed(2);
const median = (v) => {
  if (!v.length) return NaN;
  const s = Float64Array.from(v).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const angleDiff = (a, b) => {
  const d = Math.abs(wrap(a - b));
  return Math.min(d, TWO_PI - d);
};
function offsets(variant, type, their = theirs) {
  // per finger (set k, finger f): lists of along/across offsets, for the finger bootstrap
  const byFinger = [];
  let ourCount = 0;
  images.forEach((s, k) => {
    const { W, H } = imageSize(k);
    const rec = theirs[k][0];
    const sx = rec.width / W;
    const sy = rec.height / H;
    const toPx500 = 500 / ours[variant][k].find((t) => t).ppi;
    const fingers = new Map();
    s.fingers.forEach((f, i) => {
      const o = ours[variant][k][i];
      const t = their[k][i];
      if (!o || !t) return;
      const mine = mapTemplate(o, sx, sy, rec.width, rec.height, t.ppi).minutiae;
      const list = fingers.get(f) ?? { along: [], across: [] };
      fingers.set(f, list);
      mine.forEach((m, j) => {
        if (m.type !== type) return;
        ourCount++;
        let best = null;
        let bestD = 12 * 12;
        for (const n of t.minutiae) {
          if (n.type !== type || angleDiff(n.angle, m.angle) > Math.PI / 4) continue;
          const d = (n.x - m.x) ** 2 + (n.y - m.y) ** 2;
          if (d <= bestD) { bestD = d; best = n; }
        }
        if (!best) return;
        // offset back in the image's own pixels, at 500 ppi, along / across our own direction there
        const dx = ((best.x - m.x) / sx) * toPx500;
        const dy = ((best.y - m.y) / sy) * toPx500;
        const a = o.minutiae[j].angle;
        const ux = Math.cos(a);
        const uy = -Math.sin(a);
        list.along.push(dx * ux + dy * uy);
        list.across.push(dx * uy - dy * ux);
      });
    });
    byFinger.push(...fingers.values());
  });
  const all = (key, pick) => pick.flatMap((g) => g[key]);
  const rng = createRng(7).next;
  const boot = { along: [], across: [] };
  for (let r = 0; r < rounds; r++) {
    const pick = byFinger.map(() => byFinger[Math.floor(rng() * byFinger.length)]);
    boot.along.push(median(all('along', pick)));
    boot.across.push(median(all('across', pick)));
  }
  const ci = (v) => {
    const s = Float64Array.from(v).sort();
    return [s[Math.floor(0.025 * s.length)], s[Math.min(s.length - 1, Math.floor(0.975 * s.length))]];
  };
  const along = all('along', byFinger);
  const across = all('across', byFinger);
  const f = (v, b) => `${median(v).toFixed(2)} [${ci(b).map((x) => x.toFixed(2)).join(', ')}]`;
  return {
    ours: ourCount,
    paired: along.length,
    pairedShare: `${((100 * along.length) / ourCount).toFixed(1)} %`,
    medianAlongPx500: f(along, boot.along),
    medianAcrossPx500: f(across, boot.across),
    medianAbsAcrossPx500: median(across.map(Math.abs)).toFixed(2),
  };
}
const offsetReport = {};
for (const [v, name] of [[0, 'off'], [1, JSON.stringify(changes)]]) {
  offsetReport[name] = { bifurcation: offsets(v, 'bifurcation'), ending: offsets(v, 'ending') };
}
offsetReport['off, SecuGen as read by the codec'] = { bifurcation: offsets(0, 'bifurcation', theirsCodec), ending: offsets(0, 'ending', theirsCodec) };

// ---- 2. cross-system comparisons ----
function crossSet(fingers, probes, candidates) {
  const n = probes.length;
  const pp = probes.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  const pc = candidates.map((t) => (t ? prepareTemplate(t, MATCHING_PARAMETERS) : null));
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) scores[a * n + b] = pp[a] && pc[b] ? compareTemplates(pp[a], pc[b], MATCHING_PARAMETERS) : 0;
  }
  return { fingers, scores };
}
const theirsInOurs = theirs.map((list, k) => {
  const { W, H } = imageSize(k);
  const ppi = ours[0][k].find((t) => t).ppi;
  return list.map((t) => (t ? mapTemplate(t, W / t.width, H / t.height, W, H, ppi) : null));
});
const oursInTheirs = ours.map((sets) => sets.map((list, k) => {
  const { W, H } = imageSize(k);
  const rec = theirs[k][0];
  return list.map((t) => mapTemplate(t, rec.width / W, rec.height / H, rec.width, rec.height, rec.ppi));
}));
const toImages = (sets) => sets.map((list, k) => {
  const { W, H } = imageSize(k);
  const ppi = ours[0][k].find((t) => t).ppi;
  return list.map((t) => (t ? mapTemplate(t, W / t.width, H / t.height, W, H, ppi) : null));
});
const theirsImportedBif = toImages(theirsCodecBif);
const theirsImportedBoth = toImages(theirsCodec);
const fingersOf = (k) => images[k].fingers;
const runs = {
  'cross, ours probe, images frame, off': images.map((_, k) => crossSet(fingersOf(k), ours[0][k], theirsInOurs[k])),
  'cross, ours probe, images frame, on': images.map((_, k) => crossSet(fingersOf(k), ours[1][k], theirsInOurs[k])),
  'cross, theirs probe, images frame, off': images.map((_, k) => crossSet(fingersOf(k), theirsInOurs[k], ours[0][k])),
  'cross, theirs probe, images frame, on': images.map((_, k) => crossSet(fingersOf(k), theirsInOurs[k], ours[1][k])),
  'cross, ours probe, their frame, off': images.map((_, k) => crossSet(fingersOf(k), oursInTheirs[0][k], theirs[k])),
  'cross, ours probe, their frame, on': images.map((_, k) => crossSet(fingersOf(k), oursInTheirs[1][k], theirs[k])),
  [`cross, ours (off) probe, images frame, theirs read by the codec, bifurcations ${PLACEMENT.bifurcationOffsetMm} mm only`]: images.map((_, k) => crossSet(fingersOf(k), ours[0][k], theirsImportedBif[k])),
  [`cross, ours (off) probe, images frame, theirs read by the codec, bifurcations ${PLACEMENT.bifurcationOffsetMm} mm, endings ${PLACEMENT.endingOffsetMm} mm`]: images.map((_, k) => crossSet(fingersOf(k), ours[0][k], theirsImportedBoth[k])),
  'ours–ours, off': images.map((_, k) => scoreEvalSet(fingersOf(k), ours[0][k])),
  'ours–ours, on': images.map((_, k) => scoreEvalSet(fingersOf(k), ours[1][k])),
  'theirs–theirs, images frame': images.map((_, k) => scoreEvalSet(fingersOf(k), theirsInOurs[k])),
  'theirs–theirs, their frame': images.map((_, k) => scoreEvalSet(fingersOf(k), theirs[k])),
  'theirs–theirs, their frame, read by the codec': images.map((_, k) => scoreEvalSet(fingersOf(k), theirsCodec[k])),
  'cross, theirs probe, images frame, off, theirs read by the codec': images.map((_, k) => crossSet(fingersOf(k), theirsImportedBoth[k], ours[0][k])),
};
const names = Object.keys(runs);
const variants = names.map((n) => runs[n]);
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const nv = names.length;
const est = bootstrapErrorRates(variants, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  return [...m, m[1] - m[0], m[3] - m[2], m[5] - m[4], m[9] - m[8], (m[1] + m[3] - m[0] - m[2]) / 2, m[6] - m[0], m[7] - m[0], m[7] - m[6], m[12] - m[11], m[13] - m[2], (m[7] + m[13] - m[0] - m[2]) / 2];
}, { rounds, random: createRng(12).next });
const fmt = (e) => `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`;
const meanEer = Object.fromEntries(names.map((n, i) => [n, fmt(est[i])]));
const change = {
  'cross, ours probe, images frame: on − off': fmt(est[nv]),
  'cross, theirs probe, images frame: on − off': fmt(est[nv + 1]),
  'cross, ours probe, their frame: on − off': fmt(est[nv + 2]),
  'ours–ours: on − off': fmt(est[nv + 3]),
  'cross, images frame, both roles averaged: on − off': fmt(est[nv + 4]),
  'cross, ours (off) probe, images frame: theirs read by the codec, bifurcations only − as stored': fmt(est[nv + 5]),
  'cross, ours (off) probe, images frame: theirs read by the codec − as stored': fmt(est[nv + 6]),
  'cross, ours (off) probe, images frame: codec with endings − codec bifurcations only': fmt(est[nv + 7]),
  'theirs–theirs, their frame: read by the codec − as stored': fmt(est[nv + 8]),
  'cross, theirs probe, images frame, off: theirs read by the codec − as stored': fmt(est[nv + 9]),
  'cross, both roles averaged, off: theirs read by the codec − as stored': fmt(est[nv + 10]),
};
const perSet = Object.fromEntries(names.map((n) => [n, runs[n].map((s) => pct(allPairsErrorRates(s).eer)).join(' / ')]));
process.stdout.write(`${JSON.stringify({ changes, rounds, placement: PLACEMENT, offsets: offsetReport, meanEerPercent: meanEer, change, perSetEerPercent: perSet }, null, 2)}\n`);
