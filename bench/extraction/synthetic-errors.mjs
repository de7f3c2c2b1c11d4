// Where are the false and the missed minutiae on synthetic prints, and how much of the gap to the
// issue-12 target is the truth's definition rather than our extractor? Reads a folder `afis synth`
// wrote (F_I images + truth/F_I.json, `--style S --seed SEED`, S may be mixed, default plain contact), regenerates
// each impression's noise-free contact image in process (the same rng stream as synthesize-subject.ts;
// the regenerated truth is checked against the file's), extracts each image with the production
// pipeline (`--set NAME=V` for a candidate) and reports, per skin condition and in all:
//
// 1. Scoring variants of the same extraction: `afis eval extraction`'s greedy closest-first one-to-one
//    pairing at 15 px / 30° (the baseline, reproduced), a maximum one-to-one matching at 15 / 30,
//    looser tolerances (20 px, 45°), and pairs that must also agree in type (for information).
// 2. Truth-definition variants ("don't care" zones, standard in minutia benchmarks): a truth minutia in
//    the zone is not counted for recall, an extracted minutia in it (or left unpaired within 15 px of
//    an excluded truth minutia) is not counted for precision. Zones: within d px of the contact edge
//    (the truth mask, pixel-exact; canvas sides count as edge); truth minutiae with another truth
//    minutia within r px (short ridges, short breaks, bridges, spurs of the master); truth minutiae the
//    noise-free contact image does not show (no minutia of its skeleton within 6 px); and extracted
//    minutiae the noise-free contact image shows but the truth lacks (a rendered minutia within 6 px,
//    no truth minutia within 15 px: a ridge end made by the contact's pressure fall-off or a dry break).
// 3. What is left, the extractor's errors, by location (contact-edge distance band, distance to the
//    truth's cores and deltas, the extractor's orientation coherence at the minutia) and by kind.
//    False: angle (a truth minutia within 15 px, > 30° off; "reversed" when > 150°), taken (a truth
//    minutia within 15 px / 30° already paired), brokenRidge (another extracted ending within 15 px
//    pointing > 120° the other way), bridge (the same with two bifurcations), spur (an ending and a
//    bifurcation within 15 px), cluster (another extracted minutia within 15 px, none of these),
//    lone. Missed: angle / reversed, near (an extracted minutia 15–25 px away, none within 15),
//    closePair (another truth minutia within 10 px), removed (the skeleton had a candidate within 15 px
//    / 30° that the false-minutia removal or the check dropped), never (no candidate: lost in the
//    enhancement, binarisation or thinning).
// 4. Conventions: for the pairs, the signed position offset along the truth direction and the signed
//    angle difference, per type; type agreement.
// Nothing here involves the matcher.
// `npm run build && nice -n 19 node bench/extraction/synthetic-errors.mjs DIR --style S --seed SEED [--set NAME=V]... [--limit N] [--dump FILE] [--json]`
// (--dump: one JSON line per false or missed minutia with its class and place; figures in bench/RESULTS.md, synthpr)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { analyzeFingerprint, extractFromAnalysis } = await import(`${dist}extraction/index.js`);
const { EXTRACTION_PARAMETERS, SENSOR_STYLES } = await import(`${dist}config/parameters.js`);
const { decodeCapture } = await import(`${dist}capture/index.js`);
const syn = await import(`${dist}synthetic/index.js`);

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--json'));
const style = opt('--style', 'optical');
const seed = Number(opt('--seed', '1'));
const limit = Number(opt('--limit', 'Infinity'));
const dump = opt('--dump', null); // per-minutia records (JSON lines) for ad-hoc reading
const records = [];
const params = { ...EXTRACTION_PARAMETERS };
for (let i = 0; i < args.length; i++) if (args[i] === '--set') { const [k, v] = args[i + 1].split('='); if (!(k in params)) throw new Error(`unknown parameter ${k}`); params[k] = Number(v); }
const IMPRESSION = 0x696d7000; // synthesize-subject.ts's stream tag of the series impressions
const DEG = Math.PI / 180;
const angleDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const signedAngle = (a, b) => { let d = (a - b) % (2 * Math.PI); if (d > Math.PI) d -= 2 * Math.PI; if (d < -Math.PI) d += 2 * Math.PI; return d; };

