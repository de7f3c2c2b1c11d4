// Which ingredient of the thermal sensor style costs our extraction? Regenerates a thermal series
// exactly as `afis synth --style thermal` does (same masters, same contact, same rng stream) and
// re-applies the sensor with one ingredient changed, writing each variant as a folder that
// `afis eval extraction` and `afis eval fvc` read (F_I.png + truth/F_I.json):
//   shipped   — the thermal model as shipped (checked byte for byte against applySensorModel);
//   noslice   — without the sweep slices' ±1 px lateral shifts;
//   lownoise  — the optical style's pixel and skin noise (7 + 14) instead of thermal's (10 + 20);
//   levels    — the optical style's background and ridge levels (contrast ≈ 2×) with thermal's noise;
//   clean     — no noise at all (slices and levels as shipped): the contact image as the sensor sees it;
//   frames    — the published FingerChip reconstruction's structure instead of 12-row slices: 8-row
//               frames advancing 2 rows, each placed with its own lateral error (uniform in ±1 px,
//               the shipped slices' range, sub-pixel by linear interpolation), every output row
//               the mean of the 4 frames over it; the sensor's noise (10) drawn per read and so
//               averaged, the skin's (20) the same in every read;
//   framesnoavg — the same frames, but the shipped noise drawn once per pixel (the structure alone).
// The sensor here is a copy of apply-sensor-model.ts's thermal branch with switches; the truth is
// the shipped one (the slices move pixels by at most 1 px, well inside the 15 px pairing radius).
// `npm run build && nice -n 19 node bench/synthetic/thermal-variants.mjs OUT [--seed 211] [--subjects 20] [--impressions 8] [--variants a,b]`
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const syn = await import(`${dist}synthetic/index.js`);
const { SYNTHETIC_IMPRESSION_PARAMETERS: P } = await import(`${dist}config/parameters.js`);

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : dflt; };
const out = process.argv[2];
const seed = Number(arg('--seed', '211'));
const subjects = Number(arg('--subjects', '20'));
const impressions = Number(arg('--impressions', '8'));
const variants = arg('--variants', 'shipped,noslice,lownoise,levels,clean').split(',');
const IMPRESSION = 0x696d7000;

const normalTable = (() => { const r = syn.createRng(0x6e6f6973); const t = new Float32Array(65536); for (let i = 0; i < t.length; i++) t[i] = r.normal(); return t; })();

/** apply-sensor-model.ts's thermal branch, with switches. */
function thermalSensor(ink, width, height, contrast, rng, contact, v) {
  let bg0 = 150 + 25 * rng.next(), dark = 60 + 30 * rng.next();
  if (v.levels) { bg0 = 205 + 35 * ((bg0 - 150) / 25); dark = 25 + 50 * ((dark - 60) / 30); }
  const gx = (rng.next() - 0.5) * 20, gy = (rng.next() - 0.5) * 20;
  const sigma = v.sigma ?? P.noise.thermal, skin = v.skin ?? P.skinNoise.thermal;
  const o = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = y * width + x;
    const bg = bg0 + gx * (x / width - 0.5) + gy * (y / height - 0.5);
    const z = normalTable[rng.int(65536)];
    const val = bg - contrast * ink[i] * (bg - dark) + (skin > 0 && contact[i] ? sigma + skin : sigma) * z;
    o[i] = val < 0 ? 0 : val > 255 ? 255 : Math.round(val);
  }
  if (v.frames) return sweepFrames(ink, width, height, contrast, rng, contact, bg0, dark, gx, gy, sigma, skin, v.frames === 'avg');
  const row = new Uint8Array(width);
  for (let y0 = 0; y0 < height; y0 += 12) {
    const s = rng.int(3) - 1;
    if (s === 0 || v.noslice) continue;
    for (let y = y0; y < Math.min(height, y0 + 12); y++) {
      row.set(o.subarray(y * width, (y + 1) * width));
      for (let x = 0; x < width; x++) o[y * width + x] = row[Math.max(0, Math.min(width - 1, x - s))];
    }
  }
  return o;
}

