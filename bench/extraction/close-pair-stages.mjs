// Which extraction stage loses the synthetic truth's closely spaced minutiae (issue 12, closepair)?
// Reads a folder `afis synth` wrote (F_I images + truth/F_I.json, `--style S --seed SEED`),
// regenerates each impression's noise-free contact image (as synthetic-errors.mjs does, to know
// which truth minutiae the contact shows and how far each is from the contact's edge), runs the
// production pipeline stage by stage and asks, for every counted truth minutia that is shown by the
// contact image (a skeleton minutia of it within 6 px) and at least 8 px inside the contact edge,
// whether each stage still holds a minutia within 15 px and 30° of it (not one-to-one):
//   raw      the endings of the uncleaned ridge and valley skeleton graphs (enhancement, binarisation, thinning)
//   cleaned  after removeSkeletonArtifacts (pores, gaps/bridges, tails/spurs, fragments): the candidates
//   filtered after removeFalseMinutiae (border, coherence, cluster removal, the cap)
//   checked  after checkMinutiae
//   final    the template (and paired one-to-one, greedy closest first, as `eval extraction` does)
// The first stage that has none is where the minutia was lost. Rows: the truth minutia's
// neighbourhood class (an ending with a fork within 15 px, any other truth minutia within 15 px,
// none within 15 px). With `--also NAME=V[,NAME=V]` the raw stage is read a second time with
// those parameters (e.g. enhancementAlongSigma=2), to see whether a shorter smoothing keeps them.
// With `--ablate`, each minutia the cleaning lost is attributed to the cleaning rule (pores, gaps,
// tails, fragments) whose being off alone keeps it.
// `npm run build && nice -n 19 node bench/extraction/close-pair-stages.mjs DIR --style S --seed SEED [--set NAME=V]... [--also NAME=V,...] [--ablate] [--limit N] [--json]`
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const X = await import(`${dist}extraction/index.js`);
const { openEndPixels } = await import(`${dist}extraction/remove-skeleton-artifacts.js`);
const { mapThinRidges, mapThinTails } = await import(`${dist}extraction/map-thin-ridges.js`);
const { mapClearTails } = await import(`${dist}extraction/map-clear-tails.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { decodeCapture } = await import(`${dist}capture/index.js`);
const syn = await import(`${dist}synthetic/index.js`);

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--json'));
const style = opt('--style', 'optical');
const seed = Number(opt('--seed', '1'));
const limit = Number(opt('--limit', 'Infinity'));
const parseSets = (list) => Object.fromEntries(list.map((s) => { const [k, v] = s.split('='); if (!(k in EXTRACTION_PARAMETERS)) throw new Error(`unknown parameter ${k}`); return [k, Number(v)]; }));
const params = { ...EXTRACTION_PARAMETERS, ...parseSets(args.flatMap((a, i) => (a === '--set' ? [args[i + 1]] : []))) };
const also = opt('--also', null);
const ablate = args.includes('--ablate');
// the cleaning's rules, each turned off alone (--ablate): which one removed a minutia the raw skeleton had
const RULES = { pores: { poreMaxLength: 0 }, gaps: { gapMaxDistance: 0 }, tails: { tailMaxLength: 0 }, fragments: { fragmentMaxLength: 0 } };
const alsoParams = also ? { ...params, ...parseSets(also.split(',')) } : null;
const IMPRESSION = 0x696d7000; // synthesize-subject.ts's stream tag of the series impressions
const DEG = Math.PI / 180;
const angleDiff = (a, b) => { const d = Math.abs(a - b) % (2 * Math.PI); return d > Math.PI ? 2 * Math.PI - d : d; };
const toAngle = (direction) => ((-direction % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI); // image direction → Template angle
const pts = (list) => list.map((m) => ({ x: m.x, y: m.y, angle: toAngle(m.direction) }));
const holds = (list, m) => list.some((q) => Math.hypot(q.x - m.x, q.y - m.y) <= 15 && angleDiff(q.angle, m.angle) <= 30 * DEG);

function greedy(truth, ex) {
  const cand = [];
  for (let t = 0; t < truth.length; t++) for (let e = 0; e < ex.length; e++) {
    const d2 = (truth[t].x - ex[e].x) ** 2 + (truth[t].y - ex[e].y) ** 2;
    if (d2 <= 225 && angleDiff(truth[t].angle, ex[e].angle) <= 30 * DEG) cand.push([d2, t, e]);
  }
  cand.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const tOf = new Int32Array(ex.length).fill(-1), eOf = new Int32Array(truth.length).fill(-1);
  for (const [, t, e] of cand) if (eOf[t] < 0 && tOf[e] < 0) { eOf[t] = e; tOf[e] = t; }
  return eOf;
}

function edgeDistance(mask, w, h) {
  const d = new Float32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = mask[i] ? 1e9 : 0;
  const at = (x, y) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : d[y * w + x]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const i = y * w + x; if (d[i]) d[i] = Math.min(d[i], at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4); }
  for (let y = h - 1; y >= 0; y--) for (let x = w - 1; x >= 0; x--) { const i = y * w + x; if (d[i]) d[i] = Math.min(d[i], at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4); }
  for (let i = 0; i < d.length; i++) d[i] /= 3;
  return d;
}

/** The stages' minutiae of one image (extractFromAnalysis, unrolled up to the check). */
function stages(image, p) {
  const a = X.analyzeFingerprint(image, p);
  const { width, height } = a;
  const { ridges, valleys } = X.binarizeRidges(a.enhanced, a.mask.pixels);
  const rg = X.traceSkeletonGraph(X.thinSkeleton(ridges));
  const vg = X.traceSkeletonGraph(X.thinSkeleton(valleys));
  const raw = X.detectMinutiae(rg, vg, p);
  const open = openEndPixels(a.mask.pixels, width, height, p);
  const thin = mapThinRidges(a.normalized, a.mask, p);
  const thinTails = mapThinTails(a.normalized, a.mask, p);
  const clear = (q) => mapClearTails(a.enhanced, a.mask, a.orientation, q);
  // the cleaning once with each of its rules off, on copies of the raw graphs, for the attribution
  const ablated = ablate ? Object.fromEntries(Object.entries(RULES).map(([rule, off]) => {
    const q = { ...p, ...off };
    const [r2, v2] = [X.traceSkeletonGraph(X.thinSkeleton(ridges)), X.traceSkeletonGraph(X.thinSkeleton(valleys))];
    return [rule, pts(X.detectMinutiae(X.removeSkeletonArtifacts(r2, q, open, thin, thinTails, clear(q)), X.removeSkeletonArtifacts(v2, q, open, thin, thinTails, clear(q)), q))];
  })) : null;
  const cleaned = X.detectMinutiae(X.removeSkeletonArtifacts(rg, p, open, thin, thinTails, clear(p)), X.removeSkeletonArtifacts(vg, p, open, thin, thinTails, clear(p)), p);
  const filtered = X.removeFalseMinutiae(cleaned.map((m) => ({ ...m })), a.mask, a.orientation, a.enhanced, p, a.frequency);
  const checked = X.checkMinutiae(filtered, a, p);
  const final = X.extractFromAnalysis(image, a, p, { enabled: false, emit() {} }).minutiae;
  return { ablated, raw: pts(raw), cleaned: pts(cleaned), filtered: pts(filtered), checked: pts(checked), final };
}

const CLASSES = ['ending + fork within 15 px, facing (spur)', 'ending + fork within 15 px, other', 'other truth within 15 px', 'none within 15 px'];
const STAGES = ['raw', 'cleaned', 'filtered', 'checked', 'final (within 15/30)', 'paired'];
const table = Object.fromEntries(CLASSES.map((c) => [c, { n: 0, lost: Object.fromEntries(STAGES.map((s) => [s, 0])), alsoRaw: 0, rule: {} }]));
const names = (await readdir(dir)).filter((n) => /^\d+_\d+\.(png|wsq)$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, limit);
let images = 0, mismatch = 0;
let master = null, masterOf = -1;
for (const name of names) {
  const stem = name.replace(/\.[^.]+$/, '');
  const [s, k] = stem.split('_').map(Number);
  const truthFile = JSON.parse(await readFile(join(dir, 'truth', `${stem}.json`), 'utf8'));
  const bytes = await readFile(join(dir, name));
  const image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const position = syn.seriesPositionOf(s);
  if (masterOf !== s) { master = syn.syntheticMasterPrint(seed, s, position); masterOf = s; }
  const c = syn.renderContact(master, style, syn.createRng(syn.mixSeed(seed, s, position, IMPRESSION + k)));
  const truth = truthFile.minutiae;
  if (!(c.minutiae.length === truth.length && c.minutiae.every((m, i) => Math.abs(m.x - truth[i].x) < 0.06 && Math.abs(m.y - truth[i].y) < 0.06))) { mismatch++; continue; }
  const { width, height } = c;
  const v = new Float32Array(width * height);
  for (let i = 0; i < v.length; i++) v[i] = c.mask[i] ? c.ink[i] - 0.5 : -1;
  const inMask = (x, y) => { const xi = Math.round(x), yi = Math.round(y); return xi >= 0 && yi >= 0 && xi < width && yi < height && c.mask[yi * width + xi] === 1; };
  const rf = syn.findMasterMinutiae(v, width, height, inMask);
  const rendered = Array.from({ length: rf.count }, (_, r) => ({ x: rf.x[r], y: rf.y[r] }));
  const edge = edgeDistance(c.mask, width, height);
  const edgeAt = (x, y) => { const xi = Math.round(x), yi = Math.round(y); return xi < 0 || yi < 0 || xi >= width || yi >= height ? 0 : edge[yi * width + xi]; };
  const st = stages(image, params);
  const alsoRaw = alsoParams ? stages(image, alsoParams).raw : null;
  const eOf = greedy(truth, st.final);
  images++;
  truth.forEach((m, t) => {
    if (m.destroyed || edgeAt(m.x, m.y) < 8 || !rendered.some((r) => Math.hypot(r.x - m.x, r.y - m.y) <= 6)) return;
    let closest = Infinity, mate = -1;
    truth.forEach((q, j) => { if (j !== t && !q.destroyed) { const d = Math.hypot(q.x - m.x, q.y - m.y); if (d < closest) { closest = d; mate = j; } } });
    // an ending and a fork facing each other (each points at the other: Template angles, y down) is a
    // spur, a short branch off the fork; otherwise the ending sits beside the fork (a dislocation)
    const at = (a, b) => (Math.cos(a.angle) * (b.x - a.x) - Math.sin(a.angle) * (b.y - a.y)) / Math.max(1e-9, Math.hypot(b.x - a.x, b.y - a.y));
    const facing = closest < 15 && at(m, truth[mate]) > 0.5 && at(truth[mate], m) > 0.5;
    const cls = closest >= 15 ? CLASSES[3] : m.type !== truth[mate].type ? CLASSES[facing ? 0 : 1] : CLASSES[2];
    const row = table[cls];
    row.n++;
    const lostAt = !holds(st.raw, m) ? 'raw' : !holds(st.cleaned, m) ? 'cleaned' : !holds(st.filtered, m) ? 'filtered' : !holds(st.checked, m) ? 'checked' : !holds(st.final, m) ? 'final (within 15/30)' : eOf[t] < 0 ? 'paired' : null;
    if (lostAt) row.lost[lostAt]++;
    if (lostAt === 'cleaned' && st.ablated) {
      const back = Object.keys(RULES).filter((rule) => holds(st.ablated[rule], m));
      const key = back.length ? back.join('+') : 'none alone';
      row.rule[key] = (row.rule[key] ?? 0) + 1;
    }
    if (alsoRaw && holds(alsoRaw, m)) row.alsoRaw++;
  });
}
const pct = (a, b) => (b ? Math.round((1000 * a) / b) / 10 : 0);
const out = { dir, style, seed, images, mismatch, set: Object.fromEntries(Object.entries(params).filter(([k, v]) => EXTRACTION_PARAMETERS[k] !== v)), also, classes: {} };
for (const [cls, row] of Object.entries(table)) {
  const lost = Object.values(row.lost).reduce((a, b) => a + b, 0);
  out.classes[cls] = {
    truth: row.n, recall: pct(row.n - lost, row.n),
    lostAt: Object.fromEntries(Object.entries(row.lost).map(([k, n]) => [k, `${n} (${pct(n, row.n)} %)`])),
    ...(ablate ? { cleanedLossBackWithRuleOff: row.rule } : {}),
    ...(alsoParams ? { rawHeldWithAlso: `${pct(row.alsoRaw, row.n)} %`, rawHeld: `${pct(row.n - row.lost.raw, row.n)} %` } : {}),
  };
}
process.stdout.write(`${JSON.stringify(out, null, args.includes('--json') ? 0 : 2)}\n`);
