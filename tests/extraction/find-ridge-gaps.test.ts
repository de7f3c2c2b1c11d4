import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint } from '../../src/extraction/index.js';
import { findRidgeGaps, findValleyGaps, poolRidgeFill } from '../../src/extraction/find-ridge-gaps.js';
import { createGrayImage, type GrayImage } from '../../src/core/index.js';
import { sinusoidImage } from './synthetic.js';

// the parameters these tests were written under: the field read from the ridge network (shipped on
// since the twenty-second session) off, so the classical field is what they see
const P = { ...EXTRACTION_PARAMETERS, orientationFromRidgeNet: 0, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0 } as unknown as ExtractionParameters;

const W = 200;
const PERIOD = 10;
const on = { ...P, enhancementRidgeGaps: 1 } as unknown as ExtractionParameters;
const gated = { ...on, enhancementRidgeGapMaxFill: 0.6 } as unknown as ExtractionParameters;

/** Signed distance across the ridges (ridge centres at multiples of PERIOD) and position along them. */
function frame(x: number, y: number, angle: number): { across: number; along: number } {
  const nx = -Math.sin(angle), ny = Math.cos(angle);
  const t = x * nx + y * ny;
  const across = t - PERIOD * Math.round(t / PERIOD);
  return { across, along: x * Math.cos(angle) + y * Math.sin(angle) };
}

/**
 * An eroded dry print: thin dark ridges (3 px) that printed only in dots `dot` px long every
 * `pitch` px along the ridge, on a light ground with a sensor's grain.
 */
function dottedRidges(angle: number, dot: number, pitch: number): GrayImage {
  const data = new Uint8Array(W * W);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const { across, along } = frame(x, y, angle);
      // dots staggered from ridge to ridge, as erosion leaves them
      const ridge = Math.round((x * -Math.sin(angle) + y * Math.cos(angle)) / PERIOD);
      const phase = (((along + ridge * 5.3) % pitch) + pitch) % pitch;
      const grain = (x * 7 + y * 13) % 7;
      data[y * W + x] = Math.abs(across) <= 1.5 && phase < dot ? 60 + grain : 215 + grain;
    }
  }
  return createGrayImage(W, W, data);
}

const foreground = (): Uint8Array => {
  const f = new Uint8Array(W * W);
  for (let y = 20; y < 180; y++) for (let x = 20; x < 180; x++) f[y * W + x] = 1;
  return f;
};

function gapsOf(image: GrayImage, params: ExtractionParameters): Uint8Array | null {
  const a = analyzeFingerprint(image, P);
  return findRidgeGaps(a.normalized, a.enhanced, foreground(), params);
}

