import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { AfisError } from '../../src/core/index.js';
import { analyzeFingerprint, blendRidgeNet, clarityGate, extractTemplate, placeGate, measureQualityFeatures, measureRidgeClarity, prepareAnalysis, ridgeNetModelFor, runRidgeNet, upsampleTwice, useRidgeNetModel, RIDGE_NET_INT8_MODEL, RIDGE_NET_MODEL } from '../../src/extraction/index.js';
import { medianRidgeContrast } from '../../src/extraction/score-finger-quality.js';
import type { FloatImage, ForegroundMask, FrequencyField, OrientationField } from '../../src/extraction/types.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';
import { findThinRidgeBlocks } from '../../src/extraction/map-thin-ridges.js';
import { findSingularRegion } from '../../src/extraction/find-singular-region.js';
import { blockWeightsAtPixels, isBlotched, runRidgeNetAround } from '../../src/extraction/blend-ridge-net.js';
import { findFaintBlocks, localRidgeContrast } from '../../src/extraction/map-faint-blocks.js';
import { measureBlankShare } from '../../src/extraction/measure-blank-share.js';
import { measureRangeRidgeContrast } from '../../src/extraction/measure-grey-step.js';
import { sinusoidImage } from './synthetic.js';

// a one-layer model with the network's interface (scripts/ridge-net/make-test-models.py): −grey / 4
const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));
// the Gabor output alone: these tests judge each form of the blend against it (the shipped
// parameters blend into faint prints, tested at the end); the per-print gate reads grey levels
// (ridgeNetContrastInSteps 0) unless a test sets the steps
// the enhancer alone: the field read from the network (shipped on since the twenty-second session) off,
// and the float network, so these tests see the enhancer's own effect
const P = { ...EXTRACTION_PARAMETERS, ridgeNetBlend: 0, ridgeNetMaxContrast: 0, ridgeNetContrastInSteps: 0, orientationFromRidgeNet: 0, ridgeNetInt8: 0 } as unknown as ExtractionParameters;
const withBlend = (w: number): ExtractionParameters => ({ ...P, ridgeNetBlend: w }) as unknown as ExtractionParameters;
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

afterEach(() => useRidgeNetModel());

describe('runRidgeNet', () => {
  it('pads a side that is not a multiple of 4 and cuts the map back to the image, pixel for pixel', () => {
    useRidgeNetModel(NEGATE);
    const a = prepareAnalysis(sinusoidImage(130, 98, 9, 0.3), P);
    const net = runRidgeNet(a.normalized);
    expect(net.length).toBe(130 * 98);
    for (let i = 0; i < net.length; i++) {
      const v = Math.max(-127 / 32, Math.min(127 / 32, a.normalized.data[i]!));
      expect(net[i]).toBeCloseTo(-v / 4, 5);
    }
  });

  it('the shipped model puts dark ridges negative and light valleys positive on clean parallel ridges', () => {
    const a = prepareAnalysis(sinusoidImage(130, 98, 9, 0.3), P);
    const net = runRidgeNet(a.normalized);
    let agree = 0, judged = 0;
    for (let y = 12; y < 98 - 12; y++) {
      for (let x = 12; x < 130 - 12; x++) {
        const n = a.normalized.data[y * 130 + x]!;
        if (Math.abs(n) < 0.5) continue; // near the ridge/valley boundary either sign is right
        judged++;
        if (Math.sign(net[y * 130 + x]!) === Math.sign(n)) agree++;
      }
    }
    expect(agree / judged).toBeGreaterThan(0.97);
  });
});

