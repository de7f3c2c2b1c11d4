#!/usr/bin/env node
// Training images for the learned ridge enhancer (models/ridge-net.md), made with the built
// extraction (dist/) and the synthetic generator's exact geometry. Each impression of a
// synthetic population (synthesizeSubject, the generator `afis synth` runs, with the settings
// the caller pins) is stored as
//   input  = the contrast-normalised grey extraction computes (analyzeFingerprint's
//            `normalized`), once as generated (the generator draws normal, dry, wet and
//            low-contrast skin) and once after each perturbation skin asked for (the suite's dry
//            skin, residue, low contrast, optionally wet; seeds SKIN_SEED + the image's place, never the
//            evaluation's, which are 1 and 2);
//   target = the impression's undamaged ridge pattern at the same pixels: the master print's
//            ridge field (positive on a ridge) read through the impression's own mapping
//            (mapImageToMaster: rotation, translation, Cappelli–Maio–Maltoni distortion), before
//            skin condition, pressure and sensor; written as −clip(value / 0.5) so that ridges
//            are −1 and valleys +1, the enhanced image's sign (ridges < 0);
//   weight = the impression's contact mask (1 inside, 0 = "don't care" outside).
// The Gabor-enhanced image extraction makes of the same input is stored too (the baseline the
// network is judged against). Writes OUT.bin (per image: int8 normalised grey × 32 clipped to
// ±127, int8 target × 127, uint8 weight, int8 enhanced × 32 clipped to ±127, each row-major) and OUT.json (per image: width, height, byte offset, style,
// condition, variant).
//   node scripts/ridge-net/make-data.mjs OUT SEED SUBJECTS IMPRESSIONS MASTER_JSON CONTACT_W,CONTACT_H [--skins dry,residue,low-contrast[,wet]] [--png DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, useRidgeNetModel } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mapImageToMaster, masterParameters, synthesizeSubject, syntheticMasterPrint } from '../../dist/synthetic/index.js';

// the baseline column (the enhanced image) is the extraction's with the synthetic-only ridge network it read before the network
// trained on real prints too was shipped (models/ridge-net.md), so the data stay what they were
useRidgeNetModel(fileURLToPath(new URL('../../models/ridge-net-synthetic-int8.onnx', import.meta.url)));

const argv = process.argv.slice(2);
const flag = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const skins = (flag('--skins') ?? 'dry').split(',').filter(Boolean);
const pngDir = flag('--png');
const [out, seedText, subjectsText, impressionsText, masterJson, contactText] = argv;
// wet (the suite's ninth kind) is a training option, not in the shipped recipe (bench/RESULTS.md, wetnet)
const SKIN_SEED = { dry: 4_000_003, residue: 5_000_003, 'low-contrast': 6_000_003, wet: 7_000_003 };
const seed = Number(seedText), subjects = Number(subjectsText), impressions = Number(impressionsText);
if (!out || !(seed > 0) || !(subjects > 0) || !(impressions > 0) || !masterJson || !contactText || skins.some((s) => !(s in SKIN_SEED))) {
  console.error('usage: node scripts/ridge-net/make-data.mjs OUT SEED SUBJECTS IMPRESSIONS MASTER_JSON W,H [--skins dry,residue,low-contrast[,wet]] [--png DIR]');
  process.exit(2);
}
if (seed >= 201) throw new RangeError('seeds 201 and up are the evaluation\'s');
const master = JSON.parse(masterJson);
const plainContact = contactText.split(',').map(Number);
const masterParams = masterParameters(master);
const SCALE = 32;

/** The undamaged ridge pattern of one impression in its own pixels (ridges −1, valleys +1). */
function ridgeTarget(print, image) {
  const { width, height } = image.image;
  const { ridges, width: mw, height: mh } = print;
  const t = new Float32Array(width * height);
  const m = new Float64Array(2);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const i = v * width + u;
      if (!image.mask[i]) continue;
      mapImageToMaster(image.geometry, u, v, m);
      const x0 = Math.floor(m[0]), y0 = Math.floor(m[1]);
      if (x0 < 0 || y0 < 0 || x0 >= mw - 1 || y0 >= mh - 1) continue;
      const fx = m[0] - x0, fy = m[1] - y0, a = y0 * mw + x0;
      const val = (1 - fy) * ((1 - fx) * ridges[a] + fx * ridges[a + 1]) + fy * ((1 - fx) * ridges[a + mw] + fx * ridges[a + mw + 1]);
      t[i] = -Math.max(-1, Math.min(1, val / 0.5));
    }
  }
  return t;
}

/** A grey PNG (8-bit, no filter) for the visual alignment check. */
function png(width, height, pixel) {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    let c = 0xffffffff;
    for (const b of body) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE((c ^ 0xffffffff) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const head = Buffer.alloc(13);
  head.writeUInt32BE(width, 0); head.writeUInt32BE(height, 4); head[8] = 8; head[9] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', head), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const chunks = [];
const images = [];
let offset = 0, place = 0, failed = 0;
for (let subject = 1; subject <= subjects; subject++) {
  const s = synthesizeSubject(seed, subject, { impressions, style: 'mixed', tenPrint: false, master, plainContact });
  const print = syntheticMasterPrint(seed, subject, s.seriesPosition, masterParams);
  for (let k = 0; k < s.impressions.length; k++) {
    const rendered = s.impressions[k].image;
    const target = ridgeTarget(print, rendered);
    const clean = rendered.image;
    const variants = [['clean', clean], ...skins.map((skin) => [skin, perturbImage(clean, skin, SKIN_SEED[skin] + place).image])];
    place++;
    for (const [variant, image] of variants) {
      let analysis;
      try {
        analysis = analyzeFingerprint(image, TRAINED_EXTRACTION, NO_DEBUG);
      } catch {
        failed++;
        continue;
      }
      const { width, height, data } = analysis.normalized;
      const n = width * height;
      const rec = new Int8Array(4 * n);
      const enhanced = analysis.enhanced.data;
      for (let i = 0; i < n; i++) {
        rec[i] = Math.max(-127, Math.min(127, Math.round(data[i] * SCALE)));
        rec[n + i] = Math.round(target[i] * 127);
        rec[2 * n + i] = rendered.mask[i] ? 1 : 0;
        rec[3 * n + i] = Math.max(-127, Math.min(127, Math.round(enhanced[i] * SCALE)));
      }
      chunks.push(rec);
      images.push({ subject, impression: k + 1, variant, style: rendered.style, condition: rendered.condition.kind, width, height, offset });
      offset += rec.length;
      if (pngDir && subject === 1 && k === 0) {
        // side by side: normalised grey | undamaged target | their overlay (target ridges tinted)
        mkdirSync(pngDir, { recursive: true });
        const grey = (i) => Math.max(0, Math.min(255, Math.round(128 + 40 * data[i])));
        writeFileSync(`${pngDir}/${variant}.png`, png(3 * width, height, (x, y) => {
          const p = x % width, i = y * width + p, part = (x / width) | 0;
          if (part === 0) return grey(i);
          if (part === 1) return rendered.mask[i] ? Math.round(128 + 127 * target[i]) : 60;
          return target[i] < -0.3 && rendered.mask[i] ? Math.round(grey(i) * 0.4) : grey(i);
        }));
      }
    }
  }
}
writeFileSync(`${out}.bin`, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
writeFileSync(`${out}.json`, JSON.stringify({ scale: SCALE, seed, master, plainContact, skins, images }));
console.log(`${out}: ${images.length} images (${place} impressions of seed ${seed}, clean and ${skins.join(', ')}), ${failed} failed to analyse`);
