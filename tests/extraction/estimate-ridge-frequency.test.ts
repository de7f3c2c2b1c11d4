import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { estimateRidgeFrequency, estimateRidgeFrequencyPair, flagOctaveWindows, measurePeriodWindows, openOctaveRegions, measureSignature, medianPeriod, sampleSignature } from '../../src/extraction/estimate-ridge-frequency.js';
import { loadEnhanceKernel, useEnhanceKernel } from '../../src/extraction/load-enhance-kernel.js';
import { blockGridOf } from '../../src/extraction/types.js';

/**
 * measureSignature as its definition reads, one candidate period at a time: the Hann-windowed,
 * mean-free signature (float32, as the stage keeps it) correlated with the float32 sinusoid of
 * each period on half-pixel steps, the power kept as float32, the first strongest period
 * refined by a parabola through its neighbours' powers.
 */
function referenceMeasure(sig: Float32Array, len: number, minPeriod: number, maxPeriod: number): { period: number; share: number } {
  const periods: number[] = [];
  for (let p = minPeriod; p <= maxPeriod + 1e-9; p += 0.5) periods.push(Math.fround(p));
  let mean = 0;
  for (let k = 0; k < len; k++) mean += sig[k];
  mean /= len;
  const x = new Float32Array(len);
  let energy = 0;
  for (let k = 0; k < len; k++) {
    x[k] = (sig[k] - mean) * Math.fround(0.5 - 0.5 * Math.cos((2 * Math.PI * (k + 0.5)) / len));
    energy += x[k] * x[k];
  }
  if (energy < 1e-6) return { period: 0, share: 0 };
  const power = new Float32Array(periods.length);
  let best = -1;
  let bestPower = 0;
  periods.forEach((_, c) => {
    const p = minPeriod + 0.5 * c;
    let re = 0;
    let im = 0;
    for (let k = 0; k < len; k++) {
      re += x[k] * Math.fround(Math.cos((2 * Math.PI * k) / p));
      im += x[k] * Math.fround(Math.sin((2 * Math.PI * k) / p));
    }
    const pw = re * re + im * im;
    power[c] = pw;
    if (pw > bestPower) {
      bestPower = pw;
      best = c;
    }
  });
  if (best < 0) return { period: 0, share: 0 };
  let period = periods[best];
  if (best > 0 && best < periods.length - 1) {
    const den = power[best - 1] - 2 * power[best] + power[best + 1];
    if (den < 0) period += ((0.5 * (power[best - 1] - power[best + 1])) / den) * (periods[1] - periods[0]);
  }
  return { period, share: (2 * bestPower) / (energy * len) };
}

describe('measureSignature against one candidate period at a time', () => {
  it('gives the same period and share bit for bit, for every count of candidate periods', () => {
    let s = 12345;
    const random = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const ranges: [number, number][] = [
      [4.5, 15], // 22 periods, the default
      [4, 16], // 25
      [4.5, 6], // 4
      [4, 5], // 3
      [4, 4.5], // 2
      [6, 6], // 1
      [5, 8.5], // 8
      [4, 7], // 7
    ];
    let periodic = 0;
    for (const [minPeriod, maxPeriod] of ranges) {
      for (let trial = 0; trial < 40; trial++) {
        const len = trial % 2 ? 33 : 24;
        const true_ = minPeriod + random() * (maxPeriod - minPeriod + 2) - 1;
        const noise = trial % 4 === 3 ? 3 : 0.4;
        const sig = Float32Array.from({ length: len }, (_, k) => Math.cos((2 * Math.PI * k) / true_ + trial) + noise * (random() - 0.5));
        const got = measureSignature(sig, len, minPeriod, maxPeriod);
        const want = referenceMeasure(sig, len, minPeriod, maxPeriod);
        expect(got, `${minPeriod}–${maxPeriod}, trial ${trial}`).toEqual(want);
        if (want.share > 0.5) periodic++;
      }
    }
    expect(periodic).toBeGreaterThan(100);
  });
});

/** sampleSignature as its definition reads: every sample tested against the image's bounds. */
function referenceSample(data: Float32Array, width: number, height: number, cx: number, cy: number, th: number, len: number, hw: number): Float32Array | null {
  const sig = new Float32Array(len);
  const dx = Math.cos(th);
  const dy = Math.sin(th);
  for (let k = 0; k < len; k++) {
    const t = k - (len - 1) / 2;
    let s = 0;
    let c = 0;
    for (let u = -hw; u <= hw; u += 2) {
      const x = (cx + t * -dy + u * dx + 0.5) | 0;
      const y = (cy + t * dx + u * dy + 0.5) | 0;
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      s += data[y * width + x];
      c++;
    }
    if (c === 0) return null;
    sig[k] = s / c;
  }
  return sig;
}

