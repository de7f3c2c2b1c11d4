import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/synthetic/index.js';
import { covariateVector, fitTailScaleModel, quantileRegression, rescaleScore, tailScaleFactor } from '../../src/matching/pair-fmr-model.js';

/** Deterministic uniform stream (the generator's own). */
const rng = (seed: number): (() => number) => createRng(seed).next;

describe('quantileRegression', () => {
  it('recovers the τ-quantile line of y = a + b·x + exponential noise', () => {
    const r = rng(1);
    const x: number[][] = [], y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const v = r() * 4;
      x.push([v]);
      y.push(1 + 0.5 * v - Math.log(1 - r())); // Exp(1) noise: its 0.99 quantile is ln 100
    }
    const [a, b] = quantileRegression(x, y, 0.99);
    // 200 points lie above the line, so the slope's sampling spread is about ±0.06 from draw to
    // draw (seeds 1–12 of this stream: 0.42–0.58); the intercept tells the 0.99 quantile (1 + ln
    // 100 ≈ 5.61) from a mean regression's (2)
    expect(Math.abs(b! - 0.5)).toBeLessThan(0.15);
    expect(Math.abs(a! - (1 + Math.log(100)))).toBeLessThan(0.5);
  });

  it('is the sample quantile without covariates', () => {
    const y = Array.from({ length: 1001 }, (_, i) => i);
    const x = y.map(() => [] as number[]);
    const [q] = quantileRegression(x, y, 0.9);
    expect(Math.abs(q! - 900)).toBeLessThan(1.5);
  });

  it('rejects a τ outside (0, 1) and mismatched rows', () => {
    expect(() => quantileRegression([[1]], [1], 1)).toThrow(RangeError);
    expect(() => quantileRegression([[1], [2]], [1], 0.5)).toThrow(RangeError);
  });
});

describe('fitTailScaleModel', () => {
  it('makes the impostor tail independent of a covariate that scales the scores', () => {
    // impostor scores s = e^(0.8·x) · u, u the same heavy tail for every x: the right model is β = 0.8
    const r = rng(7);
    const scores: number[] = [], cov: number[][] = [];
    for (let i = 0; i < 40000; i++) {
      const v = r() * 2;
      const u = r() < 0.3 ? 0 : Math.exp(-Math.log(1 - r()) * 0.7); // 30 % zeros, a Pareto-like tail
      scores.push(Math.exp(0.8 * v) * u);
      cov.push([v]);
    }
    const model = fitTailScaleModel(scores, cov, 0.99);
    expect(model.beta[0]!).toBeCloseTo(0.8, 1);
    expect(model.centre[0]!).toBeCloseTo(1, 1);
    // the rescaled scores' exceedance above the pooled 99 % point is the same for low and high x
    const rescaled = scores.map((s, i) => rescaleScore(s, cov[i]!, model));
    const t = Float64Array.from(rescaled).sort()[Math.floor(0.99 * rescaled.length)]!;
    const rate = (keep: (v: number) => boolean): number => {
      let n = 0, k = 0;
      rescaled.forEach((s, i) => { if (keep(cov[i]![0]!)) { n++; if (s > t) k++; } });
      return k / n;
    };
    expect(rate((v) => v < 1)).toBeGreaterThan(0.007);
    expect(rate((v) => v < 1)).toBeLessThan(0.013);
    expect(rate((v) => v >= 1)).toBeGreaterThan(0.007);
    expect(rate((v) => v >= 1)).toBeLessThan(0.013);
    // the raw scores' would not be
    const raw = Float64Array.from(scores).sort()[Math.floor(0.99 * scores.length)]!;
    let hi = 0, nHi = 0;
    scores.forEach((s, i) => { if (cov[i]![0]! >= 1) { nHi++; if (s > raw) hi++; } });
    expect(hi / nHi).toBeGreaterThan(0.0135);
  });

  it('gives a constant covariate slope 0 and fits the others', () => {
    const r = rng(5);
    const scores: number[] = [], cov: number[][] = [];
    for (let i = 0; i < 20000; i++) { const v = r(); scores.push(Math.exp(v) * -Math.log(1 - r())); cov.push([0.7, v]); }
    const m = fitTailScaleModel(scores, cov, 0.99);
    expect(m.beta[0]).toBe(0);
    expect(m.beta[1]!).toBeCloseTo(1, 0);
  });

  it('finds no slope when the covariate does not matter', () => {
    const r = rng(3);
    const scores: number[] = [], cov: number[][] = [];
    for (let i = 0; i < 20000; i++) { scores.push(-Math.log(1 - r())); cov.push([r()]); }
    expect(Math.abs(fitTailScaleModel(scores, cov, 0.99).beta[0]!)).toBeLessThan(0.15);
  });
});

describe('tailScaleFactor and rescaleScore', () => {
  const model = { tau: 0.995, intercept: 0, beta: [1, -2], centre: [1, 0.5], low: [0, 0], high: [2, 1], pairs: 10 };
  it('is 1 at the centre and exp(−β·(x − x̄)) elsewhere, covariates clamped to the fit range', () => {
    expect(tailScaleFactor([1, 0.5], model)).toBe(1);
    expect(tailScaleFactor([1.5, 0.5], model)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(tailScaleFactor([5, 0.5], model)).toBeCloseTo(Math.exp(-1), 12); // clamped to 2
    expect(tailScaleFactor([1, 0], model)).toBeCloseTo(Math.exp(-1), 12);
  });
  it('leaves a zero score at zero and scales the rest', () => {
    expect(rescaleScore(0, [2, 0], model)).toBe(0);
    expect(rescaleScore(3, [1.5, 0.5], model)).toBeCloseTo(3 * Math.exp(-0.5), 12);
  });
  it('covariateVector takes ln count, ln(1 + common) and clarity', () => {
    expect(covariateVector({ smaller: 20, common: 9, clarity: 0.6 })).toEqual([Math.log(20), Math.log(10), 0.6]);
  });
});