describe('blendRidgeNet', () => {
  it('is the enhanced image itself when the blend is 0 (no model loaded)', () => {
    useRidgeNetModel('/nonexistent/model.onnx');
    const a = analyzeFingerprint(print, P);
    expect(blendRidgeNet(a.enhanced, a.normalized, a.mask, P)).toBe(a.enhanced);
    expect(Array.from(analyzeFingerprint(print, withBlend(0)).enhanced.data)).toEqual(Array.from(a.enhanced.data));
  });

  it('blends the network map, brought to the enhanced image\'s scale, inside the foreground only', () => {
    useRidgeNetModel(NEGATE);
    const a = analyzeFingerprint(print, P);
    const fg = a.mask.pixels;
    let sum = 0, count = 0;
    for (let i = 0; i < fg.length; i++) if (fg[i]) { sum += a.enhanced.data[i]! ** 2; count++; }
    const s = Math.sqrt(sum / count);
    const full = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(1));
    const half = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(0.5));
    for (let i = 0; i < fg.length; i += 7) {
      const e = a.enhanced.data[i]!;
      const net = -Math.max(-127 / 32, Math.min(127 / 32, a.normalized.data[i]!)) / 4;
      if (!fg[i]) {
        expect(full.data[i]).toBe(e);
        continue;
      }
      expect(full.data[i]).toBeCloseTo(s * net, 4);
      expect(half.data[i]).toBeCloseTo(0.5 * e + 0.5 * s * net, 4);
    }
  });

  it('with a thin-ridge share blends only in the thin-ridged blocks of a half-eroded print', () => {
    useRidgeNetModel(NEGATE);
    const dry = perturbImage(print, 'dry', 5).image;
    const a = analyzeFingerprint(dry, P);
    const share = 0.2;
    const thin = findThinRidgeBlocks(a.normalized, a.mask, P.gapThinDarkLevel, share);
    expect(thin).not.toBeNull();
    const params = { ...withBlend(1), ridgeNetThinDarkShare: share } as unknown as ExtractionParameters;
    const out = blendRidgeNet(a.enhanced, a.normalized, a.mask, params);
    const full = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(1));
    const { blockSize: bs, cols } = a.mask.grid;
    let inThin = 0, outside = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const i = y * a.width + x;
        if (!a.mask.pixels[i]) continue;
        if (thin![((y / bs) | 0) * cols + ((x / bs) | 0)]) {
          expect(out.data[i]).toBe(full.data[i]);
          inThin++;
        } else {
          expect(out.data[i]).toBe(a.enhanced.data[i]);
          outside++;
        }
      }
    }
    expect(inThin).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
  });

  it('with the shipped model extraction runs end to end and changes the enhanced image on a dry print', () => {
    const dry = perturbImage(print, 'dry', 5).image;
    const off = analyzeFingerprint(dry, P);
    const on = analyzeFingerprint(dry, withBlend(1));
    let changed = 0;
    for (let i = 0; i < on.enhanced.data.length; i++) if (Math.sign(on.enhanced.data[i]!) !== Math.sign(off.enhanced.data[i]!) && off.mask.pixels[i]) changed++;
    expect(changed).toBeGreaterThan(0);
    expect(extractTemplate(dry, { parameters: withBlend(1) }).minutiae.length).toBeGreaterThan(10);
  });

  it('throws AFIS_MODEL_UNAVAILABLE when the model cannot be loaded and the blend is on', () => {
    useRidgeNetModel('/nonexistent/model.onnx');
    expect(() => analyzeFingerprint(print, withBlend(0.5))).toThrow(AfisError);
    try {
      analyzeFingerprint(print, withBlend(0.5));
    } catch (err) {
      expect((err as AfisError).code).toBe('AFIS_MODEL_UNAVAILABLE');
    }
  });
});

// the clarity gate's inputs by hand: a 96 × 80 print on 8-px blocks, one ridge direction and period
const GW = 96, GH = 80, BS = 8, COLS = GW / BS, ROWS = GH / BS, ANGLE = 0.4, PERIOD = 9;
const grid = { blockSize: BS, cols: COLS, rows: ROWS };
const blocksOf = (v: number) => new Float32Array(COLS * ROWS).fill(v);
const field: OrientationField = { grid, cos2: blocksOf(Math.cos(2 * ANGLE)), sin2: blocksOf(Math.sin(2 * ANGLE)), angle: blocksOf(ANGLE), coherence: blocksOf(1) };
const period: FrequencyField = { grid, period: blocksOf(PERIOD), measured: new Uint8Array(COLS * ROWS).fill(1), sampled: new Uint8Array(COLS * ROWS).fill(1), share: blocksOf(1) };
const fullMask: ForegroundMask = { grid, blocks: new Uint8Array(COLS * ROWS).fill(1), pixels: new Uint8Array(GW * GH).fill(1), contrast: blocksOf(1), ridgeShare: blocksOf(1) };
// ridges across u (continuous), or the same ridges broken into dashes along v (the network's DB3 failure)
const ridges = (dashed: boolean, noise = 0): FloatImage => {
  const rng = createRng(9);
  const data = new Float32Array(GW * GH);
  for (let y = 0; y < GH; y++) {
    for (let x = 0; x < GW; x++) {
      const u = -x * Math.sin(ANGLE) + y * Math.cos(ANGLE);
      const v = x * Math.cos(ANGLE) + y * Math.sin(ANGLE);
      data[y * GW + x] = Math.cos((2 * Math.PI * u) / PERIOD) * (dashed ? Math.cos((2 * Math.PI * v) / 6) : 1) + noise * (rng.next() * 2 - 1);
    }
  }
  return { width: GW, height: GH, data };
};
const withGate = (w: number, margin: number) => ({ ...P, ridgeNetBlend: w, ridgeNetClarityRadius: 12, ridgeNetClarityMargin: margin }) as unknown as ExtractionParameters;

describe('measureRidgeClarity', () => {
  it('reads continuous ridges at the block direction and period near 1, dashed ridges and noise low', () => {
    const clean = measureRidgeClarity(ridges(false), field, period, fullMask, 12);
    const dashed = measureRidgeClarity(ridges(true), field, period, fullMask, 12);
    const noisy = measureRidgeClarity(ridges(false, 4), field, period, fullMask, 12);
    for (let b = 0; b < COLS * ROWS; b++) {
      expect(clean[b]).toBeGreaterThan(0.98);
      expect(dashed[b]).toBeLessThan(0.2);
      expect(noisy[b]).toBeLessThan(0.3);
    }
  });

  it('reads low when the expected direction is wrong, and 0 outside the print', () => {
    const turned: OrientationField = { ...field, angle: blocksOf(ANGLE + Math.PI / 2) };
    const mask: ForegroundMask = { ...fullMask, blocks: fullMask.blocks.map((_, b) => (b % COLS < COLS / 2 ? 1 : 0)) };
    const c = measureRidgeClarity(ridges(false), turned, period, mask, 12);
    for (let b = 0; b < COLS * ROWS; b++) {
      if (b % COLS < COLS / 2) expect(c[b]).toBeLessThan(0.2);
      else expect(c[b]).toBe(0);
    }
  });
});