describe('sampleSignature against a bounds test per sample', () => {
  it('gives the same signature bit for bit inside, across and beyond the image edges', () => {
    const width = 61;
    const height = 47;
    let s = 777;
    const random = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const data = Float32Array.from({ length: width * height }, () => random() * 2 - 1);
    let inside = 0;
    let clipped = 0;
    let outside = 0;
    for (let trial = 0; trial < 600; trial++) {
      const cx = -15 + random() * (width + 30);
      const cy = -15 + random() * (height + 30);
      const th = random() * 2 * Math.PI - Math.PI;
      const hw = trial % 9;
      const len = 5 + (trial % 13);
      const got = new Float32Array(len);
      const ok = sampleSignature(data, width, height, cx, cy, th, len, hw, got);
      const want = referenceSample(data, width, height, cx, cy, th, len, hw);
      expect(ok, `trial ${trial}`).toBe(want !== null);
      if (!want) {
        outside++;
        continue;
      }
      expect(Array.from(got), `trial ${trial}`).toEqual(Array.from(want));
      if (cx > 12 && cy > 12 && cx < width - 12 && cy < height - 12) inside++;
      else clipped++;
    }
    expect(Math.min(inside, clipped, outside)).toBeGreaterThan(20);
  });
});

describe('measureSignature with the autocorrelation lag (frequencyAutocorrelationPeriod)', () => {
  const len = 33;
  const profile = (period: number, harmonic: number, phase: number): Float32Array =>
    Float32Array.from({ length: len }, (_, k) => {
      const t = (2 * Math.PI * k) / period + phase;
      return Math.cos(t) + harmonic * Math.cos(2 * t);
    });
  it('keeps the spectrum\'s share and reads a periodic profile\'s period within 0.08 px', () => {
    for (const period of [5.5, 6.5, 8, 9.3, 11, 12.5]) {
      for (const harmonic of [0, 0.5]) {
        for (const phase of [0, 1, 2.5]) {
          const sig = profile(period, harmonic, phase);
          const spectral = measureSignature(sig, len, 4.5, 15);
          const lag = measureSignature(sig, len, 4.5, 15, true);
          expect(lag.share).toBe(spectral.share);
          expect(Math.abs(lag.period - period), `${period} ${harmonic} ${phase}`).toBeLessThan(0.08);
        }
      }
    }
  });
  it('is off by default and keeps the spectral period where there is none to refine', () => {
    const sig = profile(9.3, 0.3, 0.7);
    expect(measureSignature(sig, len, 4.5, 15)).toEqual(measureSignature(sig, len, 4.5, 15, false));
    const flat = new Float32Array(len).fill(3);
    expect(measureSignature(flat, len, 4.5, 15, true)).toEqual({ period: 0, share: 0 });
  });
});

