import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../../src/config/parameters.js';
import { fitPeriodToFlow } from '../../src/synthetic/fit-period-to-flow.js';

const W = 360, H = 360, CX = 180, CY = 180;

/** A flow field around (CX, CY): ridges running out from it (`radial`) or round it (concentric). */
function field(radial: boolean): Float32Array {
  const o = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    let a = Math.atan2(y - CY, x - CX) + (radial ? 0 : Math.PI / 2);
    a = ((a % Math.PI) + Math.PI) % Math.PI;
    o[y * W + x] = a;
  }
  return o;
}

/** Ridges crossed along an arc of 1 radian at radius r (radial ridges): r / P; its change between two radii is the number of ridges inserted in between. */
function rowsOf(period: Float32Array, r: number): number {
  return r / period[CY * W + CX + r]!;
}

describe('fitPeriodToFlow: the density map follows the flow', () => {
  const params = { ...SYNTHETIC_IMAGE_PARAMETERS, periodFollowsFlow: 1, periodFlowReach: 160, periodFlowMaxLog: 0.4 } as unknown as SyntheticImageParameters;
  const withParams = (extra: Record<string, number>): SyntheticImageParameters => ({ ...params, ...extra }) as unknown as SyntheticImageParameters;

  it('widens the period where ridges fan out, so fewer ridges must be inserted', () => {
    const period = new Float32Array(W * H).fill(8);
    fitPeriodToFlow(period, field(true), W, H, params);
    // along a ray the period grows outwards (ideal: P ∝ r, no ridge inserted at all)
    expect(period[CY * W + CX + 110]! / period[CY * W + CX + 60]!).toBeGreaterThan(1.25);
    // ridges to insert on a 1-radian wedge between r = 60 and 110: (110 − 60) / 8 = 6.25 at a constant period
    const inserted = rowsOf(period, 110) - rowsOf(period, 60);
    expect(inserted).toBeLessThan(0.7 * 6.25);
    expect(inserted).toBeGreaterThan(0);
  });

  it('leaves the period alone where ridges run parallel (concentric), and when off', () => {
    const concentric = new Float32Array(W * H).fill(8);
    fitPeriodToFlow(concentric, field(false), W, H, params);
    for (const r of [40, 80, 120]) expect(concentric[CY * W + CX + r]!).toBeCloseTo(8, 1);
    const off = new Float32Array(W * H).fill(8);
    fitPeriodToFlow(off, field(true), W, H, withParams({ periodFollowsFlow: 0 }));
    expect(off.every((v) => v === 8)).toBe(true);
  });

  it('keeps the period within periodMin…periodMax', () => {
    const period = new Float32Array(W * H).fill(11.5);
    fitPeriodToFlow(period, field(true), W, H, withParams({ periodFlowMaxLog: 1 }));
    let lo = Infinity, hi = -Infinity;
    for (const v of period) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).toBeGreaterThanOrEqual(params.periodMin);
    expect(hi).toBeLessThanOrEqual(params.periodMax);
  });
});
