import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { createGrayImage } from '../../src/core/index.js';
import { prepareAnalysis } from '../../src/extraction/analyze-fingerprint.js';
import { computeBlockGradients } from '../../src/extraction/compute-block-gradients.js';
import { computeOrientationField } from '../../src/extraction/compute-orientation-field.js';
import { estimateNoiseLevel, estimateNoiseVariance, gaussianKernel, smoothImage, SOBEL_NOISE_GAIN } from '../../src/extraction/filters.js';
import { sinusoidImage } from './synthetic.js';

// the parameters these tests were written under: the field read from the ridge network (shipped on
// since the twenty-second session) off, so the classical field is what they see, and the denoise gate
// (shipped on since the thirty-seventh session) off, so the noisy images reach each option unsmoothed
// (its own tests below turn it on)
const P = { ...EXTRACTION_PARAMETERS, orientationFromRidgeNet: 0, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0, denoiseAboveNoise: 0 } as unknown as ExtractionParameters;

const withParams = (changes: Partial<Record<keyof ExtractionParameters, number>>): ExtractionParameters => ({ ...P, ...changes }) as unknown as ExtractionParameters;

describe('smoothImage', () => {
  it('equals the direct 2-D Gaussian sum with the border replicated', () => {
    const w = 23;
    const h = 17;
    const sigma = 0.8;
    const src = new Float32Array(w * h).map((_, i) => Math.sin(i * 1.3) * 60 + (i % 11) * 7);
    const out = smoothImage(src, w, h, sigma);
    const k = gaussianKernel(sigma);
    const r = (k.length - 1) >> 1;
    const clampTo = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let j = -r; j <= r; j++) for (let i = -r; i <= r; i++) s += k[j + r] * k[i + r] * src[clampTo(y + j, h) * w + clampTo(x + i, w)];
        expect(out[y * w + x]).toBeCloseTo(s, 3);
      }
    }
  });

  it('keeps a flat image flat and halves fine noise far more than ridges', () => {
    const flat = smoothImage(new Float32Array(40 * 30).fill(97), 40, 30, 1);
    for (const v of flat) expect(v).toBeCloseTo(97, 4);
    // a checkerboard (the finest noise) against a period-9 sinusoid (a ridge pattern)
    const w = 64;
    const h = 64;
    const checker = new Float32Array(w * h).map((_, i) => (((i % w) + Math.floor(i / w)) % 2 ? 10 : -10));
    const ridges = new Float32Array(w * h).map((_, i) => 10 * Math.cos((2 * Math.PI * (i % w)) / 9));
    const rms = (a: Float32Array): number => {
      let s = 0;
      let n = 0;
      for (let y = 8; y < h - 8; y++) for (let x = 8; x < w - 8; x++, n++) s += a[y * w + x] ** 2;
      return Math.sqrt(s / n);
    };
    expect(rms(smoothImage(checker, w, h, 0.7)) / rms(checker)).toBeLessThan(0.2);
    expect(rms(smoothImage(ridges, w, h, 0.7)) / rms(ridges)).toBeGreaterThan(0.85);
  });
});