describe('measureSignature with the share against the coarse energy only (ridgeShareShortestPeriod)', () => {
  const len = 33;
  let s = 99;
  const random = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  // a ridge sinusoid with white noise of unit variance times `noise`, and its [¼ ½ ¼] blur
  const noisy = (period: number, phase: number, noise: number): Float32Array =>
    Float32Array.from({ length: len }, (_, k) => Math.cos((2 * Math.PI * k) / period + phase) + noise * (random() - 0.5) * Math.sqrt(12));
  const blurred = (sig: Float32Array): Float32Array =>
    sig.map((v, k) => 0.5 * v + 0.25 * (sig[Math.max(0, k - 1)] + sig[Math.min(len - 1, k + 1)]));

  it('is the whole energy\'s share when every bin is kept (Parseval), and off by default', () => {
    for (let t = 0; t < 30; t++) {
      const sig = noisy(5 + t / 3, t, 0.7);
      const whole = measureSignature(sig, len, 4.5, 15);
      const all = measureSignature(sig, len, 4.5, 15, false, 2.01);
      expect(all.period).toBe(whole.period);
      expect(Math.abs(all.share - whole.share)).toBeLessThan(1e-5 * whole.share);
      expect(measureSignature(sig, len, 4.5, 15, false, 0)).toEqual(whole);
    }
  });

  it('keeps a clean ridge sinusoid\'s share and period, and a step edge\'s share low', () => {
    for (const period of [4.5, 6, 9.3, 12, 15]) {
      const sig = noisy(period, 1, 0);
      const off = measureSignature(sig, len, 4.5, 15);
      const on = measureSignature(sig, len, 4.5, 15, false, 3.5);
      expect(on.period).toBe(off.period);
      expect(Math.abs(on.share - off.share), `${period}`).toBeLessThan(0.01);
    }
    // a frame line's step: its energy lies below the ridge band, which the option keeps
    const step = Float32Array.from({ length: len }, (_, k) => (k < 16 ? 40 : 200));
    expect(measureSignature(step, len, 4.5, 15, false, 3.5).share).toBeLessThan(0.3);
  });

  it('raises a noisy signature\'s share and hardly moves with a mild blur, where the whole energy\'s share does', () => {
    let off = 0;
    let on = 0;
    let offBlur = 0;
    let onBlur = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const sig = noisy(6 + (6 * t) / trials, t, 0.5);
      off += measureSignature(sig, len, 4.5, 15).share / trials;
      on += measureSignature(sig, len, 4.5, 15, false, 3.5).share / trials;
      offBlur += measureSignature(blurred(sig), len, 4.5, 15).share / trials;
      onBlur += measureSignature(blurred(sig), len, 4.5, 15, false, 3.5).share / trials;
    }
    expect(on).toBeGreaterThan(off + 0.05);
    // the blur removes the fine noise: the whole energy's share rises by about 0.1, the coarse one's by a third of that at most
    expect(offBlur - off).toBeGreaterThan(0.07);
    expect(Math.abs(onBlur - on)).toBeLessThan((offBlur - off) / 3);
  });

  it('gives share 0 to a signature of fine content only', () => {
    const fine = Float32Array.from({ length: len }, (_, k) => (k % 2 ? 1 : -1));
    expect(measureSignature(fine, len, 4.5, 15, false, 3.5).share).toBeLessThan(1e-3);
  });
});

describe('estimateRidgeFrequency in the WebAssembly kernel', () => {
  it.each([
    [0, 0],
    [1, 0],
    [0, 3.5],
    [1, 3.5],
  ])('gives the same period map, measured, sampled and share bits as the JavaScript (frequencyAutocorrelationPeriod %i, ridgeShareShortestPeriod %f)', (byLag, shortest) => {
    expect(loadEnhanceKernel()).not.toBeNull();
    let s = 4242;
    const random = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const bytes = (a: Float32Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    let measured = 0;
    // a large image first, so the smaller ones after it find old values in the kernel's memory;
    // period ranges whose candidate counts are and are not multiples of eight, a half-width of 0
    const cases = [
      [203, 157, 4.5, 15, 7, 33], [96, 64, 4, 16, 7, 33], [61, 47, 4.5, 6, 3, 24], [40, 90, 5, 8.5, 0, 17], [48, 48, 4, 11.5, 5, 33],
    ] as const;
    for (const [width, height, minP, maxP, hw, len] of cases) {
      const params = {
        ...P, frequencyMinPeriod: minP, frequencyMaxPeriod: maxP, frequencySignatureHalfWidth: hw, frequencySignatureLength: len,
        frequencyAutocorrelationPeriod: byLag,
        ridgeShareShortestPeriod: shortest,
      } as unknown as ExtractionParameters;
      const grid = blockGridOf(width, height, P.blockSize);
      const n = grid.cols * grid.rows;
      // ridges of a period drifting across the image plus noise; orientation near the truth,
      // random in a quarter of the blocks; a fifth of the blocks background
      const th0 = random() * Math.PI;
      const data = new Float32Array(width * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const period = minP + ((maxP - minP) * x) / width;
          const t = x * -Math.sin(th0) + y * Math.cos(th0);
          data[y * width + x] = Math.cos((2 * Math.PI * t) / period) + (random() - 0.5) * 0.8;
        }
      }
      const angle = Float32Array.from({ length: n }, () => (random() < 0.25 ? random() * Math.PI : th0 + (random() - 0.5) * 0.2));
      const orientation = { grid, angle, cos2: new Float32Array(n), sin2: new Float32Array(n), coherence: new Float32Array(n) };
      const foreground = Uint8Array.from({ length: n }, () => (random() < 0.8 ? 1 : 0));
      const kernel = estimateRidgeFrequency({ width, height, data }, orientation, foreground, params);
      useEnhanceKernel(false);
      let js: ReturnType<typeof estimateRidgeFrequency>;
      try {
        js = estimateRidgeFrequency({ width, height, data }, orientation, foreground, params);
      } finally {
        useEnhanceKernel(true);
      }
      for (const key of ['period', 'measured', 'sampled', 'share'] as const) {
        expect(bytes(kernel[key]).equals(bytes(js[key])), `${width}×${height} ${key}`).toBe(true);
      }
      for (let i = 0; i < n; i++) measured += js.measured[i];
    }
    // (the lag may leave a narrow period range where the spectral peak sat near its end: fewer measured)
    expect(measured).toBeGreaterThan(250);
  });
});