/** 8-row frames advancing 2 rows, each shifted sideways by its own error, rows the mean of the overlapping frames. */
function sweepFrames(ink, width, height, contrast, rng, contact, bg0, dark, gx, gy, sigma, skin, average) {
  const FRAME = 8, ADVANCE = 2;
  const clean = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = y * width + x;
    const bg = bg0 + gx * (x / width - 0.5) + gy * (y / height - 0.5);
    const z = normalTable[rng.int(65536)];
    // the skin's texture is the same in every read; without averaging the whole shipped noise is drawn here
    clean[i] = bg - contrast * ink[i] * (bg - dark) + (average ? (contact[i] ? skin : 0) : (contact[i] ? sigma + skin : sigma)) * z;
  }
  const sum = new Float32Array(width * height), reads = new Uint8Array(height);
  for (let top = -FRAME + ADVANCE; top < height; top += ADVANCE) {
    const e = 2 * rng.next() - 1;
    const f = Math.floor(e), w = e - f;
    for (let y = Math.max(0, top); y < Math.min(height, top + FRAME); y++) {
      reads[y]++;
      for (let x = 0; x < width; x++) {
        const a = Math.max(0, Math.min(width - 1, x - f)), b = Math.max(0, Math.min(width - 1, x - f - 1));
        sum[y * width + x] += (1 - w) * clean[y * width + a] + w * clean[y * width + b] + (average ? sigma * normalTable[rng.int(65536)] : 0);
      }
    }
  }
  const o = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) { const val = sum[y * width + x] / reads[y]; o[y * width + x] = val < 0 ? 0 : val > 255 ? 255 : Math.round(val); }
  return o;
}

const settings = { shipped: {}, noslice: { noslice: true }, lownoise: { sigma: P.noise.optical, skin: P.skinNoise.optical }, levels: { levels: true }, clean: { sigma: 0, skin: 0 }, frames: { frames: 'avg' }, framesnoavg: { frames: 'single' } };
for (const name of variants) await mkdir(join(out, name, 'truth'), { recursive: true });
let checked = 0;
for (let s = 1; s <= subjects; s++) {
  const position = syn.seriesPositionOf(s);
  const master = syn.syntheticMasterPrint(seed, s, position);
  for (let k = 1; k <= impressions; k++) {
    const stream = () => syn.createRng(syn.mixSeed(seed, s, position, IMPRESSION + k));
    // the reference: the shipped renderer, and its truth
    const ref = syn.renderImpression(master, 'thermal', stream());
    const truth = syn.describeGroundTruth(master, ref);
    for (const name of variants) {
      const rng = stream();
      const c = syn.renderContact(master, 'thermal', rng);
      const data = thermalSensor(c.ink, c.width, c.height, c.condition.contrast, rng, c.mask, settings[name]);
      if (name === 'shipped') {
        const a = createHash('sha256').update(data).digest('hex'), b = createHash('sha256').update(ref.image.data).digest('hex');
        if (a !== b) throw new Error(`copy of the thermal sensor differs from applySensorModel at ${s}_${k}`);
        checked++;
      }
      await sharp(Buffer.from(data), { raw: { width: c.width, height: c.height, channels: 1 } }).png().toFile(join(out, name, `${s}_${k}.png`));
      await writeFile(join(out, name, 'truth', `${s}_${k}.json`), JSON.stringify(truth));
    }
  }
}
for (const name of variants) await writeFile(join(out, name, 'synth.json'), JSON.stringify({ format: 'afis-synthetic/1', seed, subjects, impressions, style: 'thermal', variant: name, checkedIdentical: checked }));
console.log(`wrote ${variants.join(', ')} to ${out}; shipped copy identical on ${checked} images`);