describe('the clarity gate', () => {
  it('picks the blocks where the network is the cleaner image, by more than the margin', () => {
    const cleanNet = clarityGate(ridges(true), ridges(false), fullMask, field, period, withGate(1, 0.1));
    const dashedNet = clarityGate(ridges(false), ridges(true), fullMask, field, period, withGate(1, 0.1));
    const equal = clarityGate(ridges(false), ridges(false), fullMask, field, period, withGate(1, 0));
    expect(Array.from(cleanNet).every((g) => g === 1)).toBe(true);
    expect(Array.from(dashedNet).every((g) => g === 0)).toBe(true);
    // equal clarity is not above a margin of 0
    expect(Array.from(equal).every((g) => g === 0)).toBe(true);
  });

  it('keeps the Gabor output where the network draws broken ridges and blends where it is cleaner', () => {
    // the negating model's map is −grey / 4: from dashed grey a dashed map, from clean grey a clean one
    useRidgeNetModel(NEGATE);
    const fields = { orientation: field, frequency: period };
    const dashedGrey = ridges(true);
    const gabor = ridges(false);
    const kept = blendRidgeNet(gabor, dashedGrey, fullMask, withGate(0.5, 0), fields);
    expect(Array.from(kept.data)).toEqual(Array.from(gabor.data));
    // a dashed Gabor image and clean grey: the network (−clean / 4, negated ridges) is cleaner everywhere
    const blended = blendRidgeNet(dashedGrey, gabor, fullMask, withGate(0.5, 0), fields);
    const ungated = blendRidgeNet(dashedGrey, gabor, fullMask, withBlend(0.5));
    for (let i = 0; i < GW * GH; i++) expect(blended.data[i]).toBeCloseTo(ungated.data[i]!, 5);
  });

  it('is bit-identical to the ungated blend with radius 0, and extraction runs with the gate on', () => {
    const dry = perturbImage(print, 'dry', 5).image;
    const a = analyzeFingerprint(dry, withBlend(0.5));
    const b = analyzeFingerprint(dry, { ...withBlend(0.5), ridgeNetClarityMargin: 0.3 } as unknown as ExtractionParameters);
    expect(Array.from(b.enhanced.data)).toEqual(Array.from(a.enhanced.data));
    const gated = analyzeFingerprint(dry, withGate(0.5, 0));
    const off = analyzeFingerprint(dry, P);
    let fromNet = 0, kept = 0;
    for (let i = 0; i < gated.enhanced.data.length; i++) {
      if (!off.mask.pixels[i]) continue;
      if (gated.enhanced.data[i] === off.enhanced.data[i]) kept++;
      else fromNet++;
    }
    expect(fromNet).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
    expect(() => blendRidgeNet(off.enhanced, off.normalized, off.mask, withGate(0.5, 0))).toThrow();
  });
});