describe('estimateRidgeFrequencyPair', () => {
  it.each([[true], [false]])('gives each image the map it gets alone, bit for bit, on overlapping and disjoint blocks (kernel %s)', (inKernel) => {
    let s = 977;
    const random = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const bytes = (a: Float32Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    let measured = 0;
    // odd and even signature lengths, a half-width of 0, a period range not a multiple of eight
    // candidates, and a larger image first so the smaller ones find old values in the kernel's memory
    const cases = [
      [211, 163, 4.5, 15, 7, 33], [64, 96, 4, 11.5, 5, 32], [45, 61, 5, 8.5, 0, 17],
    ] as const;
    useEnhanceKernel(inKernel);
    try {
      for (const [width, height, minP, maxP, hw, len] of cases) {
        const params = { ...P, frequencyMinPeriod: minP, frequencyMaxPeriod: maxP, frequencySignatureHalfWidth: hw, frequencySignatureLength: len } as unknown as ExtractionParameters;
        const grid = blockGridOf(width, height, P.blockSize);
        const n = grid.cols * grid.rows;
        const th0 = random() * Math.PI;
        // the second image: the first's ridges negated and scaled, with their own noise, as the network's map is
        const a = new Float32Array(width * height);
        const b = new Float32Array(width * height);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const period = minP + ((maxP - minP) * y) / height;
            const v = Math.cos((2 * Math.PI * (x * -Math.sin(th0) + y * Math.cos(th0))) / period);
            a[y * width + x] = v + (random() - 0.5) * 0.8;
            b[y * width + x] = -0.3 * v + (random() - 0.5) * 0.2;
          }
        }
        const angle = Float32Array.from({ length: n }, () => (random() < 0.25 ? random() * Math.PI : th0 + (random() - 0.5) * 0.2));
        const orientation = { grid, angle, cos2: new Float32Array(n), sin2: new Float32Array(n), coherence: new Float32Array(n) };
        // blocks of both, of the first only and of the second only
        const fgA = Uint8Array.from({ length: n }, () => (random() < 0.7 ? 1 : 0));
        const fgB = Uint8Array.from(fgA, (v) => (random() < 0.2 ? 1 - v : v));
        const [pairA, pairB] = estimateRidgeFrequencyPair({ width, height, data: a }, fgA, { width, height, data: b }, fgB, orientation, params);
        const aloneA = estimateRidgeFrequency({ width, height, data: a }, orientation, fgA, params);
        const aloneB = estimateRidgeFrequency({ width, height, data: b }, orientation, fgB, params);
        for (const key of ['period', 'measured', 'sampled', 'share'] as const) {
          expect(bytes(pairA[key]).equals(bytes(aloneA[key])), `${width}×${height} A ${key}`).toBe(true);
          expect(bytes(pairB[key]).equals(bytes(aloneB[key])), `${width}×${height} B ${key}`).toBe(true);
        }
        for (let i = 0; i < n; i++) measured += aloneA.measured[i] + aloneB.measured[i];
      }
    } finally {
      useEnhanceKernel(true);
    }
    expect(measured).toBeGreaterThan(300);
    expect(() => estimateRidgeFrequencyPair({ width: 10, height: 10, data: new Float32Array(100) }, new Uint8Array(4), { width: 10, height: 11, data: new Float32Array(110) }, new Uint8Array(4), {
      grid: blockGridOf(10, 10, P.blockSize), angle: new Float32Array(4), cos2: new Float32Array(4), sin2: new Float32Array(4), coherence: new Float32Array(4),
    }, P)).toThrow();
  });
});

