// Why does our extractor miss synthetic truth minutiae? For every impression of a synthetic series
// (the F_I images `afis synth` writes, regenerated in process so that the noise-free contact image
// is at hand), the truth minutiae our extraction does not pair (15 px, 30°) are sorted by the first
// of these that applies:
//   destroyed   — the truth marks it destroyed by the skin (not counted for recall anyway);
//   notRendered — the noise-free contact image (ridge where the contact ink > 0.5, before the sensor)
//                 has no minutia of the same kind within 6 px: the ridges the image shows do not
//                 end or fork there (a close pair healed, a thin bridge lost, a dry break moved it);
//   edge        — within 16 px of the edge of our extraction's foreground, or outside it;
//   close       — another truth minutia within 10 px (close pairs the enhancement merges);
//   angle       — an extracted minutia within 15 px, but its direction is more than 30° off;
//   near        — an extracted minutia 15–25 px away;
//   other       — nothing extracted within 25 px: a plain miss of a visible minutia.
// Also: recall within 30 px of the contact edge and inside it, and the share of misses for which
// the skeleton had a candidate (within 15 px, 30°) that the false-minutia removal then dropped
// (the rest never reached the skeleton: enhancement, binarisation, thinning or graph cleaning).
// Shares per skin condition and style. Nothing here involves the matcher.
// `npm run build && nice -n 19 node bench/synthetic/truth-misses.mjs [--seed S] [--subjects N] [--json] [--dump DIR]`
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { analyzeFingerprint, extractFromAnalysis } = await import(`${dist}extraction/index.js`);
const { EXTRACTION_PARAMETERS, SENSOR_STYLES } = await import(`${dist}config/parameters.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { createGrayImage } = await import(`${dist}core/gray-image.js`);
const syn = await import(`${dist}synthetic/index.js`);
const { applySensorModel } = await import(`${dist}synthetic/apply-sensor-model.js`);
const { contactRadius, skinPositionOf, mapImageToMaster } = await import(`${dist}synthetic/distort-skin.js`);

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : dflt; };
const seed = Number(arg('--seed', '1'));
const subjects = Number(arg('--subjects', '30'));
const impressions = Number(arg('--impressions', '8'));
const dump = arg('--dump', null);
const IMPRESSION = 0x696d7000; // synthesize-subject.ts's stream tag of the series impressions

const angleDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };

const cats = ['found', 'destroyed', 'notRendered', 'edge', 'close', 'angle', 'near', 'other'];
const tally = new Map();
const add = (key, cat) => { let t = tally.get(key); if (!t) { t = Object.fromEntries(cats.map((c) => [c, 0])); t.extracted = 0; t.correct = 0; t.rendered = 0; t.renderedFound = 0; t.band = 0; t.bandFound = 0; t.inner = 0; t.innerFound = 0; t.missedCandidate = 0; t.missed = 0; tally.set(key, t); } t[cat]++; return t; };
const examples = [];

for (let s = 1; s <= subjects; s++) {
  const position = syn.seriesPositionOf(s);
  const master = syn.syntheticMasterPrint(seed, s, position);
  for (let k = 1; k <= impressions; k++) {
    const rng = syn.createRng(syn.mixSeed(seed, s, position, IMPRESSION + k));
    const style = SENSOR_STYLES[rng.int(SENSOR_STYLES.length)];
    const c = syn.renderContact(master, style, rng);
    const sensor = applySensorModel(c.ink, c.width, c.height, style, c.condition.contrast, rng, undefined, c.mask);
    const image = createGrayImage(c.width, c.height, sensor.data);
    const { width, height } = c;
    // minutiae of the noise-free contact image, read as the master's are
    const v = new Float32Array(width * height);
    for (let i = 0; i < v.length; i++) v[i] = c.mask[i] ? c.ink[i] - 0.5 : -1;
    const inMask = (x, y) => { const xi = Math.round(x), yi = Math.round(y); return xi >= 0 && yi >= 0 && xi < width && yi < height && c.mask[yi * width + xi] === 1; };
    const rendered = syn.findMasterMinutiae(v, width, height, (x, y) => inMask(x, y) && inMask(x - 6, y) && inMask(x + 6, y) && inMask(x, y - 6) && inMask(x, y + 6));
    const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
    // the skeleton's candidates before the false-minutia removal, from the debug sink
    let candidates = [];
    const sink = { enabled: true, emit: (key, art) => { if (key === 'extraction.minutiae.candidates') candidates = art.value.map((m) => ({ x: m.x, y: m.y, angle: ((-m.direction % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) })); } };
    const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, sink);
    const ex = t.minutiae;
    const truth = c.minutiae;
    const pairing = syn.pairTruthMinutiae(truth, ex);
    const paired = new Set(pairing.pairs.map(([ti]) => ti));
    // distance to the edge of the extraction's foreground, by a brute ring search (coarse, 2 px steps)
    const fg = a.mask.pixels;
    const edgeDist = (x, y) => {
      const xi = Math.round(x), yi = Math.round(y);
      if (xi < 0 || yi < 0 || xi >= width || yi >= height || !fg[yi * width + xi]) return 0;
      for (let r = 2; r <= 16; r += 2) {
        for (let q = 0; q < 16; q++) {
          const u = Math.round(x + r * Math.cos((q * Math.PI) / 8)), w = Math.round(y + r * Math.sin((q * Math.PI) / 8));
          if (u < 0 || w < 0 || u >= width || w >= height || !fg[w * width + u]) return r;
        }
      }
      return 99;
    };
    for (const key of ['all', `condition ${c.condition.kind}`, `style ${style}`]) {
      const tt = add(key, 'found'); tt.found--; // make sure the entry exists
      tt.extracted += ex.length; tt.correct += pairing.pairs.length;
    }
    const q = new Float64Array(2);
    const radiusAt = (x, y) => { skinPositionOf(c.geometry, x, y, q); return contactRadius(c.geometry, q[0], q[1]); };
    // the clean contact image's ridge contrast around a point: the largest ink within 6 px
    const inkPeak = (x, y) => { let hi = 0; for (let dy = -6; dy <= 6; dy++) for (let dx = -6; dx <= 6; dx++) { const u = Math.round(x + dx), w = Math.round(y + dy); if (u >= 0 && w >= 0 && u < width && w < height && dx * dx + dy * dy <= 36) hi = Math.max(hi, c.ink[w * width + u]); } return hi; };
    const inkLow = (x, y) => { let lo = 1; for (let dy = -6; dy <= 6; dy++) for (let dx = -6; dx <= 6; dx++) { const u = Math.round(x + dx), w = Math.round(y + dy); if (u >= 0 && w >= 0 && u < width && w < height && dx * dx + dy * dy <= 36 && c.mask[w * width + u]) lo = Math.min(lo, c.ink[w * width + u]); } return lo; };
    truth.forEach((m, i) => {
      let cat;
      const rend = (() => { for (let r = 0; r < rendered.count; r++) if (Math.hypot(rendered.x[r] - m.x, rendered.y[r] - m.y) <= 6) return true; return false; })();
      if (paired.has(i)) cat = m.destroyed ? 'destroyed' : 'found';
      else if (m.destroyed) cat = 'destroyed';
      else if (!rend) cat = 'notRendered';
      else if (edgeDist(m.x, m.y) < 16) cat = 'edge';
      else if (truth.some((o, j) => j !== i && Math.hypot(o.x - m.x, o.y - m.y) < 10)) cat = 'close';
      else {
        let dmin = Infinity, angleOff = false;
        for (const e of ex) {
          const d = Math.hypot(e.x - m.x, e.y - m.y);
          if (d < dmin) dmin = d;
          if (d <= 15 && angleDiff(e.angle, m.angle) > Math.PI / 6) angleOff = true;
        }
        cat = angleOff ? 'angle' : dmin <= 25 ? 'near' : 'other';
      }
      // distance to the contact edge (the truth mask), up to 30 px, and whether the skeleton had a candidate there
      let edge = 30;
      for (let r = 1; r < 30 && edge === 30; r++) for (let u = 0; u < 32; u++) if (!inMask(m.x + r * Math.cos((u * Math.PI) / 16), m.y + r * Math.sin((u * Math.PI) / 16))) { edge = r; break; }
      const candidate = candidates.some((e) => Math.hypot(e.x - m.x, e.y - m.y) <= 15 && angleDiff(e.angle, m.angle) <= Math.PI / 6);
      for (const key of ['all', `condition ${c.condition.kind}`, `style ${style}`]) {
        const tt = add(key, cat);
        if (!m.destroyed && rend) { tt.rendered++; if (paired.has(i)) tt.renderedFound++; }
        if (!m.destroyed) {
          if (edge < 30) { tt.band++; if (paired.has(i)) tt.bandFound++; } else { tt.inner++; if (paired.has(i)) tt.innerFound++; }
          if (!paired.has(i)) { tt.missed++; if (candidate) tt.missedCandidate++; }
        }
      }
      if (dump && cat !== 'found' && cat !== 'destroyed' && examples.length < 3000) examples.push({ file: `${s}_${k}`, style, condition: c.condition.kind, cat, x: m.x, y: m.y, type: m.type });
      m.contactRadius = Math.round(100 * radiusAt(m.x, m.y)) / 100; m.inkPeak = Math.round(100 * inkPeak(m.x, m.y)) / 100; m.inkLow = Math.round(100 * inkLow(m.x, m.y)) / 100; m.found = paired.has(i);
      m.edge = (() => { for (let r = 1; r <= 40; r++) for (let t = 0; t < 32; t++) if (!inMask(m.x + r * Math.cos((t * Math.PI) / 16), m.y + r * Math.sin((t * Math.PI) / 16))) return r; return 41; })();
      m.fgEdge = edgeDist(m.x, m.y);
      m.candidate = candidates.some((e) => Math.hypot(e.x - m.x, e.y - m.y) <= 15 && angleDiff(e.angle, m.angle) <= Math.PI / 6);
      mapImageToMaster(c.geometry, m.x, m.y, q);
      { let sum = 0, cnt = 0; for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) if (dx * dx + dy * dy <= 16) { const u = Math.round(q[0]) + dx, w = Math.round(q[1]) + dy; if (u >= 0 && w >= 0 && u < master.width && w < master.height) { sum += Math.abs(master.ridges[w * master.width + u]); cnt++; } } m.masterAmp = Math.round(100 * sum / Math.max(1, cnt)) / 100; }
    });
    if (dump) {
      await mkdir(dump, { recursive: true });
      await writeFile(join(dump, `${s}_${k}.json`), JSON.stringify({ style, condition: c.condition.kind, width, height, truth, extracted: ex.map((e) => ({ x: e.x, y: e.y, angle: e.angle, type: e.type })), rendered: Array.from({ length: rendered.count }, (_, r) => ({ x: rendered.x[r], y: rendered.y[r], angle: rendered.angle[r], type: rendered.type[r] })) }));
    }
  }
}

const out = {};
for (const [key, t] of [...tally.entries()].sort()) {
  const counted = cats.filter((x) => x !== 'destroyed').reduce((s, x) => s + t[x], 0);
  out[key] = {
    truthCounted: counted,
    recall: Math.round((1000 * t.found) / counted) / 10,
    precision: Math.round((1000 * t.correct) / t.extracted) / 10,
    recallOfRendered: Math.round((1000 * t.renderedFound) / t.rendered) / 10,
    recallWithin30pxOfContactEdge: Math.round((1000 * t.bandFound) / t.band) / 10,
    recallInside: Math.round((1000 * t.innerFound) / t.inner) / 10,
    shareWithin30px: Math.round((1000 * t.band) / counted) / 10,
    missedWithSkeletonCandidate: Math.round((1000 * t.missedCandidate) / t.missed) / 10,
    missShares: Object.fromEntries(cats.filter((x) => x !== 'found' && x !== 'destroyed').map((x) => [x, Math.round((1000 * t[x]) / counted) / 10])),
    destroyed: t.destroyed,
  };
}
if (dump) await writeFile(join(dump, 'examples.json'), JSON.stringify(examples));
if (process.argv.includes('--json')) console.log(JSON.stringify(out));
else for (const [k, v] of Object.entries(out)) console.log(k.padEnd(26), JSON.stringify(v));
