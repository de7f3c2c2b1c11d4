import type { SegmentationParameters } from '../config/parameters.js';
import { SLAP_FINGERS, type BlockMask, type FingerRegion, type SlapKind } from './types.js';

/**
 * Where each finger's tip sits on a hand, in finger spacings along the finger direction, left to
 * right as the scanner sees the slap: the middle finger reaches furthest, the index and ring a
 * little less, the little finger about one spacing less. Both thumbs reach alike.
 */
const TIP_HEIGHTS: Readonly<Record<SlapKind, readonly number[]>> = Object.freeze({
  'right-four': [-0.5, 0, -0.25, -1.1],
  'left-four': [-1.1, -0.25, 0, -0.5],
  thumbs: [0, 0],
});

export interface AssignedRegion {
  readonly region: FingerRegion;
  readonly position: number;
  /** Tip coordinate along the hand's finger direction, pixels. */
  readonly tip: number;
}

export interface FingerAssignment {
  readonly fingers: readonly AssignedRegion[];
  readonly missing: readonly number[];
  /** 0–1: how well the hand geometry fits and how clearly it beats the next assignment. */
  readonly confidence: number;
}

function solve3(m: number[][], v: number[]): number[] | null {
  const a = m.map((row, i) => [...row, v[i]]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (Math.abs(a[p][c]) < 1e-12) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k < 4; k++) a[r][k] -= f * a[c][k];
    }
  }
  return [a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]];
}

/** Increasing index subsets of {0..m-1} of size n. */
function subsets(m: number, n: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]): void => {
    if (acc.length === n) { out.push([...acc]); return; }
    for (let k = start; k < m; k++) rec(k + 1, [...acc, k]);
  };
  rec(0, []);
  return out;
}

/**
 * Gives each region its finger position from the hand's geometry: the regions are ordered across
 * the hand (left to right on the slap: right index … little, left little … index, left thumb then
 * right thumb), and when fewer fingers than the slap holds were found, the missing ones are those
 * whose absence best explains the gaps and tip heights (a least-squares fit of offset, tip line and
 * finger spacing, with weak priors that the hand is centred and the spacing matches the finger
 * width). Positions the desk declared missing are taken as missing when their count fits.
 * Throws nothing; returns the confidence for the caller to judge. Pure.
 */
export function assignFingerPositions(
  regions: readonly FingerRegion[], mask: BlockMask, imageWidth: number, imageHeight: number, kind: SlapKind, handAngle: number,
  declaredMissing: readonly number[], params: SegmentationParameters,
): FingerAssignment {
  const slots = SLAP_FINGERS[kind];
  const heights = TIP_HEIGHTS[kind];
  const ax = Math.cos(handAngle);
  const ay = Math.sin(handAngle);
  const dx = Math.sin(handAngle);
  const dy = -Math.cos(handAngle);
  const b = mask.blockSize;
  const items = regions.slice(0, slots.length).map((region) => {
    let tip = -Infinity;
    for (const i of region.blocks) {
      const t = ((i % mask.width) + 0.5) * b * dx + (Math.floor(i / mask.width) + 0.5) * b * dy;
      if (t > tip) tip = t;
    }
    return { region, u: region.cx * ax + region.cy * ay, tip };
  }).sort((p, q) => p.u - q.u);
  const n = items.length;
  const widths = items.map((it) => it.region.width).sort((p, q) => p - q);
  const s0 = Math.max(1, (widths[Math.floor(n / 2)] ?? params.maxFingerWidth / 2) * params.spacingPerWidth);
  const u0 = (imageWidth / 2) * ax + (imageHeight / 2) * ay;

  const candidates = subsets(slots.length, n);
  const declared = candidates.filter((c) => {
    const missing = slots.filter((_, k) => !c.includes(k));
    return missing.length > 0 && missing.every((p) => declaredMissing.includes(p));
  });
  const pool = declared.length === 1 ? declared : candidates;
  const centre = (slots.length - 1) / 2;
  const scored = pool.map((c) => {
    // Unknowns (a, t, s): u_i ≈ a + s·k_i, tip_i ≈ t + s·h_i; priors s ≈ s0, a + s·centre ≈ u0.
    const rows: { coef: [number, number, number]; value: number; weight: number }[] = [];
    c.forEach((k, i) => {
      rows.push({ coef: [1, 0, k], value: items[i].u, weight: 1 });
      rows.push({ coef: [0, 1, heights[k]], value: items[i].tip, weight: 1 });
    });
    rows.push({ coef: [0, 0, 1], value: s0, weight: params.spacingWeight });
    rows.push({ coef: [1, 0, centre], value: u0, weight: params.centreWeight });
    const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const v = [0, 0, 0];
    for (const r of rows) {
      const w2 = r.weight * r.weight;
      for (let p = 0; p < 3; p++) {
        v[p] += w2 * r.coef[p] * r.value;
        for (let q = 0; q < 3; q++) m[p][q] += w2 * r.coef[p] * r.coef[q];
      }
    }
    const x = solve3(m, v) ?? [u0 - s0 * centre, 0, s0];
    const s = Math.max(x[2], s0 * 0.25);
    let sum = 0;
    for (const r of rows) {
      const e = (r.coef[0] * x[0] + r.coef[1] * x[1] + r.coef[2] * x[2] - r.value) * r.weight;
      sum += e * e;
    }
    return { c, residual: Math.sqrt(sum / rows.length) / s };
  }).sort((p, q) => p.residual - q.residual);

  const best = scored[0];
  const fit = Math.max(0, 1 - best.residual / params.maxGeometryResidual);
  // With fingers missing, an assignment barely better than the next one is a guess.
  const margin = scored.length > 1 && declared.length !== 1 ? Math.min(1, (scored[1].residual - best.residual) / (0.25 * params.maxGeometryResidual)) : 1;
  return {
    fingers: best.c.map((k, i) => ({ region: items[i].region, position: slots[k], tip: items[i].tip })),
    missing: slots.filter((_, k) => !best.c.includes(k)),
    confidence: Math.round(fit * margin * 1000) / 1000,
  };
}