describe('octave errors (frequencyOctaveRatio)', () => {
  // horizontal ridges of period 8 (ridge angle 0: the field is given, not estimated); in a band
  // of columns every other ridge is missing, as where moisture closed the valleys or a dry
  // finger did not print, so its windows read about twice the period
  const W = 240, H = 160, T = 8;
  const stripes = (x0: number, x1: number): Float32Array => {
    const image = new Float32Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const lost = x >= x0 && x < x1 && (y / T) % 2 >= 1; // the second ridge of every pair faded to the valley level
        image[y * W + x] = lost ? 0.9 : Math.cos(2 * Math.PI * (y / T));
      }
    }
    return image;
  };
  const grid = blockGridOf(W, H, 8);
  const orientation = { grid, angle: new Float32Array(grid.cols * grid.rows), coherence: new Float32Array(grid.cols * grid.rows).fill(1) };
  const foreground = new Uint8Array(grid.cols * grid.rows).fill(1);
  const field = (image: Float32Array, params: ExtractionParameters) => estimateRidgeFrequency({ width: W, height: H, data: image }, orientation as never, foreground, params);
  const periodAt = (image: Float32Array, params: ExtractionParameters, x0: number, x1: number): number => {
    const f = field(image, params);
    let s = 0, n = 0;
    for (let r = 4; r < grid.rows - 4; r++) for (let c = Math.floor(x0 / 8); c < Math.floor(x1 / 8); c++) { s += f.period[r * grid.cols + c]!; n++; }
    return s / n;
  };
  const third = stripes(160, 240);
  const band = stripes(104, 128);
  // the test off (it ships on, gated per print: see the last test), and the ungated forms
  const OFF = { ...P, frequencyOctaveRatio: 0, frequencyOctaveRadius: 0, frequencyOctaveMinShare: 0 } as unknown as ExtractionParameters;
  const global = { ...OFF, frequencyOctaveRatio: 1.4 } as unknown as ExtractionParameters;
  const local = { ...OFF, frequencyOctaveRatio: 1.4, frequencyOctaveRadius: 4 } as unknown as ExtractionParameters;

  it('off, the damaged windows pull the map towards twice the period', () => {
    expect(periodAt(third, OFF, 200, 232)).toBeGreaterThan(1.5 * T);
    expect(periodAt(third, OFF, 16, 120)).toBeCloseTo(T, 0);
    expect(periodAt(band, OFF, 104, 128)).toBeGreaterThan(1.15 * T);
  });

  it('leaves periods beyond the ratio of the print\'s median out of the map and fills them', () => {
    expect(periodAt(third, global, 160, 240)).toBeCloseTo(T, 0);
    expect(periodAt(third, global, 16, 120)).toBeCloseTo(periodAt(third, OFF, 16, 120), 5);
    // measured blocks stay measured
    expect(Array.from(field(third, global).measured)).toEqual(Array.from(field(third, OFF).measured));
  });

  it('with a radius, judges a window against its neighbourhood: a damaged band narrower than it is filled, a wider one stands', () => {
    expect(periodAt(band, local, 104, 128)).toBeLessThan(1.05 * T);
    expect(periodAt(third, local, 216, 232)).toBeGreaterThan(1.5 * T);
  });

  it('with a minimum power at the reference (frequencyOctaveMinPower), leaves out a damaged band but keeps a true change of period', () => {
    const checked = { ...local, frequencyOctaveMinPower: 0.2 } as unknown as ExtractionParameters;
    expect(periodAt(band, checked, 104, 128)).toBeLessThan(1.05 * T);
    // a band of columns whose ridges are truly wider apart (period 13), as where a sweep slowed
    const wide = new Float32Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) wide[y * W + x] = Math.cos(2 * Math.PI * (y / (x >= 104 && x < 128 ? 13 : T)));
    // the ratio alone takes it for an octave error and fills it with the surround's period; with
    // the check the map is what it is without the test (the band's 13 px smoothed over 3 blocks)
    expect(periodAt(wide, local, 104, 128)).toBeLessThan(1.05 * T);
    expect(periodAt(wide, OFF, 104, 128)).toBeGreaterThan(1.25 * T);
    expect(Math.abs(periodAt(wide, checked, 104, 128) - periodAt(wide, OFF, 104, 128))).toBeLessThan(0.05);
  });

  describe('gated per print (frequencyOctaveMinShare)', () => {
    // the share of the print's measured windows that the test flags: the gate's measure
    const flaggedShare = (image: Float32Array, params: ExtractionParameters): number => {
      const fi = { width: W, height: H, data: image };
      const w = measurePeriodWindows(fi, orientation as never, foreground, params);
      let count = 0;
      for (const v of w.weight) count += v;
      const flags = flagOctaveWindows(fi, orientation as never, w.raw, w.weight, medianPeriod(w.raw, w.weight, count), params);
      return flags.reduce((a, b) => a + b, 0) / count;
    };
    const gated = (minShare: number) => ({ ...local, frequencyOctaveMinShare: minShare }) as unknown as ExtractionParameters;

    it('measures the damaged band\'s share of the windows, and none on an undamaged print', () => {
      const share = flaggedShare(band, local);
      expect(share).toBeGreaterThan(0.02);
      expect(share).toBeLessThan(0.2);
      expect(flaggedShare(stripes(0, 0), local)).toBe(0);
      // the test's window count does not depend on the gate
      expect(flaggedShare(band, gated(0.5))).toBe(share);
    });

    it('below the share the print keeps the map it has without the test, bit for bit; at it, the ungated test\'s', () => {
      const share = flaggedShare(band, local);
      const off = field(band, OFF);
      const ungated = field(band, local);
      expect(Array.from(ungated.period)).not.toEqual(Array.from(off.period));
      const spared = field(band, gated(share + 1e-3));
      expect(Array.from(spared.period)).toEqual(Array.from(off.period));
      expect(Array.from(spared.measured)).toEqual(Array.from(off.measured));
      const open = field(band, gated(share - 1e-3));
      expect(Array.from(open.period)).toEqual(Array.from(ungated.period));
    });

    it('ships on at ratio 1.4, radius 4, share 0.13: a print flagged widely gets the ungated test, one flagged narrowly keeps the test-off map', () => {
      expect([P.frequencyOctaveRatio, P.frequencyOctaveRadius, P.frequencyOctaveMinShare, P.frequencyOctaveMinPower]).toEqual([1.4, 4, 0.13, 0]);
      const shipped = P as unknown as ExtractionParameters;
      // damaged bands 24 px wide every 48 px (each narrower than the radius): flagged above the share
      const bands = new Float32Array(W * H);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) bands[y * W + x] = (x % 48 >= 24) && (y / T) % 2 >= 1 ? 0.9 : Math.cos(2 * Math.PI * (y / T));
      expect(flaggedShare(bands, local)).toBeGreaterThanOrEqual(0.13);
      expect(Array.from(field(bands, local).period)).not.toEqual(Array.from(field(bands, OFF).period));
      expect(Array.from(field(bands, shipped).period)).toEqual(Array.from(field(bands, local).period));
      // a narrow band: flagged below it, so the test changes nothing although it would
      expect(flaggedShare(band, local)).toBeLessThan(0.13);
      expect(Array.from(field(band, local).period)).not.toEqual(Array.from(field(band, OFF).period));
      expect(Array.from(field(band, shipped).period)).toEqual(Array.from(field(band, OFF).period));
    });

    it('is the ungated test at 0, and does nothing with the test off', () => {
      expect(Array.from(field(band, gated(0)).period)).toEqual(Array.from(field(band, local).period));
      const testOff = { ...OFF, frequencyOctaveMinShare: 0.01 } as unknown as ExtractionParameters;
      expect(Array.from(field(band, testOff).period)).toEqual(Array.from(field(band, OFF).period));
    });
  });

  describe('gated per region (frequencyOctaveRegionRadius)', () => {
    const shipped = P as unknown as ExtractionParameters;
    const region = (radius: number, minShare: number) => ({ ...shipped, frequencyOctaveRegionRadius: radius, frequencyOctaveRegionMinShare: minShare }) as unknown as ExtractionParameters;
    // a few damaged 24 × 24 px patches far apart: flagged windows (1–3 each), but nowhere dense
    const spots = new Float32Array(W * H);
    const inSpot = (x: number, y: number): boolean => [[56, 48], [200, 32], [112, 112]].some(([sx, sy]) => x >= sx! && x < sx! + 24 && y >= sy! && y < sy! + 24);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) spots[y * W + x] = inSpot(x, y) && (y / T) % 2 >= 1 ? 0.9 : Math.cos(2 * Math.PI * (y / T));

    it('fills a print\'s damaged band that the print gate leaves standing', () => {
      // the band's flagged share is below the print gate, so the shipped map is the test-off one
      expect(Array.from(field(band, shipped).period)).toEqual(Array.from(field(band, OFF).period));
      expect(periodAt(band, shipped, 104, 128)).toBeGreaterThan(1.15 * T);
      // the test flags the band's middle column: 16 of the print's 464 measured windows (3 %), but
      // 11–13 % of those within 4 blocks of it. At 0.1 the region opens, and the map is the
      // ungated test's, bit for bit (every flagged window lies in the band)
      const gated = field(band, region(4, 0.1));
      expect(Array.from(gated.period)).toEqual(Array.from(field(band, local).period));
      expect(periodAt(band, region(4, 0.1), 104, 128)).toBeLessThan(1.05 * T);
      expect(Array.from(gated.measured)).toEqual(Array.from(field(band, OFF).measured));
      // above the band's square share the region stays shut
      expect(Array.from(field(band, region(4, 0.2)).period)).toEqual(Array.from(field(band, OFF).period));
    });

    it('keeps a print whose flagged windows are scattered bit for bit', () => {
      // the test would change this print (the spots are flagged) ...
      expect(Array.from(field(spots, local).period)).not.toEqual(Array.from(field(spots, OFF).period));
      // ... but no square reaches the share, so the map is the shipped (test-off) one
      expect(Array.from(field(spots, region(4, 0.1)).period)).toEqual(Array.from(field(spots, shipped).period));
      expect(Array.from(field(spots, shipped).period)).toEqual(Array.from(field(spots, OFF).period));
    });

    it('is off by default, changes nothing with the test off, and leaves a print the print gate opens as it was', () => {
      expect([P.frequencyOctaveRegionRadius, P.frequencyOctaveRegionMinShare]).toEqual([0, 0]);
      expect(Array.from(field(band, region(0, 0.21)).period)).toEqual(Array.from(field(band, shipped).period));
      const testOff = { ...OFF, frequencyOctaveRegionRadius: 4, frequencyOctaveRegionMinShare: 0.01 } as unknown as ExtractionParameters;
      expect(Array.from(field(band, testOff).period)).toEqual(Array.from(field(band, OFF).period));
      const bands = new Float32Array(W * H);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) bands[y * W + x] = (x % 48 >= 24) && (y / T) % 2 >= 1 ? 0.9 : Math.cos(2 * Math.PI * (y / T));
      expect(Array.from(field(bands, region(4, 0.9)).period)).toEqual(Array.from(field(bands, shipped).period));
    });

    it('opens exactly the squares its definition opens (box sums against a loop over the neighbours)', () => {
      let seed = 11;
      const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
      const cols = 19, rows = 14, n = cols * rows;
      let opened = 0;
      for (let trial = 0; trial < 30; trial++) {
        const weight = new Float32Array(n), flagged = new Uint8Array(n);
        const density = 0.05 + 0.3 * rand();
        for (let i = 0; i < n; i++) if (rand() < 0.8) { weight[i] = 1; if (rand() < density) flagged[i] = 1; }
        for (const [radius, minShare] of [[1, 0.3], [2, 0.21], [4, 0.15], [10, 0.1]] as const) {
          const got = openOctaveRegions(flagged, weight, cols, rows, radius, minShare);
          const share = (i: number): number => {
            let m = 0, f = 0;
            const bx = i % cols, by = Math.floor(i / cols);
            for (let y = Math.max(0, by - radius); y <= Math.min(rows - 1, by + radius); y++) for (let x = Math.max(0, bx - radius); x <= Math.min(cols - 1, bx + radius); x++) { m += weight[y * cols + x]!; f += flagged[y * cols + x]!; }
            return f > 0 && f >= minShare * m ? 1 : 0;
          };
          const seeds = Array.from({ length: n }, (_, i) => (weight[i] ? share(i) : 0));
          const want = Array.from({ length: n }, (_, i) => {
            if (!flagged[i]) return 0;
            const bx = i % cols, by = Math.floor(i / cols);
            for (let y = Math.max(0, by - radius); y <= Math.min(rows - 1, by + radius); y++) for (let x = Math.max(0, bx - radius); x <= Math.min(cols - 1, bx + radius); x++) if (seeds[y * cols + x]) return 1;
            return 0;
          });
          if (want.some((v) => v)) { opened++; expect(Array.from(got!), `trial ${trial} radius ${radius}`).toEqual(want); }
          else expect(got === null || !got.some((v) => v)).toBe(true);
        }
      }
      expect(opened).toBeGreaterThan(20);
    });
  });

  it('with a radius, flags exactly the windows beyond the ratio of a sorted local median (the counting shortcut)', () => {
    // random period maps with holes, ties and equal values: the flags must be those of the
    // definition, the median of the measured neighbours (the upper one of an even count)
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const cols = 23, rows = 17, n = cols * rows;
    const g = { ...grid, cols, rows };
    const orient = { grid: g, angle: new Float32Array(n), coherence: new Float32Array(n) };
    for (let trial = 0; trial < 40; trial++) {
      const raw = new Float32Array(n), weight = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        if (rand() < 0.3) continue;
        weight[i] = 1;
        // a few exact repeats and exact ratio edges among smooth periods and octave errors
        const r = rand();
        raw[i] = r < 0.1 ? 8 : r < 0.15 ? 8 * 1.4 : r < 0.25 ? 16 + rand() : 6 + 4 * rand();
      }
      for (const radius of [1, 2, 4]) {
        const params = { ...local, frequencyOctaveRadius: radius } as unknown as ExtractionParameters;
        const flags = flagOctaveWindows({ width: 1, height: 1, data: new Float32Array(1) }, orient as never, raw, weight, 8, params);
        for (let i = 0; i < n; i++) {
          if (!weight[i]) { expect(flags[i]).toBe(0); continue; }
          const near: number[] = [];
          const bx = i % cols, by = Math.floor(i / cols);
          for (let y = Math.max(0, by - radius); y <= Math.min(rows - 1, by + radius); y++) {
            for (let x = Math.max(0, bx - radius); x <= Math.min(cols - 1, bx + radius); x++) if (weight[y * cols + x]) near.push(raw[y * cols + x]!);
          }
          near.sort((a, b) => a - b);
          const m = near[near.length >> 1]!;
          expect(flags[i], `trial ${trial} radius ${radius} block ${i}`).toBe(raw[i]! > m * 1.4 || raw[i]! * 1.4 < m ? 1 : 0);
        }
      }
    }
  });

  it('a local median of the windows (frequencyMedianRadius) outvotes a damaged band narrower than its radius and keeps the rest', () => {
    const median = { ...OFF, frequencyMedianRadius: 3 } as unknown as ExtractionParameters;
    expect(periodAt(band, median, 104, 128)).toBeLessThan(1.05 * T);
    expect(periodAt(band, median, 16, 88)).toBeCloseTo(periodAt(band, OFF, 16, 88), 1);
    expect(periodAt(third, median, 216, 232)).toBeGreaterThan(1.5 * T);
    expect(Array.from(field(band, median).measured)).toEqual(Array.from(field(band, OFF).measured));
  });
});