describe('the place gate (singular points, field coherence)', () => {
  const withPlace = (w: number, radius: number, coherence: number): ExtractionParameters =>
    ({ ...P, ridgeNetBlend: w, ridgeNetSingularRadius: radius, ridgeNetMinCoherence: coherence }) as unknown as ExtractionParameters;
  const a = analyzeFingerprint(print, P);
  const fields = { orientation: a.orientation, frequency: a.frequency };
  const { blockSize: bs, cols } = a.mask.grid;

  it('clears the blocks near cores and deltas, and those of low coherence, and nothing with both at 0', () => {
    const all = () => Uint8Array.from(a.mask.blocks, (v) => (v ? 1 : 0));
    expect(Array.from(placeGate(all(), a.mask, a.orientation, withPlace(0.5, 0, 0)))).toEqual(Array.from(all()));
    const region = findSingularRegion(a.orientation, a.mask.blocks, 40);
    expect(region.cores.length + region.deltas.length).toBeGreaterThan(0);
    const near = placeGate(all(), a.mask, a.orientation, withPlace(0.5, 40, 0));
    let cleared = 0;
    for (let b = 0; b < near.length; b++) {
      if (!a.mask.blocks[b]) continue;
      expect(near[b]).toBe(region.blocks[b] ? 0 : 1);
      if (region.blocks[b]) cleared++;
    }
    expect(cleared).toBeGreaterThan(0);
    const coh = placeGate(all(), a.mask, a.orientation, withPlace(0.5, 0, 0.6));
    for (let b = 0; b < coh.length; b++) if (a.mask.blocks[b]) expect(coh[b]).toBe(a.orientation.coherence[b]! < 0.6 ? 0 : 1);
  });

  it('keeps the Gabor output at the singular blocks and blends as ungated far from them', () => {
    useRidgeNetModel(NEGATE);
    const ungated = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(0.5));
    const gated = blendRidgeNet(a.enhanced, a.normalized, a.mask, withPlace(0.5, 40, 0), fields);
    const region = findSingularRegion(a.orientation, a.mask.blocks, 40).blocks;
    let kept = 0, blended = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const i = y * a.width + x;
        if (!a.mask.pixels[i]) continue;
        const r = (y / bs) | 0, q = (x / bs) | 0;
        // the 0/1 decisions are interpolated between block centres: read only where all 3 × 3 blocks agree
        let sum = 0, n = 0;
        for (let dr = -1; dr <= 1; dr++) for (let dq = -1; dq <= 1; dq++) {
          const rr = r + dr, qq = q + dq;
          if (rr < 0 || qq < 0 || rr >= a.mask.grid.rows || qq >= cols) continue;
          sum += a.mask.blocks[rr * cols + qq] && !region[rr * cols + qq] ? 1 : 0;
          n++;
        }
        if (sum === 0) { expect(gated.data[i]).toBe(a.enhanced.data[i]); kept++; }
        else if (sum === n) { expect(gated.data[i]).toBeCloseTo(ungated.data[i]!, 5); blended++; }
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(blended).toBeGreaterThan(0);
    // a coherence floor above 1 keeps the Gabor output everywhere
    expect(Array.from(blendRidgeNet(a.enhanced, a.normalized, a.mask, withPlace(0.5, 0, 1.01), fields).data)).toEqual(Array.from(a.enhanced.data));
    expect(() => blendRidgeNet(a.enhanced, a.normalized, a.mask, withPlace(0.5, 40, 0))).toThrow();
  });

  it('is the ungated blend bit for bit at 0, and extraction runs with it on', () => {
    const dry = perturbImage(print, 'dry', 5).image;
    const ungated = analyzeFingerprint(dry, withBlend(0.5));
    expect(Array.from(analyzeFingerprint(dry, withPlace(0.5, 0, 0)).enhanced.data)).toEqual(Array.from(ungated.enhanced.data));
    const t = extractTemplate(dry, { parameters: withPlace(0.5, 40, 0.3) });
    expect(t.minutiae.length).toBeGreaterThan(0);
  });
});

describe('the per-print contrast gate (ridgeNetMaxContrast)', () => {
  const withGate = (w: number, max: number): ExtractionParameters =>
    ({ ...P, ridgeNetBlend: w, ridgeNetMaxContrast: max }) as unknown as ExtractionParameters;
  const a = analyzeFingerprint(print, P);
  const fields = { orientation: a.orientation, frequency: a.frequency };

  it('reads the same median ridge contrast the quality features do', () => {
    const c = medianRidgeContrast(a.mask, a.frequency);
    expect(c).toBeGreaterThan(0);
    expect(c).toBe(measureQualityFeatures(a, []).ridgeContrast);
  });

  it('blends the whole print as ungated when its contrast is below the limit, and keeps Gabor whole at or above it', () => {
    useRidgeNetModel(NEGATE);
    const c = medianRidgeContrast(a.mask, a.frequency);
    const ungated = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(0.5));
    expect(Array.from(blendRidgeNet(a.enhanced, a.normalized, a.mask, withGate(0.5, c + 0.01), fields).data)).toEqual(Array.from(ungated.data));
    expect(blendRidgeNet(a.enhanced, a.normalized, a.mask, withGate(0.5, c), fields)).toBe(a.enhanced);
    expect(() => blendRidgeNet(a.enhanced, a.normalized, a.mask, withGate(0.5, c + 1))).toThrow();
  });

  it('blends a faint copy of a print it spares, and is the ungated blend bit for bit at 0', () => {
    // the same print with its grey range cut to a tenth: the ridges' contrast falls below the limit
    const faint = { ...print, data: Uint8Array.from(print.data, (v) => 115 + Math.round(v / 10)) };
    const fa = analyzeFingerprint(faint, P);
    const limit = (medianRidgeContrast(fa.mask, fa.frequency) + medianRidgeContrast(a.mask, a.frequency)) / 2;
    expect(Array.from(analyzeFingerprint(print, withGate(0.5, limit)).enhanced.data)).toEqual(Array.from(a.enhanced.data));
    expect(Array.from(analyzeFingerprint(faint, withGate(0.5, limit)).enhanced.data)).toEqual(Array.from(analyzeFingerprint(faint, withBlend(0.5)).enhanced.data));
    expect(Array.from(analyzeFingerprint(faint, withGate(0.5, limit)).enhanced.data)).not.toEqual(Array.from(fa.enhanced.data));
    const dry = perturbImage(print, 'dry', 5).image;
    expect(Array.from(analyzeFingerprint(dry, withGate(0.5, 0)).enhanced.data)).toEqual(Array.from(analyzeFingerprint(dry, withBlend(0.5)).enhanced.data));
  });
});