/** Greedy closest-first one-to-one pairing (pair-truth-minutiae.ts), optionally type-aware. */
function greedy(truth, ex, maxD, maxA, typed = false) {
  const cand = [];
  for (let t = 0; t < truth.length; t++) for (let e = 0; e < ex.length; e++) {
    const d2 = (truth[t].x - ex[e].x) ** 2 + (truth[t].y - ex[e].y) ** 2;
    if (d2 > maxD * maxD || angleDiff(truth[t].angle, ex[e].angle) > maxA) continue;
    if (typed && truth[t].type !== ex[e].type) continue;
    cand.push([d2, t, e]);
  }
  cand.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const tOf = new Int32Array(ex.length).fill(-1), eOf = new Int32Array(truth.length).fill(-1);
  for (const [, t, e] of cand) if (eOf[t] < 0 && tOf[e] < 0) { eOf[t] = e; tOf[e] = t; }
  return { eOf, tOf };
}

/** Maximum one-to-one matching within the tolerance (augmenting paths; graphs are small). */
function maximum(truth, ex, maxD, maxA) {
  const adj = truth.map((m) => ex.map((e, j) => [j, Math.hypot(m.x - e.x, m.y - e.y), angleDiff(m.angle, e.angle)]).filter(([, d, a]) => d <= maxD && a <= maxA).sort((a, b) => a[1] - b[1]).map(([j]) => j));
  const eOf = new Int32Array(truth.length).fill(-1), tOf = new Int32Array(ex.length).fill(-1);
  const tryT = (t, seen) => {
    for (const e of adj[t]) {
      if (seen[e]) continue;
      seen[e] = 1;
      if (tOf[e] < 0 || tryT(tOf[e], seen)) { tOf[e] = t; eOf[t] = e; return true; }
    }
    return false;
  };
  for (let t = 0; t < truth.length; t++) tryT(t, new Uint8Array(ex.length));
  return { eOf, tOf };
}

/** Chamfer (3-4) distance, in px, of every pixel to the nearest background pixel or canvas side. */
function edgeDistance(mask, w, h) {
  const d = new Float32Array(w * h);
  const INF = 1e9;
  for (let i = 0; i < d.length; i++) d[i] = mask[i] ? INF : 0;
  const at = (x, y) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : d[y * w + x]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const i = y * w + x; if (!d[i]) continue; d[i] = Math.min(d[i], at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4); }
  for (let y = h - 1; y >= 0; y--) for (let x = w - 1; x >= 0; x--) { const i = y * w + x; if (!d[i]) continue; d[i] = Math.min(d[i], at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4); }
  for (let i = 0; i < d.length; i++) d[i] /= 3;
  return d;
}

const EDGE_BANDS = [[0, 8], [8, 16], [16, 30], [30, Infinity]];
const SING_BANDS = [[0, 24], [24, 48], [48, Infinity]];
const COH_BANDS = [[0, 0.5], [0.5, 0.7], [0.7, 0.85], [0.85, 1.01]];
const NN_BANDS = [[0, 10], [10, 15], [15, 20], [20, 30], [30, Infinity]];
const bandOf = (bands, v) => Math.max(0, bands.findIndex(([a, b]) => v >= a && (v < b || b === Infinity))); // NaN → the first band
const bandName = (bands, i) => `${bands[i][0]}–${bands[i][1] === Infinity ? '∞' : bands[i][1]}`;