describe('preSmoothSigma', () => {
  const image = sinusoidImage(160, 128, 9, 0.6);

  it('off (0) leaves the analysis as it was; on, the normalised image is the smoothed grey normalised', () => {
    const off = prepareAnalysis(image, withParams({ preSmoothSigma: 0 }));
    const on = prepareAnalysis(image, withParams({ preSmoothSigma: 1 }));
    const smoothed = smoothImage(new Float32Array(image.data), image.width, image.height, 1);
    const direct = prepareAnalysis(createGrayImage(image.width, image.height, Uint8Array.from(smoothed, (v) => Math.round(v))), P);
    expect(Array.from(on.normalized.data)).not.toEqual(Array.from(off.normalized.data));
    // the same ridges: orientation within a degree of the unsmoothed field where both are foreground
    let compared = 0;
    for (let b = 0; b < on.orientation.angle.length; b++) {
      if (!on.mask.blocks[b] || !off.mask.blocks[b]) continue;
      let d = Math.abs(on.orientation.angle[b] - off.orientation.angle[b]) % Math.PI;
      if (d > Math.PI / 2) d = Math.PI - d;
      expect(d).toBeLessThan(Math.PI / 180);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    // smoothing inside equals smoothing the image first (up to the grey's rounding to bytes)
    let diff = 0;
    for (let i = 0; i < on.normalized.data.length; i++) diff += Math.abs(on.normalized.data[i] - direct.normalized.data[i]);
    expect(diff / on.normalized.data.length).toBeLessThan(0.02);
  });

  it('brings a half-pixel bilinear copy nearer the sharp image in the normalised image', () => {
    // a sharp and a [½ ½]² blurred copy of fine noisy ridges
    const w = 128;
    const h = 128;
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const sharp = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) sharp[y * w + x] = Math.max(0, Math.min(255, Math.round(128 + 80 * Math.cos((2 * Math.PI * (0.8 * x + 0.6 * y)) / 9) + 30 * (random() - 0.5))));
    const blurred = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const x1 = Math.min(w - 1, x + 1);
        const y1 = Math.min(h - 1, y + 1);
        blurred[y * w + x] = Math.round((sharp[y * w + x] + sharp[y * w + x1] + sharp[y1 * w + x] + sharp[y1 * w + x1]) / 4);
      }
    }
    // compare at the blur's own centre: the blurred copy is moved by half a pixel, so compare
    // each against the other after the same half-pixel move of the sharp one's result
    const gap = (sigma: number): number => {
      const params = withParams({ preSmoothSigma: sigma });
      const a = prepareAnalysis(createGrayImage(w, h, sharp), params).normalized.data;
      const b = prepareAnalysis(createGrayImage(w, h, blurred), params).normalized.data;
      let s = 0;
      let n = 0;
      for (let y = 16; y < h - 16; y++) {
        for (let x = 16; x < w - 16; x++, n++) {
          const moved = (a[y * w + x] + a[y * w + x + 1] + a[(y + 1) * w + x] + a[(y + 1) * w + x + 1]) / 4;
          s += (moved - b[y * w + x]) ** 2;
        }
      }
      return Math.sqrt(s / n);
    };
    // measured 0.050 against 0.059: the blur reaches the normalised image less
    expect(gap(1)).toBeLessThan(0.9 * gap(0));
  });
});

describe('orientationPreSmoothSigma', () => {
  it('changes only the orientation field: its moments are those of the smoothed grey', () => {
    let seed = 11;
    const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const base = sinusoidImage(160, 128, 9, 0.6);
    const noisy = createGrayImage(160, 128, Uint8Array.from(base.data, (v) => Math.max(0, Math.min(255, Math.round(v + 40 * (random() - 0.5))))));
    const off = prepareAnalysis(noisy, withParams({ orientationPreSmoothSigma: 0 }));
    const params = withParams({ orientationPreSmoothSigma: 1 });
    const on = prepareAnalysis(noisy, params);
    expect(Buffer.from(on.mask.pixels).equals(Buffer.from(off.mask.pixels))).toBe(true);
    expect(Array.from(on.normalized.data)).toEqual(Array.from(off.normalized.data));
    const smoothed = smoothImage(new Float32Array(noisy.data), noisy.width, noisy.height, 1);
    const expected = computeOrientationField(computeBlockGradients(smoothed, noisy.width, noisy.height, on.orientation.grid), on.mask.blocks, params);
    expect(Array.from(on.orientation.angle)).toEqual(Array.from(expected.angle));
    // pixel noise lowers the coherence of the raw moments; smoothed, the ridges' coherence returns
    let cohOn = 0;
    let cohOff = 0;
    for (let b = 0; b < on.mask.blocks.length; b++) {
      if (!on.mask.blocks[b]) continue;
      cohOn += on.orientation.coherence[b];
      cohOff += off.orientation.coherence[b];
    }
    expect(cohOn).toBeGreaterThan(cohOff);
  });
});