describe('the contrast gate in grey steps (ridgeNetContrastInSteps, issue 12, gaingate)', () => {
  const withSteps = (on: number): ExtractionParameters =>
    ({ ...P, ridgeNetBlend: 0.5, ridgeNetMaxContrast: 10, ridgeNetContrastInSteps: on }) as unknown as ExtractionParameters;
  // a faint capture (grey range cut to a tenth), and the same after a scanner's automatic gain
  const faint = { ...print, data: Uint8Array.from(print.data, (v) => 115 + Math.round(v / 10)) };
  const stretched = perturbImage(faint, 'stretch', 1).image;

  it('ships folded into its octave (2), the plain step (1) not', () => {
    expect(EXTRACTION_PARAMETERS.ridgeNetContrastInSteps).toBe(2);
  });

  it('blends the stretched faint print, which the grey-level gate spares, as it blends the faint print itself', () => {
    useRidgeNetModel(NEGATE);
    const s = analyzeFingerprint(stretched, P);
    expect(medianRidgeContrast(s.mask, s.frequency)).toBeGreaterThanOrEqual(10);
    expect(Array.from(analyzeFingerprint(stretched, withSteps(0)).enhanced.data)).toEqual(Array.from(s.enhanced.data));
    const on = analyzeFingerprint(stretched, withSteps(1)).enhanced.data;
    expect(Array.from(on)).toEqual(Array.from(analyzeFingerprint(stretched, withBlend(0.5)).enhanced.data));
    expect(Array.from(on)).not.toEqual(Array.from(s.enhanced.data));
  });

  it('decides as the grey-level gate on prints as digitised, and needs the image', () => {
    useRidgeNetModel(NEGATE);
    for (const image of [print, faint]) {
      expect(Array.from(analyzeFingerprint(image, withSteps(1)).enhanced.data)).toEqual(Array.from(analyzeFingerprint(image, withSteps(0)).enhanced.data));
    }
    const a = analyzeFingerprint(print, P);
    expect(() => blendRidgeNet(a.enhanced, a.normalized, a.mask, withSteps(1), { orientation: a.orientation, frequency: a.frequency })).toThrow();
  });
});

describe('the contrast gate in grey steps folded into their octave (ridgeNetContrastInSteps 2, issue 12, gainsuite)', () => {
  const withSteps = (on: number): ExtractionParameters =>
    ({ ...P, ridgeNetBlend: 0.5, ridgeNetMaxContrast: 10, ridgeNetContrastInSteps: on }) as unknown as ExtractionParameters;
  const map = (f: (v: number) => number) => ({ ...print, data: Uint8Array.from(print.data, (v) => Math.max(0, Math.min(255, Math.round(f(v))))) });
  // ridges a third as deep (above the gate, as DB3's pored prints), then written by a 5-bit scanner
  const shallow = perturbImage(map((v) => 255 - (255 - v) / 3), 'quantise-coarse', 1).image;
  // a faint print (a sixth as deep) through a 6-bit scanner with a digital gain of 1.6
  const faint6 = perturbImage(map((v) => 255 - (255 - v) / 6), 'quantise', 1).image;
  const gained = { ...faint6, data: Uint8Array.from(faint6.data, (v) => Math.max(0, Math.min(255, Math.round((v - 100) * 1.6)))) };

  it('spares a quantised print of deep ridges, which the plain step gate blends', () => {
    useRidgeNetModel(NEGATE);
    const gabor = Array.from(analyzeFingerprint(shallow, withSteps(0)).enhanced.data);
    expect(Array.from(analyzeFingerprint(shallow, withSteps(2)).enhanced.data)).toEqual(gabor);
    expect(Array.from(analyzeFingerprint(shallow, withSteps(1)).enhanced.data)).not.toEqual(gabor);
  });

  it('blends the faint print after a 6-bit scanner\'s gain below 2, which the grey-level gate spares', () => {
    useRidgeNetModel(NEGATE);
    const s = analyzeFingerprint(gained, P);
    expect(medianRidgeContrast(s.mask, s.frequency)).toBeGreaterThanOrEqual(10);
    expect(Array.from(analyzeFingerprint(gained, withSteps(0)).enhanced.data)).toEqual(Array.from(s.enhanced.data));
    const on = analyzeFingerprint(gained, withSteps(2)).enhanced.data;
    expect(Array.from(on)).toEqual(Array.from(analyzeFingerprint(gained, withBlend(0.5)).enhanced.data));
    expect(Array.from(on)).not.toEqual(Array.from(s.enhanced.data));
  });

  it('decides as the grey-level gate on 8-bit prints as digitised', () => {
    useRidgeNetModel(NEGATE);
    for (const image of [print, map((v) => 255 - (255 - v) / 6)]) {
      expect(Array.from(analyzeFingerprint(image, withSteps(2)).enhanced.data)).toEqual(Array.from(analyzeFingerprint(image, withSteps(0)).enhanced.data));
    }
  });
});