const ZONES = {
  baseline: () => false,
  edge8: (m) => m.edge < 8,
  edge16: (m) => m.edge < 16,
  edge24: (m) => m.edge < 24,
  close8: (m) => m.isTruth && m.closest < 8,
  close10: (m) => m.isTruth && m.closest < 10,
  close12: (m) => m.isTruth && m.closest < 12,
  notShown: (m) => m.isTruth && !m.shown,
  shownFalse: (m) => !m.isTruth && m.shownNotTruth,
  'edge16+close10+notShown+shownFalse': (m) => m.edge < 16 || (m.isTruth && (m.closest < 10 || !m.shown)) || (!m.isTruth && m.shownNotTruth),
};

const groups = new Map();
const group = (key) => {
  let g = groups.get(key);
  if (!g) {
    g = {
      images: 0, truthMismatch: 0,
      scoring: {}, zones: Object.fromEntries(Object.keys(ZONES).map((z) => [z, { truth: 0, found: 0, extracted: 0, correct: 0 }])),
      falseKind: {}, missKind: {}, falseLoc: {}, missLoc: {}, recallLoc: {}, precisionLoc: {},
      duality: {}, structures: {},
      conv: { ending: { n: 0, along: [], angle: [], typeAgree: 0 }, bifurcation: { n: 0, along: [], angle: [], typeAgree: 0 } },
      truthShown: { counted: 0, shown: 0, shownSameType: 0 },
    };
    groups.set(key, g);
  }
  return g;
};
const inc = (o, k, by = 1) => { o[k] = (o[k] ?? 0) + by; };