describe('estimateNoiseVariance (Immerkær 1996)', () => {
  it('reads the variance of white noise, and hardly any from ridges or ramps', () => {
    const w = 200;
    const h = 160;
    let seed = 5;
    const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const all = new Uint8Array(w * h).fill(1);
    const ridges = new Float32Array(w * h).map((_, i) => 100 + 60 * Math.cos((2 * Math.PI * (0.8 * (i % w) + 0.6 * Math.floor(i / w))) / 9) + 0.2 * (i % w));
    expect(estimateNoiseVariance(ridges, w, h, all)).toBeLessThan(1);
    const noisy = ridges.map((v) => v + 5 * gauss());
    const v = estimateNoiseVariance(noisy, w, h, all);
    expect(v).toBeGreaterThan(25 * 0.85);
    expect(v).toBeLessThan(25 * 1.2);
    // only the pixels asked for count
    const left = new Uint8Array(w * h).map((_, i) => (i % w < w / 2 - 1 ? 1 : 0));
    const half = noisy.map((value, i) => (i % w < w / 2 ? value : ridges[i]));
    expect(estimateNoiseVariance(half, w, h, left)).toBeCloseTo(estimateNoiseVariance(noisy, w, h, left), 6);
    expect(estimateNoiseVariance(noisy, w, h, new Uint8Array(w * h))).toBe(0);
  });

  it('matches the Sobel noise gain: white noise of variance 1 gives gx² + gy² ≈ 24 per pixel', () => {
    const w = 128;
    const h = 128;
    let seed = 3;
    const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const noise = new Float32Array(w * h).map(() => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
    const g = computeBlockGradients(noise, w, h, { cols: 16, rows: 16, blockSize: 8 });
    let e = 0;
    for (let b = 0; b < 256; b++) e += g.gxx[b] + g.gyy[b];
    const perPixel = e / ((w - 2) * (h - 2));
    expect(perPixel / SOBEL_NOISE_GAIN).toBeGreaterThan(0.9);
    expect(perPixel / SOBEL_NOISE_GAIN).toBeLessThan(1.1);
  });
});

describe('orientationNoiseCorrection', () => {
  it('gives a noisy print the coherence of the same print without the noise; off leaves the field as it was', () => {
    let seed = 23;
    const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    // faint ridges (±30 grey levels) under noise of σ = 15: coherence 1.00 clean, 0.68 noisy, 0.95 corrected
    const faint = (x: number, y: number): number => 128 + 30 * Math.cos((2 * Math.PI * (0.8 * x + 0.6 * y)) / 9);
    const clean = createGrayImage(160, 128, Uint8Array.from({ length: 160 * 128 }, (_, i) => Math.round(faint(i % 160, Math.floor(i / 160)))));
    const noisy = createGrayImage(160, 128, Uint8Array.from({ length: 160 * 128 }, (_, i) => Math.max(0, Math.min(255, Math.round(faint(i % 160, Math.floor(i / 160)) + 15 * gauss())))));
    const meanCoherence = (a: ReturnType<typeof prepareAnalysis>): number => {
      let s = 0;
      let n = 0;
      for (let b = 0; b < a.mask.blocks.length; b++) if (a.mask.blocks[b]) (s += a.orientation.coherence[b]), n++;
      return s / n;
    };
    const sharp = meanCoherence(prepareAnalysis(clean, P));
    const raw = meanCoherence(prepareAnalysis(noisy, P));
    const corrected = meanCoherence(prepareAnalysis(noisy, withParams({ orientationNoiseCorrection: 1 })));
    expect(raw).toBeLessThan(sharp - 0.05);
    expect(Math.abs(corrected - sharp)).toBeLessThan(0.3 * (sharp - raw));
    // 0 is the field of before: the same bits as a call without a noise energy
    const off = prepareAnalysis(noisy, withParams({ orientationNoiseCorrection: 0 }));
    const g = computeBlockGradients(new Float32Array(noisy.data), 160, 128, off.orientation.grid);
    expect(Array.from(off.orientation.coherence)).toEqual(Array.from(computeOrientationField(g, off.mask.blocks, P).coherence));
  });
});

describe('estimateNoiseLevel and denoiseAboveNoise (issue 12, noise)', () => {
  /** Ridges of period 9 with white noise of `sd` grey levels, rounded and clipped to bytes. */
  const noisyRidges = (sd: number, seed = 3) => {
    const w = 160, h = 128;
    let s = seed;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.max(0, Math.min(255, Math.round(128 + 90 * Math.cos((2 * Math.PI * (x + 0.4 * y)) / 9) + sd * normal())));
    return createGrayImage(w, h, data);
  };
  const level = (img: ReturnType<typeof noisyRidges>) => estimateNoiseLevel(Float32Array.from(img.data), img.width, img.height);

  it('reads white noise on ridges at its SD, and a flat or noiseless print near 0', () => {
    for (const sd of [4, 10, 20]) expect(Math.abs(level(noisyRidges(sd)) - sd) / sd).toBeLessThan(0.2);
    expect(level(noisyRidges(0))).toBeLessThan(2);
    expect(estimateNoiseLevel(new Float32Array(50 * 40).fill(255), 50, 40)).toBe(0);
    expect(estimateNoiseLevel(new Float32Array(4), 2, 2)).toBe(0);
  });

  it('reads a thresholded (bilevel) print as noiseless, whatever share of it its staircase edges cover', () => {
    const w = 200, h = 160;
    const bilevel = (period: number) => Float32Array.from({ length: w * h }, (_, i) => ((((i % w) * 0.6 + Math.floor(i / w) * 0.8) / period) % 1 < 0.5 ? 40 : 220));
    // oblique ridges of period 9: most pixels on an edge (the median response alone read about 40)
    expect(estimateNoiseLevel(bilevel(9), w, h)).toBe(0);
    expect(estimateNoiseLevel(bilevel(40), w, h)).toBe(0);
    // a third grey level anywhere is enough to read it as grey
    const three = bilevel(9);
    three[w * 80 + 100] = 128;
    expect(estimateNoiseLevel(three, w, h)).toBeGreaterThan(7);
  });

  it('reads a region and its complement apart: noise on the left half, a flat right half', () => {
    const img = noisyRidges(12);
    const { width: w, height: h } = img;
    const grey = Float32Array.from(img.data);
    const left = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (x < w / 2) left[y * w + x] = 1; else grey[y * w + x] = 200;
    expect(Math.abs(estimateNoiseLevel(grey, w, h, left, true) - 12) / 12).toBeLessThan(0.2);
    expect(estimateNoiseLevel(grey, w, h, left, false)).toBeLessThan(1);
    // an empty region reads 0
    expect(estimateNoiseLevel(grey, w, h, new Uint8Array(w * h), true)).toBe(0);
  });

  it('smooths a capture only when its noise reads above the level: below it the analysis is the one without the option', () => {
    const quiet = noisyRidges(3);
    const off = prepareAnalysis(quiet, P);
    const gated = prepareAnalysis(quiet, withParams({ denoiseAboveNoise: 7 }));
    expect(Array.from(gated.normalized.data)).toEqual(Array.from(off.normalized.data));
    const noisy = noisyRidges(16);
    const noisyOff = prepareAnalysis(noisy, P);
    const noisyOn = prepareAnalysis(noisy, withParams({ denoiseAboveNoise: 7 }));
    // above the level it is exactly the fixed pre-smoothing of denoiseSigma
    const smoothed = prepareAnalysis(noisy, withParams({ preSmoothSigma: EXTRACTION_PARAMETERS.denoiseSigma }));
    expect(Array.from(noisyOn.normalized.data)).toEqual(Array.from(smoothed.normalized.data));
    expect(Array.from(noisyOn.normalized.data)).not.toEqual(Array.from(noisyOff.normalized.data));
    // and the field it reads is more coherent than the noisy one's
    const meanCoherence = (a: typeof noisyOn) => {
      let s = 0, n = 0;
      for (let b = 0; b < a.orientation.coherence.length; b++) if (a.mask.blocks[b]) { s += a.orientation.coherence[b]!; n++; }
      return s / n;
    };
    expect(meanCoherence(noisyOn)).toBeGreaterThan(meanCoherence(noisyOff));
  });
});