describe('the contrast gate relative to the grey range (ridgeNetMaxRangeContrast, issue 12, gaingate)', () => {
  const withRange = (max: number): ExtractionParameters =>
    ({ ...P, ridgeNetBlend: 0.5, ridgeNetMaxContrast: 10, ridgeNetMaxRangeContrast: max }) as unknown as ExtractionParameters;

  it('is off by default and shipped off', () => {
    expect(EXTRACTION_PARAMETERS.ridgeNetMaxRangeContrast).toBe(0);
  });

  it('blends a print whose range-relative contrast is below the limit as ungated, and keeps Gabor whole at or above it, whatever its grey-level contrast', () => {
    useRidgeNetModel(NEGATE);
    const a = analyzeFingerprint(print, P);
    const r = measureRangeRidgeContrast(print, a.mask, a.frequency);
    expect(medianRidgeContrast(a.mask, a.frequency)).toBeGreaterThanOrEqual(10);
    expect(Array.from(analyzeFingerprint(print, withRange(r + 0.01)).enhanced.data)).toEqual(Array.from(analyzeFingerprint(print, withBlend(0.5)).enhanced.data));
    expect(Array.from(analyzeFingerprint(print, withRange(r)).enhanced.data)).toEqual(Array.from(a.enhanced.data));
    // a faint capture (grey range cut to a tenth): the grey-level gate opens, this one reads its range
    const faint = { ...print, data: Uint8Array.from(print.data, (v) => 115 + Math.round(v / 10)) };
    const f = analyzeFingerprint(faint, P);
    expect(Array.from(analyzeFingerprint(faint, withRange(r / 2)).enhanced.data)).toEqual(Array.from(f.enhanced.data));
    expect(() => blendRidgeNet(a.enhanced, a.normalized, a.mask, withRange(r), { orientation: a.orientation, frequency: a.frequency })).toThrow();
  });
});

describe('the shipped parameters (issue 12, seventeenth session)', () => {
  it('blend the network at 0.5 into a faint print only, and leave a print of deep ridges as Gabor made it', () => {
    expect(EXTRACTION_PARAMETERS.ridgeNetBlend).toBe(0.5);
    expect(EXTRACTION_PARAMETERS.ridgeNetMaxContrast).toBe(10);
    // everything shipped but the enhancer's blend (the field from the network stays on)
    const gaborOnly = { ...EXTRACTION_PARAMETERS, ridgeNetBlend: 0 } as unknown as ExtractionParameters;
    const deep = analyzeFingerprint(print, EXTRACTION_PARAMETERS);
    expect(medianRidgeContrast(deep.mask, deep.frequency)).toBeGreaterThanOrEqual(10);
    expect(Array.from(deep.enhanced.data)).toEqual(Array.from(analyzeFingerprint(print, gaborOnly).enhanced.data));
    // the grey range cut to a tenth: ridges of a few grey levels, as a faint capture's
    const faint = { ...print, data: Uint8Array.from(print.data, (v) => 115 + Math.round(v / 10)) };
    const shipped = analyzeFingerprint(faint, EXTRACTION_PARAMETERS);
    expect(medianRidgeContrast(shipped.mask, shipped.frequency)).toBeLessThan(10);
    expect(Array.from(shipped.enhanced.data)).not.toEqual(Array.from(analyzeFingerprint(faint, gaborOnly).enhanced.data));
  });
});

describe('the int8 half-resolution form (ridgeNetInt8, issue 12, netquant)', () => {
  const on = { ridgeNetInt8: 1 };
  const off = { ridgeNetInt8: 0 };

  it('is on by default (twenty-second session), and maps the float network file, and no other, to the int8 one when on', () => {
    expect(EXTRACTION_PARAMETERS.ridgeNetInt8).toBe(1);
    expect(existsSync(RIDGE_NET_INT8_MODEL)).toBe(true);
    expect(RIDGE_NET_INT8_MODEL).not.toBe(RIDGE_NET_MODEL);
    expect(ridgeNetModelFor(RIDGE_NET_MODEL, off)).toBe(RIDGE_NET_MODEL);
    expect(ridgeNetModelFor(RIDGE_NET_MODEL, on)).toBe(RIDGE_NET_INT8_MODEL);
    // a relative spelling of the same file (the benches' RIDGE_NET_FIELD_MODEL=models/ridge-net.onnx)
    expect(ridgeNetModelFor(relative(process.cwd(), RIDGE_NET_MODEL), on)).toBe(RIDGE_NET_INT8_MODEL);
    expect(ridgeNetModelFor(NEGATE, on)).toBe(NEGATE);
  });

  it('draws the float network\'s map: the same signs where that is decided, within a few hundredths, not bit for bit', () => {
    for (const image of [print, sinusoidImage(130, 98, 9, 0.3)]) {
      const a = prepareAnalysis(image, P);
      const float = runRidgeNet(a.normalized, RIDGE_NET_MODEL);
      const int8 = runRidgeNet(a.normalized, RIDGE_NET_INT8_MODEL);
      expect(int8.length).toBe(image.width * image.height);
      let decided = 0, agree = 0, sum = 0, max = 0;
      for (let i = 0; i < float.length; i++) {
        const d = Math.abs(int8[i]! - float[i]!);
        sum += d;
        if (d > max) max = d;
        if (Math.abs(float[i]!) < 0.2) continue;
        decided++;
        if (Math.sign(int8[i]!) === Math.sign(float[i]!)) agree++;
      }
      expect(decided).toBeGreaterThan(float.length / 3);
      expect(agree / decided).toBeGreaterThan(0.995);
      expect(sum / float.length).toBeLessThan(0.03);
      expect(max).toBeLessThan(0.35);
      expect(max).toBeGreaterThan(0);
    }
  });

  it('blends the int8 map into a faint print, nearly as the float one, and leaves a deep print untouched', () => {
    // the enhancer alone (the field read from the network off), so the two forms differ only there
    const base = { ...EXTRACTION_PARAMETERS, orientationFromRidgeNet: 0 } as unknown as ExtractionParameters;
    const faint = { ...print, data: Uint8Array.from(print.data, (v) => 115 + Math.round(v / 10)) };
    const float = analyzeFingerprint(faint, { ...base, ...off } as ExtractionParameters).enhanced.data;
    const int8 = analyzeFingerprint(faint, { ...base, ...on } as ExtractionParameters).enhanced.data;
    expect(Array.from(int8)).not.toEqual(Array.from(float));
    const gabor = analyzeFingerprint(faint, { ...base, ridgeNetBlend: 0 } as unknown as ExtractionParameters).enhanced.data;
    // the int8 blend is far nearer the float blend than the float blend is to the Gabor output
    let dInt8 = 0, dGabor = 0;
    for (let i = 0; i < float.length; i++) {
      dInt8 += (int8[i]! - float[i]!) ** 2;
      dGabor += (gabor[i]! - float[i]!) ** 2;
    }
    expect(dInt8).toBeLessThan(0.02 * dGabor);
    const deep = analyzeFingerprint(print, { ...base, ...on } as ExtractionParameters).enhanced.data;
    expect(Array.from(deep)).toEqual(Array.from(analyzeFingerprint(print, { ...base, ...off } as ExtractionParameters).enhanced.data));
  });
});

