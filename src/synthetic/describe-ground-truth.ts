import type { MasterPrint } from './image-types.js';
import { type SyntheticImage, type TruthMinutia, impressionOrientationAt } from './render-impression.js';

/** Version tag of the truth files `afis synth` writes. */
export const TRUTH_FORMAT = 'afis-synthetic-truth/1';

/** Block size of the truth mask and orientation grids, pixels. */
export const TRUTH_MASK_BLOCK = 8;
export const TRUTH_ORIENTATION_BLOCK = 16;

/**
 * The ground truth of one impression as JSON: what `afis eval extraction` reads back.
 * - `minutiae`: image pixels, `angle` radians in the Template convention; `destroyed` marks
 *   minutiae the skin condition erased (not counted against recall).
 * - `mask`: rows of '0'/'1', one character per 8 × 8 block (1 when most of the block is finger).
 * - `orientation`: per 16 × 16 block, ridge direction in degrees [0, 180) counter-clockwise on
 *   screen, or -1 outside the finger.
 * - `distortion`: the impression's rigid move and its Cappelli–Maio–Maltoni parameters.
 */
export interface ImpressionTruth {
  readonly format: string;
  readonly position: number;
  readonly patternClass: string;
  readonly style: string;
  readonly kind: string;
  readonly condition: string;
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly cores: ReadonlyArray<readonly [number, number]>;
  readonly deltas: ReadonlyArray<readonly [number, number]>;
  readonly minutiae: readonly TruthMinutia[];
  readonly meanRidgePeriod: number;
  readonly mask: { readonly block: number; readonly rows: readonly string[] };
  readonly orientation: { readonly block: number; readonly degrees: ReadonlyArray<readonly number[]> };
  readonly distortion: Readonly<Record<string, number>>;
  readonly marks: ReadonlyArray<{ readonly kind: string; readonly curve: readonly number[]; readonly width: number }>;
  readonly sensorFrame: boolean;
  readonly alteration: unknown;
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

/** Builds the truth record of an impression (O(W·H / 64) plus the minutiae). */
export function describeGroundTruth(master: MasterPrint, imp: SyntheticImage, extra: { alteration?: unknown } = {}): ImpressionTruth {
  const { width, height } = imp.image;
  const rows: string[] = [];
  const B = TRUTH_MASK_BLOCK;
  for (let by = 0; by * B < height; by++) {
    let row = '';
    for (let bx = 0; bx * B < width; bx++) {
      let on = 0, all = 0;
      for (let y = by * B; y < Math.min(height, by * B + B); y++) {
        for (let x = bx * B; x < Math.min(width, bx * B + B); x++) { on += imp.mask[y * width + x]!; all++; }
      }
      row += 2 * on >= all ? '1' : '0';
    }
    rows.push(row);
  }
  const O = TRUTH_ORIENTATION_BLOCK;
  const degrees: number[][] = [];
  let periodSum = 0, periodN = 0;
  for (let by = 0; by * O < height; by++) {
    const row: number[] = [];
    for (let bx = 0; bx * O < width; bx++) {
      const cx = Math.min(width - 1, bx * O + O / 2), cy = Math.min(height - 1, by * O + O / 2);
      if (!imp.mask[Math.round(cy) * width + Math.round(cx)]) { row.push(-1); continue; }
      const o = impressionOrientationAt(master, imp.geometry, cx, cy);
      row.push(Math.round((o * 180) / Math.PI) % 180);
    }
    degrees.push(row);
  }
  for (let i = 0; i < master.mask.length; i += 7) if (master.mask[i]) { periodSum += master.period[i]!; periodN++; }
  const g = imp.geometry;
  return {
    format: TRUTH_FORMAT,
    position: master.pattern.position,
    patternClass: master.pattern.patternClass,
    style: imp.style,
    kind: imp.kind,
    condition: imp.condition.kind,
    width, height, ppi: 500,
    cores: imp.cores,
    deltas: imp.deltas,
    minutiae: imp.minutiae,
    meanRidgePeriod: r2(periodN ? periodSum / periodN : 0),
    mask: { block: B, rows },
    orientation: { block: O, degrees },
    distortion: {
      rotationRad: r2(g.rotation * 100) / 100, translationX: r2(g.imageX - width / 2), translationY: r2(g.imageY - height / 2),
      contactX: r2(g.contactX), contactY: r2(g.contactY), contactA: r2(g.contactA), contactB: r2(g.contactB),
      rigidA: r2(g.rigidA), rigidB: r2(g.rigidB), brake: g.brake, twistRad: r2(g.twist * 1000) / 1000, shiftX: r2(g.shiftX), shiftY: r2(g.shiftY),
    },
    marks: imp.condition.marks.map((m) => ({ kind: m.kind, curve: m.curve.map(r2), width: r2(m.width) })),
    sensorFrame: imp.sensor.frame,
    alteration: extra.alteration ?? null,
  };
}