describe('ridge gaps of a dry print', () => {
  it('is off by default', () => {
    expect(gapsOf(dottedRidges(0.4, 4, 12), P)).toBeNull();
  });

  it('finds the white between the dots on the ridge lines, not the valleys', () => {
    const angle = 0.4;
    const gaps = gapsOf(dottedRidges(angle, 4, 12), gated)!;
    let onRidge = 0, inValley = 0;
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) {
        if (!gaps[y * W + x]) continue;
        if (Math.abs(frame(x, y, angle).across) <= 2.5) onRidge++;
        else inValley++;
      }
    }
    expect(onRidge).toBeGreaterThan(2000);
    expect(inValley).toBeLessThan(onRidge / 4);
  });

  it('finds nothing where the ridges are well printed (the fill gate)', () => {
    const gaps = gapsOf(sinusoidImage(W, W, PERIOD, 0.4), gated)!;
    expect(gaps.reduce((s, v) => s + v, 0)).toBe(0);
  });

  it('takes the blank spots in', () => {
    const image = sinusoidImage(W, W, PERIOD, 0.4);
    const a = analyzeFingerprint(image, P);
    const blank = new Uint8Array(W * W);
    blank[100 * W + 100] = 1;
    const gaps = findRidgeGaps(a.normalized, a.enhanced, foreground(), gated, blank)!;
    expect(gaps[100 * W + 100]).toBe(1);
  });

  it('reads a dotted ridge at the darkness of its dots, where the ridges stay', () => {
    const angle = 0.4;
    const image = dottedRidges(angle, 4, 12);
    // mean enhanced value on the ridge centre lines and on the valley centre lines, and the
    // share of ridge centre pixels enhanced as ridge (inside the print, away from its edge)
    const profile = (params: ExtractionParameters): { ridge: number; valley: number; share: number } => {
      const e = analyzeFingerprint(image, params).enhanced.data;
      let r = 0, nr = 0, v = 0, nv = 0, dark = 0;
      for (let y = 40; y < 160; y++) {
        for (let x = 40; x < 160; x++) {
          const c = Math.abs(frame(x, y, angle).across);
          const value = e[y * W + x];
          if (c <= 0.5) {
            r += value;
            nr++;
            if (value < 0) dark++;
          } else if (c >= 4.5) {
            v += value;
            nv++;
          }
        }
      }
      return { ridge: r / nr, valley: v / nv, share: dark / nr };
    };
    const off = profile(P);
    const withGaps = profile(gated);
    // the white between the dots no longer dilutes the ridge in the smoothing along it
    expect(withGaps.ridge).toBeLessThan(1.5 * off.ridge);
    expect(withGaps.valley).toBeGreaterThan(0);
    expect(withGaps.share).toBeGreaterThanOrEqual(off.share - 0.005);
  });

  it('changes nothing when off, whatever its other settings', () => {
    const image = dottedRidges(0.4, 4, 12);
    const a = analyzeFingerprint(image, P).enhanced.data;
    const b = analyzeFingerprint(image, { ...P, enhancementRidgeGapLevel: 0.7, enhancementRidgeGapMaxFill: 0.3 } as unknown as ExtractionParameters).enhanced.data;
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
  });
});

const valleyOn = { ...P, enhancementValleyGaps: 1 } as unknown as ExtractionParameters;

/**
 * A wet print, the mirror of {@link dottedRidges}: wide dark ridges whose valleys (3 px) stayed
 * light only in dashes `dash` px long every `pitch` px along the valley; moisture flooded the rest.
 */
function dashedValleys(angle: number, dash: number, pitch: number): GrayImage {
  const data = new Uint8Array(W * W);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const { along } = frame(x, y, angle);
      // valley centres half a period from the ridge centres
      const t = x * -Math.sin(angle) + y * Math.cos(angle) - PERIOD / 2;
      const valley = Math.round(t / PERIOD);
      const across = t - PERIOD * valley;
      const phase = (((along + valley * 5.3) % pitch) + pitch) % pitch;
      const grain = (x * 7 + y * 13) % 7;
      data[y * W + x] = Math.abs(across) <= 1.5 && phase < dash ? 215 + grain : 60 + grain;
    }
  }
  return createGrayImage(W, W, data);
}