describe('the per-print blotch gate (ridgeNetMinBlankShare, issue 12, drygate)', () => {
  const withGates = (max: number, minBlank: number): ExtractionParameters =>
    ({ ...P, ridgeNetBlend: 0.5, ridgeNetMaxContrast: max, ridgeNetMinBlankShare: minBlank }) as unknown as ExtractionParameters;
  // the print with white discs where the skin did not touch, as a dry capture's
  const data = Uint8Array.from(print.data);
  for (const [cx, cy] of [[120, 150], [180, 200], [140, 260]] as const) {
    for (let y = cy - 7; y <= cy + 7; y++) for (let x = cx - 7; x <= cx + 7; x++) if (Math.hypot(x - cx, y - cy) <= 7) data[y * print.width + x] = 255;
  }
  const blotched = { ...print, data };
  const a = analyzeFingerprint(blotched, P);
  const fields = { orientation: a.orientation, frequency: a.frequency };
  const spared = medianRidgeContrast(a.mask, a.frequency) / 2; // a contrast limit the print is above
  const s = measureBlankShare(a.normalized, a.mask, EXTRACTION_PARAMETERS.ridgeNetBlankRadius, EXTRACTION_PARAMETERS.ridgeNetBlankLevel);

  it('is off by default and shipped off', () => {
    expect(EXTRACTION_PARAMETERS.ridgeNetMinBlankShare).toBe(0);
    expect(s).toBeGreaterThan(0);
    expect(isBlotched(a.normalized, a.mask, withGates(spared, 0))).toBe(false);
    expect(blendRidgeNet(a.enhanced, a.normalized, a.mask, withGates(spared, 0), fields)).toBe(a.enhanced);
  });

  it('blends a print the contrast gate spares when its blotch share reaches the limit, as ungated, and not below it', () => {
    useRidgeNetModel(NEGATE);
    const ungated = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(0.5));
    expect(isBlotched(a.normalized, a.mask, withGates(spared, s))).toBe(true);
    expect(Array.from(blendRidgeNet(a.enhanced, a.normalized, a.mask, withGates(spared, s), fields).data)).toEqual(Array.from(ungated.data));
    expect(blendRidgeNet(a.enhanced, a.normalized, a.mask, withGates(spared, s * 1.01), fields)).toBe(a.enhanced);
  });

  it('leaves the unblotched print as Gabor made it at any positive limit', () => {
    const clean = analyzeFingerprint(print, P);
    expect(measureBlankShare(clean.normalized, clean.mask, 4, 0.5)).toBe(0);
    expect(blendRidgeNet(clean.enhanced, clean.normalized, clean.mask, withGates(spared, 1e-9), { orientation: clean.orientation, frequency: clean.frequency })).toBe(clean.enhanced);
  });
});