describe('octave errors judged per window (frequencyHalfPeriodPower)', () => {
  // a ridge signature of period 8 under a stronger swing of period 16, as where every other ridge
  // and valley merged: the strongest period is 16, the true one keeps a peak at half of it
  const len = 33;
  const signature = (ridges: number, swing: number): Float32Array => Float32Array.from({ length: len }, (_, k) => ridges * Math.cos((2 * Math.PI * k) / 8) + swing * Math.cos((2 * Math.PI * k) / 16));

  it('takes the half when it keeps enough of the strongest power, and only then', () => {
    const sig = signature(0.5, 0.8); // power at 8 ≈ (0.5 / 0.8)² ≈ 0.4 of the power at 16
    expect(measureSignature(sig, len, 4.5, 15).period).toBeGreaterThan(14);
    // the half (refined between its neighbours, which the strong swing's leakage tilts: 9.0 here)
    const half = measureSignature(sig, len, 4.5, 15, false, 0, 0.3).period;
    expect(half).toBeGreaterThan(7);
    expect(half).toBeLessThan(10);
    expect(measureSignature(sig, len, 4.5, 15, false, 0, 0.6).period).toBeGreaterThan(14);
  });

  it('changes nothing where the strongest period is the true one or too short to halve', () => {
    const clean = signature(1, 0);
    expect(measureSignature(clean, len, 4.5, 15, false, 0, 0.3)).toEqual(measureSignature(clean, len, 4.5, 15));
    const short = Float32Array.from({ length: len }, (_, k) => Math.cos((2 * Math.PI * k) / 6));
    expect(measureSignature(short, len, 4.5, 15, false, 0, 0.01)).toEqual(measureSignature(short, len, 4.5, 15));
  });
});