describe('valley gaps of a wet print', () => {
  const angle = 0.4;
  const onValley = (x: number, y: number): boolean => Math.abs(frame(x, y, angle).across) >= PERIOD / 2 - 2.5;

  it('is off by default, and changes nothing when off whatever its other settings', () => {
    const image = dashedValleys(angle, 4, 12);
    const a = analyzeFingerprint(image, P);
    expect(findValleyGaps(a.normalized, a.enhanced, foreground(), P)).toBeNull();
    const b = analyzeFingerprint(image, { ...P, enhancementValleyGapLevel: 0.7, enhancementValleyGapMaxFill: 0.3 } as unknown as ExtractionParameters).enhanced.data;
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.enhanced.data.buffer))).toBe(true);
  });

  it('finds the dark between the dashes on the valley lines, not the ridges', () => {
    const a = analyzeFingerprint(dashedValleys(angle, 4, 12), P);
    const gaps = findValleyGaps(a.normalized, a.enhanced, foreground(), valleyOn)!;
    let inValley = 0, onRidge = 0;
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) {
        if (!gaps[y * W + x]) continue;
        if (onValley(x, y)) inValley++;
        else onRidge++;
      }
    }
    expect(inValley).toBeGreaterThan(1500);
    expect(onRidge).toBeLessThan(inValley / 4);
  });

  it('finds nothing where the valleys are well printed (the fill gate), and merges the gaps given', () => {
    const a = analyzeFingerprint(sinusoidImage(W, W, PERIOD, 0.4), P);
    const none = findValleyGaps(a.normalized, a.enhanced, foreground(), valleyOn)!;
    expect(none.reduce((s, v) => s + v, 0)).toBe(0);
    const given = new Uint8Array(W * W);
    given[100 * W + 100] = 1;
    expect(findValleyGaps(a.normalized, a.enhanced, foreground(), valleyOn, given)![100 * W + 100]).toBe(1);
  });

  it('reads a dashed valley at the lightness of its dashes: the dark bridges no longer dilute it', () => {
    const image = dashedValleys(angle, 4, 12);
    // mean enhanced value on the valley centre lines and on the ridge centre lines
    const profile = (params: ExtractionParameters): { valley: number; ridge: number; share: number } => {
      const e = analyzeFingerprint(image, params).enhanced.data;
      let v = 0, nv = 0, r = 0, nr = 0, light = 0;
      for (let y = 40; y < 160; y++) {
        for (let x = 40; x < 160; x++) {
          const c = Math.abs(frame(x, y, angle).across);
          const value = e[y * W + x];
          if (c >= PERIOD / 2 - 0.5) {
            v += value;
            nv++;
            if (value > 0) light++;
          } else if (c <= 0.5) {
            r += value;
            nr++;
          }
        }
      }
      return { valley: v / nv, ridge: r / nr, share: light / nv };
    };
    const off = profile(P);
    const withGaps = profile(valleyOn);
    // the valley gains against the ridge (measured: 1.05 → 1.08 of the ridge's depth)
    expect(withGaps.ridge).toBeLessThan(0);
    expect(withGaps.valley / -withGaps.ridge).toBeGreaterThan(off.valley / -off.ridge + 0.01);
    expect(withGaps.share).toBeGreaterThanOrEqual(off.share - 0.005);
  });
});

describe('the pooled ridge fill (poolRidgeFill)', () => {
  /** Median fill over the blocks well inside the foreground. */
  function medianFill(image: GrayImage): number {
    const a = analyzeFingerprint(image, P);
    const fill = poolRidgeFill(a.normalized, a.enhanced, foreground(), P.blockSize, P.enhancementRidgeGapLevel);
    const values: number[] = [];
    for (let by = 0; by < fill.rows; by++) {
      for (let bx = 0; bx < fill.cols; bx++) {
        const cx = (bx + 0.5) * fill.blockSize, cy = (by + 0.5) * fill.blockSize;
        if (cx < 50 || cy < 50 || cx > 150 || cy > 150) continue;
        const b = by * fill.cols + bx;
        if (fill.ridge[b]! > 0) values.push(fill.dark[b]! / fill.ridge[b]!);
      }
    }
    values.sort((x, y) => x - y);
    return values[values.length >> 1]!;
  }

  it('is high for well printed ridges and low for dotted ones', () => {
    const solid = medianFill(sinusoidImage(W, W, PERIOD, 0.4));
    const dotted = medianFill(dottedRidges(0.4, 4, 12));
    expect(solid).toBeGreaterThan(0.8);
    expect(dotted).toBeLessThan(0.6);
  });

  it('pools each block with its 8 neighbours', () => {
    const a = analyzeFingerprint(sinusoidImage(W, W, PERIOD, 0.4), P);
    const fill = poolRidgeFill(a.normalized, a.enhanced, foreground(), P.blockSize, 0);
    // a corner block of the foreground pools fewer ridge pixels than one inside it
    const at = (x: number, y: number): number => fill.ridge[Math.floor(y / fill.blockSize) * fill.cols + Math.floor(x / fill.blockSize)]!;
    expect(at(100, 100)).toBeGreaterThan(at(20, 20));
    expect(at(2, 2)).toBe(0);
  });
});