describe('the block-level contrast gate (ridgeNetMaxBlockContrast, issue 12, faintregion)', () => {
  const withBlock = (maxBlock: number, radius = 4): ExtractionParameters =>
    ({ ...P, ridgeNetBlend: 0.5, ridgeNetMaxContrast: 10, ridgeNetMaxBlockContrast: maxBlock, ridgeNetBlockContrastRadius: radius }) as unknown as ExtractionParameters;
  // the print with its right half faded towards white to about a third of its contrast (as the
  // suite's low-contrast kind; at a fifth the half leaves the foreground): the median stays deep
  const half = { ...print, data: Uint8Array.from(print.data, (v, i) => (i % print.width >= print.width / 2 ? Math.round(v + 0.65 * (255 - v)) : v)) };
  const a = analyzeFingerprint(half, P);
  const fields = { orientation: a.orientation, frequency: a.frequency };
  const clean = analyzeFingerprint(print, P);
  const cleanFields = { orientation: clean.orientation, frequency: clean.frequency };
  const { cols, blockSize: bs } = a.mask.grid;
  const right = (b: number): boolean => (b % cols) * bs >= print.width / 2;
  // the limit: the unfaded print's lowest local contrast, which no block of it is below
  const limit = Math.min(...[...localRidgeContrast(clean.mask, clean.frequency, 4)].filter((v) => !Number.isNaN(v)));

  it('is off by default; the faded print is one the per-print gate spares', () => {
    expect(EXTRACTION_PARAMETERS.ridgeNetMaxBlockContrast).toBe(0);
    expect(medianRidgeContrast(a.mask, a.frequency)).toBeGreaterThanOrEqual(10);
    expect(limit).toBeGreaterThan(0);
  });

  it('averages the per-print measure over the blocks within the radius', () => {
    const one = localRidgeContrast(a.mask, a.frequency, 0);
    const b = a.mask.blocks.findIndex((v, k) => v === 1 && a.frequency.sampled[k] === 1);
    expect(one[b]).toBeCloseTo(a.mask.contrast[b]! * Math.sqrt(Math.max(0, a.frequency.share[b]!)), 10);
    expect(Number.isNaN(one[a.mask.blocks.findIndex((v) => !v)]!)).toBe(true);
  });

  it('opens faint blocks of the faded half only, and none of the unfaded print', () => {
    const open = findFaintBlocks(a.mask, a.frequency, limit, 4)!;
    expect(open).not.toBeNull();
    let count = 0;
    for (let b = 0; b < open.length; b++) {
      if (!open[b]) continue;
      count++;
      expect(right(b)).toBe(true);
      expect(a.mask.blocks[b]).toBe(1);
    }
    expect(count).toBeGreaterThan(20);
    expect(findFaintBlocks(clean.mask, clean.frequency, limit, 4)).toBeNull();
  });

  it('blends the network in the faint blocks only, as ungated where they are whole, and leaves the unfaded print bit for bit as Gabor made it', () => {
    useRidgeNetModel(NEGATE);
    const out = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlock(limit), fields);
    const ungated = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(0.5));
    const weight = blockWeightsAtPixels(findFaintBlocks(a.mask, a.frequency, limit, 4)!, a.mask.grid, a.width, a.height);
    let left = 0;
    let whole = 0;
    let wholeSame = 0;
    for (let i = 0; i < out.data.length; i++) {
      if (!a.mask.pixels[i]) continue;
      if (i % a.width < print.width / 2 - bs) left += out.data[i] !== a.enhanced.data[i] ? 1 : 0;
      if (weight[i] === 1) {
        whole++;
        wholeSame += Math.abs(out.data[i]! - ungated.data[i]!) < 1e-5 ? 1 : 0;
      }
    }
    expect(left).toBe(0);
    expect(whole).toBeGreaterThan(500);
    expect(wholeSame).toBe(whole);
    expect(blendRidgeNet(clean.enhanced, clean.normalized, clean.mask, withBlock(limit), cleanFields)).toBe(clean.enhanced);
    expect(Array.from(analyzeFingerprint(print, withBlock(limit)).enhanced.data)).toEqual(Array.from(clean.enhanced.data));
    expect(blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlock(0), fields)).toBe(a.enhanced);
  });

  it('runs the network on the open blocks\' surroundings with the whole run\'s map there', () => {
    const open = findFaintBlocks(a.mask, a.frequency, limit, 4)!;
    const whole = runRidgeNet(a.normalized);
    const part = runRidgeNetAround(a.normalized, open, a.mask.grid);
    const weight = blockWeightsAtPixels(open, a.mask.grid, a.width, a.height);
    let worst = 0;
    let inside = 0;
    for (let i = 0; i < whole.length; i++) {
      if (!(weight[i]! > 0)) continue;
      inside++;
      worst = Math.max(worst, Math.abs(part[i]! - whole[i]!));
    }
    expect(inside).toBeGreaterThan(500);
    expect(worst).toBeLessThan(1e-4);
    // the left edge of the print lies outside the box: the network was not run there
    expect(part[(a.height >> 1) * a.width + 2]).toBe(0);
    expect(whole[(a.height >> 1) * a.width + 2]).not.toBe(0);
  });
});

describe('upsampleTwice', () => {
  it('doubles a map as PyTorch bilinear Upsample(scale 2, align_corners=False) does', () => {
    // expected values printed by torch.nn.Upsample on this 3 × 2 map (train.py --half's last step)
    const out = upsampleTwice(Float32Array.from([1, 2, 4, 0, -1, 3]), 3, 2);
    const torch = [1, 1.25, 1.75, 2.5, 3.5, 4, 0.75, 0.875, 1.125, 1.875, 3.125, 3.75, 0.25, 0.125, -0.125, 0.625, 2.375, 3.25, 0, -0.25, -0.75, 0, 2, 3];
    expect(out.length).toBe(24);
    for (let i = 0; i < torch.length; i++) expect(out[i]).toBeCloseTo(torch[i]!, 6);
  });

  it('refuses a map whose size does not match', () => {
    expect(() => upsampleTwice(new Float32Array(5), 3, 2)).toThrow();
  });
});
