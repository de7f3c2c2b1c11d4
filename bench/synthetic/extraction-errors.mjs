// Where does our extractor go wrong on synthetic prints? Reads a folder `afis synth` wrote (F_I
// images + truth/F_I.json), extracts each image (the production pipeline; `--set NAME=V` for a
// candidate) and pairs the minutiae with the truth as `afis eval extraction` does (15 px, 30°, one
// to one). Each extracted minutia left unpaired (a false minutia) is put in the first class that
// applies:
//   outside      — outside the truth's contact mask (8-px blocks) or within 8 px of its edge;
//   edge         — 8–30 px from the contact edge;
//   singular     — within 24 px of a truth core or delta;
//   angle        — a truth minutia within 15 px, but more than 30° off (a direction error);
//   taken        — a truth minutia within 15 px and 30°, already paired with another extracted one
//                  (a duplicate);
//   facing       — another extracted minutia within 15 px pointing the other way (> 120°): a
//                  broken ridge read as two endings, or a bridge read as two forks;
//   spur         — another extracted minutia within 15 px pointing the same way or across (a short
//                  spur, hole or island);
//   lone         — none of these.
// Each missed truth minutia (not destroyed): edge (within 30 px of the contact edge), singular,
// close (another truth minutia within 10 px), angle (an extracted one within 15 px, > 30° off),
// near (an extracted one 15–25 px away), other. Counts per skin condition and style, as shares of
// the extracted minutiae (false) and of the counted truth (missed). Nothing here involves the matcher.
// `npm run build && nice -n 19 node bench/synthetic/extraction-errors.mjs DIR [--set NAME=V]... [--limit N] [--dump FILE] [--json]`
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { analyzeFingerprint, extractFromAnalysis } = await import(`${dist}extraction/index.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { decodeCapture } = await import(`${dist}capture/index.js`);
const { pairTruthMinutiae, angleDifference } = await import(`${dist}synthetic/pair-truth-minutiae.js`);

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--json'));
const params = { ...EXTRACTION_PARAMETERS };
for (let i = 0; i < args.length; i++) if (args[i] === '--set') { const [k, v] = args[i + 1].split('='); if (!(k in params)) throw new Error(`unknown parameter ${k}`); params[k] = Number(v); }
const dump = args.includes('--dump') ? args[args.indexOf('--dump') + 1] : null;
const records = [];
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;

const falseCats = ['outside', 'edge', 'singular', 'angle', 'taken', 'facing', 'spur', 'lone'];
const missCats = ['edge', 'singular', 'close', 'angle', 'near', 'other'];
const tally = new Map();
const entry = (key) => {
  let t = tally.get(key);
  if (!t) { t = { images: 0, extracted: 0, correct: 0, truth: 0, found: 0, false: Object.fromEntries(falseCats.map((c) => [c, 0])), falseType: { ending: 0, bifurcation: 0 }, miss: Object.fromEntries(missCats.map((c) => [c, 0])) }; tally.set(key, t); }
  return t;
};

const names = (await readdir(dir)).filter((n) => /^\d+_\d+\.(png|wsq)$/.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, limit);
for (const name of names) {
  const stem = name.replace(/\.[^.]+$/, '');
  const truth = JSON.parse(await readFile(join(dir, 'truth', `${stem}.json`), 'utf8'));
  const bytes = await readFile(join(dir, name));
  const image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const analysis = analyzeFingerprint(image, params, NO_DEBUG);
  // with --dump, the skeleton's candidates before the false-minutia removal, from the debug sink
  let candidates = [];
  const sink = dump ? { enabled: true, emit: (key, art) => { if (key === 'extraction.minutiae.candidates') candidates = art.value.map((m) => ({ x: m.x, y: m.y, angle: ((-m.direction % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) })); } } : NO_DEBUG;
  const ex = extractFromAnalysis(image, analysis, params, sink).minutiae;
  const tm = truth.minutiae;
  const pairing = pairTruthMinutiae(tm, ex);
  const pairedT = new Set(pairing.pairs.map(([t]) => t));
  const pairedE = new Set(pairing.pairs.map(([, e]) => e));
  const B = truth.mask.block;
  const inMask = (x, y) => { const bx = Math.floor(x / B), by = Math.floor(y / B); const row = truth.mask.rows[by]; return !!row && bx >= 0 && row.charCodeAt(bx) === 49; };
  const edgeDist = (x, y) => { if (!inMask(x, y)) return 0; for (let r = 2; r <= 30; r += 2) for (let u = 0; u < 24; u++) if (!inMask(x + r * Math.cos((u * Math.PI) / 12), y + r * Math.sin((u * Math.PI) / 12))) return r; return 99; };
  const singulars = [...truth.cores, ...truth.deltas];
  const nearSingular = (x, y) => singulars.some(([sx, sy]) => Math.hypot(sx - x, sy - y) <= 24);
  const keys = ['all', `condition ${truth.condition}`, `style ${truth.style}`];
  const ts = keys.map(entry);
  for (const t of ts) { t.images++; t.extracted += ex.length; t.correct += pairing.pairs.length; }
  ex.forEach((e, i) => {
    if (pairedE.has(i)) return;
    const d = edgeDist(e.x, e.y);
    let cat;
    if (d < 8) cat = 'outside';
    else if (d < 30) cat = 'edge';
    else if (nearSingular(e.x, e.y)) cat = 'singular';
    else {
      const close = tm.filter((m) => Math.hypot(m.x - e.x, m.y - e.y) <= 15);
      if (close.some((m) => angleDifference(m.angle, e.angle) > Math.PI / 6) && !close.some((m) => angleDifference(m.angle, e.angle) <= Math.PI / 6)) cat = 'angle';
      else if (close.length) cat = 'taken';
      else {
        const others = ex.filter((o, j) => j !== i && Math.hypot(o.x - e.x, o.y - e.y) <= 15);
        if (others.some((o) => angleDifference(o.angle, e.angle) > (2 * Math.PI) / 3)) cat = 'facing';
        else if (others.length) cat = 'spur';
        else cat = 'lone';
      }
    }
    for (const t of ts) { t.false[cat]++; t.falseType[e.type]++; }
    if (dump) records.push(describe('false', cat, e, stem, truth, tm, ex, singulars, d));
  });
  tm.forEach((m, i) => {
    if (m.destroyed) return;
    for (const t of ts) t.truth++;
    if (pairedT.has(i)) { for (const t of ts) t.found++; return; }
    let cat;
    if (edgeDist(m.x, m.y) < 30) cat = 'edge';
    else if (nearSingular(m.x, m.y)) cat = 'singular';
    else if (tm.some((o, j) => j !== i && Math.hypot(o.x - m.x, o.y - m.y) < 10)) cat = 'close';
    else {
      let dmin = Infinity, angleOff = false;
      for (const e of ex) { const d = Math.hypot(e.x - m.x, e.y - m.y); dmin = Math.min(dmin, d); if (d <= 15 && angleDifference(e.angle, m.angle) > Math.PI / 6) angleOff = true; }
      cat = angleOff ? 'angle' : dmin <= 25 ? 'near' : 'other';
    }
    for (const t of ts) t.miss[cat]++;
    if (dump) records.push({ ...describe('miss', cat, m, stem, truth, tm, ex, singulars, edgeDist(m.x, m.y)), candidate: candidates.some((e) => Math.hypot(e.x - m.x, e.y - m.y) <= 15 && angleDifference(e.angle, m.angle) <= Math.PI / 6) });
  });
}

// one error's neighbourhood, for a dump: nearest singular point, truth and extracted minutiae
function describe(kind, cat, p, stem, truth, tm, ex, singulars, edge) {
  const near = (list) => list.filter((o) => o !== p).map((o) => ({ d: Math.round(Math.hypot(o.x - p.x, o.y - p.y) * 10) / 10, da: Math.round((angleDifference(o.angle, p.angle) * 180) / Math.PI), type: o.type })).sort((a, b) => a.d - b.d).slice(0, 3);
  const sd = singulars.map(([sx, sy], i) => ({ d: Math.round(Math.hypot(sx - p.x, sy - p.y)), core: i < truth.cores.length })).sort((a, b) => a.d - b.d)[0] ?? null;
  return { kind, cat, file: stem, style: truth.style, condition: truth.condition, x: p.x, y: p.y, angle: p.angle, type: p.type, edge, singular: sd, truth: near(tm), extracted: near(ex) };
}

const pc = (a, b) => Math.round((1000 * a) / Math.max(1, b)) / 10;
const out = {};
for (const [key, t] of [...tally.entries()].sort()) {
  out[key] = {
    images: t.images, precision: pc(t.correct, t.extracted), recall: pc(t.found, t.truth),
    falseShareOfExtracted: Object.fromEntries(falseCats.map((c) => [c, pc(t.false[c], t.extracted)])),
    falseEndingShare: pc(t.falseType.ending, t.falseType.ending + t.falseType.bifurcation),
    missShareOfTruth: Object.fromEntries(missCats.map((c) => [c, pc(t.miss[c], t.truth)])),
  };
}
if (dump) await (await import('node:fs/promises')).writeFile(dump, JSON.stringify(records));
if (args.includes('--json')) console.log(JSON.stringify(out));
else for (const [k, v] of Object.entries(out)) console.log(k.padEnd(22), JSON.stringify(v));