const names = (await readdir(dir)).filter((n) => /^\d+_\d+\.(png|wsq)$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, limit);
const masters = new Map();
for (const name of names) {
  const stem = name.replace(/\.[^.]+$/, '');
  const [s, k] = stem.split('_').map(Number);
  const truthFile = JSON.parse(await readFile(join(dir, 'truth', `${stem}.json`), 'utf8'));
  const bytes = await readFile(join(dir, name));
  const image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  // regenerate the noise-free contact image
  const position = syn.seriesPositionOf(s);
  let master = masters.get(s);
  if (!master) { master = syn.syntheticMasterPrint(seed, s, position); masters.clear(); masters.set(s, master); }
  const rng = syn.createRng(syn.mixSeed(seed, s, position, IMPRESSION + k));
  // mixed: the style is the stream's first draw, as synthesize-subject.ts draws it
  const drawn = style === 'mixed' ? SENSOR_STYLES[rng.int(SENSOR_STYLES.length)] : style;
  const c = syn.renderContact(master, drawn, rng);
  const { width, height } = c;
  const truth = truthFile.minutiae;
  const cond = truthFile.condition;
  const keys = ['all', cond];
  const same = c.minutiae.length === truth.length && c.minutiae.every((m, i) => Math.abs(m.x - truth[i].x) < 0.06 && Math.abs(m.y - truth[i].y) < 0.06);
  if (!same) { for (const key of keys) group(key).truthMismatch++; continue; }
  const v = new Float32Array(width * height);
  for (let i = 0; i < v.length; i++) v[i] = c.mask[i] ? c.ink[i] - 0.5 : -1;
  const inMask = (x, y) => { const xi = Math.round(x), yi = Math.round(y); return xi >= 0 && yi >= 0 && xi < width && yi < height && c.mask[yi * width + xi] === 1; };
  const rf = syn.findMasterMinutiae(v, width, height, (x, y) => inMask(x, y));
  const rendered = Array.from({ length: rf.count }, (_, r) => ({ x: rf.x[r], y: rf.y[r], type: rf.type[r] === 2 ? 'bifurcation' : 'ending' }));
  const edge = edgeDistance(c.mask, width, height);
  const edgeAt = (x, y) => { const xi = Math.round(x), yi = Math.round(y); return xi < 0 || yi < 0 || xi >= width || yi >= height ? 0 : edge[yi * width + xi]; };
  const sing = [...truthFile.cores, ...truthFile.deltas];
  const singAt = (x, y) => sing.reduce((best, [u, w]) => Math.min(best, Math.hypot(u - x, w - y)), Infinity);
  // extraction, with the skeleton's candidates
  const analysis = analyzeFingerprint(image, params, { enabled: false, emit() {} });
  let candidates = [];
  const sink = { enabled: true, emit: (key, art) => { if (key === 'extraction.minutiae.candidates') candidates = art.value.map((m) => ({ x: m.x, y: m.y, angle: ((-m.direction % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) })); } };
  const ex = extractFromAnalysis(image, analysis, params, sink).minutiae;
  const o = analysis.orientation;
  const cohAt = (x, y) => { const bs = o.grid.blockSize; const bx = Math.min(o.grid.cols - 1, Math.floor(x / bs)), by = Math.min(o.grid.rows - 1, Math.floor(y / bs)); const v = o.coherence[by * o.grid.cols + bx]; return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0; };
  // per-minutia facts
  const counted = truth.map((m) => !m.destroyed);
  const T = truth.map((m, i) => {
    let closest = Infinity, mate = -1;
    truth.forEach((q, j) => { if (j !== i && counted[j]) { const d = Math.hypot(q.x - m.x, q.y - m.y); if (d < closest) { closest = d; mate = j; } } });
    // the structure a truth minutia forms with its nearest neighbour when it is within 15 px: types,
    // and whether each points at the other (Template angles, y down: direction (cos a, −sin a))
    let structure = null;
    if (closest < 15) {
      const q = truth[mate];
      const at = (a, b) => (Math.cos(a.angle) * (b.x - a.x) - Math.sin(a.angle) * (b.y - a.y)) / Math.max(1e-9, Math.hypot(b.x - a.x, b.y - a.y));
      const fa = at(m, q), fb = at(q, m);
      const rel = fa > 0.5 && fb > 0.5 ? 'both point at the other' : fa < -0.5 && fb < -0.5 ? 'both point away' : 'neither';
      const types = [m.type, q.type].sort().join('+');
      const name = types === 'ending+ending' ? (rel === 'both point at the other' ? 'short ridge (two endings facing)' : rel === 'both point away' ? 'ridge gap (two endings back to back)' : 'two endings, other')
        : types === 'bifurcation+bifurcation' ? (rel === 'both point at the other' ? 'enclosure (two forks facing)' : rel === 'both point away' ? 'two forks back to back' : 'two forks, other')
          : 'spur or hook (ending + fork)';
      structure = name;
    }
    const near = rendered.filter((r) => Math.hypot(r.x - m.x, r.y - m.y) <= 6);
    const rendDist = rendered.reduce((b, r) => Math.min(b, Math.hypot(r.x - m.x, r.y - m.y)), Infinity);
    return { ...m, isTruth: true, edge: edgeAt(m.x, m.y), sing: singAt(m.x, m.y), coh: cohAt(m.x, m.y), closest, mate, structure, rendDist, shown: near.length > 0, shownSame: near.some((r) => r.type === m.type) };
  });
  const E = ex.map((e) => ({
    x: e.x, y: e.y, angle: e.angle, type: e.type, isTruth: false, edge: edgeAt(e.x, e.y), sing: singAt(e.x, e.y), coh: cohAt(e.x, e.y),
    closest: ex.reduce((b, q) => (q === e ? b : Math.min(b, Math.hypot(q.x - e.x, q.y - e.y))), Infinity),
    shownNotTruth: rendered.some((r) => Math.hypot(r.x - e.x, r.y - e.y) <= 6) && !truth.some((m) => Math.hypot(m.x - e.x, m.y - e.y) <= 15),
  }));
  const base = greedy(truth, ex, 15, 30 * DEG);
  for (const key of keys) {
    const g = group(key);
    g.images++;
    // 1. scoring variants
    const variants = {
      'greedy 15/30 (eval)': base, 'maximum 15/30': maximum(truth, ex, 15, 30 * DEG), 'greedy 20/30': greedy(truth, ex, 20, 30 * DEG),
      'greedy 15/45': greedy(truth, ex, 15, 45 * DEG), 'greedy 20/45': greedy(truth, ex, 20, 45 * DEG), 'greedy 25/45': greedy(truth, ex, 25, 45 * DEG),
      'greedy 15/30 typed': greedy(truth, ex, 15, 30 * DEG, true),
    };
    for (const [name, p] of Object.entries(variants)) {
      const sc = g.scoring[name] ?? (g.scoring[name] = { truth: 0, found: 0, extracted: 0, correct: 0 });
      sc.extracted += ex.length;
      for (let e = 0; e < ex.length; e++) if (p.tOf[e] >= 0) sc.correct++;
      for (let t = 0; t < truth.length; t++) if (counted[t]) { sc.truth++; if (p.eOf[t] >= 0) sc.found++; }
    }
    // 2. zones
    for (const [zn, inZone] of Object.entries(ZONES)) {
      const z = g.zones[zn];
      const outT = T.map((m) => inZone(m));
      for (let t = 0; t < truth.length; t++) if (counted[t] && !outT[t]) { z.truth++; if (base.eOf[t] >= 0) z.found++; }
      for (let e = 0; e < ex.length; e++) {
        if (inZone(E[e])) continue;
        const pt = base.tOf[e];
        if (pt < 0 && T.some((m, t) => outT[t] && Math.hypot(m.x - E[e].x, m.y - E[e].y) <= 15)) continue; // unpaired beside a don't-care truth minutia
        z.extracted++;
        if (pt >= 0) z.correct++;
      }
    }
    // truth shown by the noise-free contact image
    T.forEach((m, t) => { if (!counted[t]) return; g.truthShown.counted++; if (m.shown) g.truthShown.shown++; if (m.shownSame) g.truthShown.shownSameType++; });
    // 4. conventions over the pairs
    for (let t = 0; t < truth.length; t++) {
      const e = base.eOf[t];
      if (e < 0) continue;
      const m = truth[t], q = ex[e];
      const cv = g.conv[m.type];
      cv.n++;
      cv.along.push((q.x - m.x) * Math.cos(m.angle) - (q.y - m.y) * Math.sin(m.angle)); // + = ahead of the truth along its direction (y down)
      cv.angle.push(signedAngle(q.angle, m.angle) / DEG);
      if (q.type === m.type) cv.typeAgree++;
    }
    // the nearest extracted minutia within 15 px of each counted truth minutia: direction against type agreement
    for (let t = 0; t < truth.length; t++) {
      if (!counted[t]) continue;
      let best = -1, bd = 15;
      ex.forEach((q, e) => { const d = Math.hypot(q.x - truth[t].x, q.y - truth[t].y); if (d <= bd) { bd = d; best = e; } });
      if (best < 0) { inc(g.duality, 'none within 15 px'); continue; }
      const a = angleDiff(ex[best].angle, truth[t].angle) / DEG;
      inc(g.duality, `${truth[t].type} → ${ex[best].type}, ${a <= 30 ? '0–30°' : a <= 150 ? '30–150°' : '150–180°'}`);
    }
    // 3. the errors, by location and kind
    const loc = (m) => [`nearest other ${m.isTruth ? 'truth' : 'extracted'} ${bandName(NN_BANDS, bandOf(NN_BANDS, m.closest))}`, `edge ${bandName(EDGE_BANDS, bandOf(EDGE_BANDS, m.edge))}`, `core/delta ${bandName(SING_BANDS, bandOf(SING_BANDS, m.sing))}`, `coherence ${bandName(COH_BANDS, bandOf(COH_BANDS, m.coh))}`];
    for (let e = 0; e < ex.length; e++) {
      const m = E[e];
      for (const l of loc(m)) { const pl = g.precisionLoc[l] ?? (g.precisionLoc[l] = { extracted: 0, correct: 0 }); pl.extracted++; if (base.tOf[e] >= 0) pl.correct++; }
      if (base.tOf[e] >= 0) continue;
      for (const l of loc(m)) inc(g.falseLoc, l);
      let kind;
      const within = truth.map((q, t) => [t, Math.hypot(q.x - m.x, q.y - m.y), angleDiff(q.angle, m.angle)]).filter(([, d]) => d <= 15);
      const others = E.filter((q, j) => j !== e && Math.hypot(q.x - m.x, q.y - m.y) <= 15);
      if (m.edge < 8) kind = 'outsideOrRim (< 8 px of the contact edge)';
      else if (m.shownNotTruth) kind = 'shownNotTruth';
      else if (within.some(([, , a]) => a <= 30 * DEG)) kind = 'taken';
      else if (within.some(([, , a]) => a > 150 * DEG)) kind = 'reversed';
      else if (within.length) kind = 'angle';
      else if (others.some((q) => q.type === 'ending' && m.type === 'ending' && angleDiff(q.angle, m.angle) > 120 * DEG)) kind = 'brokenRidge';
      else if (others.some((q) => q.type === 'bifurcation' && m.type === 'bifurcation' && angleDiff(q.angle, m.angle) > 120 * DEG)) kind = 'bridge';
      else if (others.some((q) => q.type !== m.type)) kind = 'spur';
      else if (others.length) kind = 'cluster';
      else kind = 'lone';
      inc(g.falseKind, kind);
      if (dump && key === 'all') records.push({ img: stem, cond, what: 'false', kind, angleOff: within.length ? Math.round(Math.min(...within.map(([, , a]) => a)) / DEG) : null, type: m.type, x: m.x, y: m.y, edge: Math.round(m.edge), sing: Math.round(m.sing), coh: Math.round(100 * m.coh) / 100 });
    }
    for (let t = 0; t < truth.length; t++) {
      if (!counted[t]) continue;
      const m = T[t];
      for (const l of loc(m)) { const rl = g.recallLoc[l] ?? (g.recallLoc[l] = { truth: 0, found: 0 }); rl.truth++; if (base.eOf[t] >= 0) rl.found++; }
      if (m.structure) { const st = g.structures[m.structure] ?? (g.structures[m.structure] = { truth: 0, found: 0, shown: 0 }); st.truth++; if (base.eOf[t] >= 0) st.found++; if (m.shown) st.shown++; if (base.eOf[t] < 0 && base.eOf[m.mate] >= 0) st.missedMateFound = (st.missedMateFound ?? 0) + 1; if (base.eOf[t] < 0 && base.eOf[m.mate] < 0) st.bothMissed = (st.bothMissed ?? 0) + 1; (st.dist ??= []).push(m.closest); (st.turn ??= []).push(angleDiff(m.angle, truth[m.mate].angle) / DEG); }
      if (base.eOf[t] >= 0) continue;
      for (const l of loc(m)) inc(g.missLoc, l);
      let kind;
      const near = E.map((q) => [Math.hypot(q.x - m.x, q.y - m.y), angleDiff(q.angle, m.angle)]);
      if (m.edge < 8) kind = 'rim (< 8 px of the contact edge)';
      else if (!m.shown) kind = 'notShown';
      else if (near.some(([d, a]) => d <= 15 && a <= 30 * DEG)) kind = 'takenByAnother';
      else if (near.some(([d, a]) => d <= 15 && a > 150 * DEG)) kind = 'reversed';
      else if (near.some(([d, a]) => d <= 15 && a > 30 * DEG)) kind = 'angle';
      else if (m.closest < 10) kind = 'closePair';
      else if (near.some(([d, a]) => d <= 25 && a <= 30 * DEG)) kind = 'near 15–25 px';
      else if (candidates.some((q) => Math.hypot(q.x - m.x, q.y - m.y) <= 15 && angleDiff(q.angle, m.angle) <= 30 * DEG)) kind = 'removed (a skeleton candidate dropped)';
      else kind = 'never (no skeleton candidate)';
      inc(g.missKind, kind);
      if (dump && key === 'all') records.push({ img: stem, cond, what: 'miss', kind, angleOff: near.some(([d]) => d <= 15) ? Math.round(Math.min(...near.filter(([d]) => d <= 15).map(([, a]) => a)) / DEG) : null, type: m.type, x: m.x, y: m.y, edge: Math.round(m.edge), sing: Math.round(m.sing), coh: Math.round(100 * m.coh) / 100, closest: Math.round(m.closest), rendDist: Math.round(10 * m.rendDist) / 10, nearestEx: Math.round(Math.min(...near.map(([d]) => d), 999)) });
    }
  }
}

const pct = (a, b) => (b ? Math.round((1000 * a) / b) / 10 : 0);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? Math.round(10 * s[Math.floor(s.length / 2)]) / 10 : 0; };
const out = { dir, style, seed, params: Object.fromEntries(Object.entries(params).filter(([k, v]) => EXTRACTION_PARAMETERS[k] !== v)), groups: {} };
for (const [key, g] of [...groups.entries()].sort()) {
  const sc = Object.fromEntries(Object.entries(g.scoring).map(([n, s]) => [n, { precision: pct(s.correct, s.extracted), recall: pct(s.found, s.truth) }]));
  const base = g.scoring['greedy 15/30 (eval)'];
  const zones = Object.fromEntries(Object.entries(g.zones).map(([n, z]) => [n, { precision: pct(z.correct, z.extracted), recall: pct(z.found, z.truth), truthKept: pct(z.truth, base.truth), extractedKept: pct(z.extracted, base.extracted) }]));
  const share = (o, d) => Object.fromEntries(Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, `${n} (${pct(n, d)} %)`]));
  out.groups[key] = {
    images: g.images, truthMismatch: g.truthMismatch, truth: base.truth, extracted: base.extracted, scoring: sc, zones,
    truthShown: { shown: pct(g.truthShown.shown, g.truthShown.counted), shownSameType: pct(g.truthShown.shownSameType, g.truthShown.counted) },
    falseKind: share(g.falseKind, base.extracted), missKind: share(g.missKind, base.truth),
    precisionByLocation: Object.fromEntries(Object.entries(g.precisionLoc).sort().map(([k, p]) => [k, `${pct(p.correct, p.extracted)} % of ${p.extracted} (false ${pct(p.extracted - p.correct, base.extracted)} % of all extracted)`])),
    recallByLocation: Object.fromEntries(Object.entries(g.recallLoc).sort().map(([k, r]) => [k, `${pct(r.found, r.truth)} % of ${r.truth} (missed ${pct(r.truth - r.found, base.truth)} % of all truth)`])),
    closeStructures: Object.fromEntries(Object.entries(g.structures).sort((a, b) => b[1].truth - a[1].truth).map(([k, st]) => [k, `${st.truth} (${pct(st.truth, base.truth)} % of truth), recall ${pct(st.found, st.truth)} %, shown ${pct(st.shown, st.truth)} %, missed ${pct(st.truth - st.found, base.truth)} % of truth; of its misses the mate found ${pct(st.missedMateFound ?? 0, st.truth - st.found)} %, both missed ${pct(st.bothMissed ?? 0, st.truth - st.found)} %; median spacing ${median(st.dist)} px, direction difference ${median(st.turn)}°`])),
    nearestWithin15: share(g.duality, base.truth),
    conventions: Object.fromEntries(Object.entries(g.conv).map(([t, cv]) => [t, { pairs: cv.n, alongPxMedian: median(cv.along), signedAngleDegMedian: median(cv.angle), typeAgree: pct(cv.typeAgree, cv.n) }])),
  };
}
if (dump) await writeFile(dump, records.map((r) => JSON.stringify(r)).join('\n'));
process.stdout.write(`${JSON.stringify(out, null, args.includes('--json') ? 0 : 2)}\n`);
