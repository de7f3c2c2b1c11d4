import { TWO_PI, StoreError } from '../core/index.js';
import type { Minutia, Template } from '../templates/index.js';

/**
 * A finger's minutiae as flat arrays, the form the gallery encodes from and computes codes on.
 * Pixels at 500 ppi, Template angle convention; `type` 0 other, 1 ending, 2 bifurcation;
 * minutiae ordered best quality first.
 */
export interface FlatFinger {
  readonly width: number;
  readonly height: number;
  readonly quality: number;
  readonly count: number;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly angle: ArrayLike<number>;
  readonly type: ArrayLike<number>;
  readonly minutiaQuality: ArrayLike<number>;
}

/**
 * A template → flat arrays at 500 ppi, best-quality minutiae first (stable among equals), at
 * most `maxMinutiae`. Cost O(n log n).
 */
export function flattenTemplate(t: Template, maxMinutiae = 255): FlatFinger {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  const order = t.minutiae.map((_, i) => i).sort((a, b) => t.minutiae[b].quality - t.minutiae[a].quality || a - b);
  const n = Math.min(order.length, maxMinutiae);
  const f = {
    width: Math.max(1, Math.round(t.width * scale)),
    height: Math.max(1, Math.round(t.height * scale)),
    quality: t.quality,
    count: n,
    x: new Float32Array(n),
    y: new Float32Array(n),
    angle: new Float32Array(n),
    type: new Uint8Array(n),
    minutiaQuality: new Uint8Array(n),
  };
  for (let k = 0; k < n; k++) {
    const m = t.minutiae[order[k]];
    f.x[k] = m.x * scale;
    f.y[k] = m.y * scale;
    f.angle[k] = m.angle;
    f.type[k] = m.type === 'ending' ? 1 : m.type === 'bifurcation' ? 2 : 0;
    f.minutiaQuality[k] = m.quality;
  }
  return f;
}

/**
 * Whether a finger's first `count` minutiae (as flattenTemplate orders them, best quality first)
 * report a quality: false when every one carries 0. ISO/IEC 19794-2, INCITS 378 and ANSI/NIST
 * Type-9 producers write 0 for "not reported" (SecuGen's FVC2002 records: 0 on all 10,214
 * minutiae), and the matcher then keeps the overlap share of counts (compare-templates.ts,
 * reportsQuality). The compact form's 4 levels cannot say it (level 0 reads back as 12), so the
 * gallery keeps this as a flag of the finger (gallery-layout.ts, FINGER_INFO_QUALITY_NOT_REPORTED)
 * and {@link readCompactFinger} gives such a finger quality 0 on every minutia again. Cost O(count).
 */
export function reportsMinutiaQuality(f: FlatFinger, count: number): boolean {
  for (let i = 0; i < count; i++) if (f.minutiaQuality[i] !== 0) return true;
  return false;
}

/** Largest width/height and coordinate the compact form holds (11 bits), pixels at 500 ppi. */
export const COMPACT_MAX_SIDE = 2047;
const ANGLE_STEPS = 128;

/**
 * Writes a finger's compact form at `out[at]`: one header word (width | height << 16) and one
 * word per minutia: x (bits 0–10), y (11–21), angle in 128 steps (22–28, 2.8° per step), type
 * (29: 0 ending or other, 1 bifurcation), quality in 4 levels (30–31). Lossy by design:
 * sub-pixel positions, angles to ±1.4° and minutia quality to 4 levels are what the matcher can
 * use; the full template stays in the store. Returns the words written (1 + count).
 */
export function writeCompactFinger(f: FlatFinger, count: number, out: Uint32Array, at: number): number {
  if (f.width > 65535 || f.height > 65535) throw new StoreError('AFIS_TEMPLATE_INVALID', `finger image ${f.width}×${f.height} too large for the gallery`);
  out[at] = (f.width & 0xffff) | ((f.height & 0xffff) << 16);
  for (let i = 0; i < count; i++) {
    const x = Math.min(COMPACT_MAX_SIDE, Math.max(0, Math.round(f.x[i])));
    const y = Math.min(COMPACT_MAX_SIDE, Math.max(0, Math.round(f.y[i])));
    const a = Math.round((f.angle[i] / TWO_PI) * ANGLE_STEPS) & (ANGLE_STEPS - 1);
    const t = f.type[i] === 2 ? 1 : 0;
    const q = Math.min(3, Math.max(0, Math.floor(f.minutiaQuality[i] / 25)));
    out[at + 1 + i] = (x | (y << 11) | (a << 22) | (t << 29) | (q << 30)) >>> 0;
  }
  return 1 + count;
}

/**
 * Reads a compact finger back as a Template at 500 ppi (see {@link writeCompactFinger}); with
 * `reportsQuality` false (the finger's minutiae all carried 0, "not reported": see
 * {@link reportsMinutiaQuality}) every minutia reads back with quality 0, as the template had it.
 */
export function readCompactFinger(pool: Uint32Array, at: number, count: number, quality: number, reportsQuality = true): Template {
  const head = pool[at];
  const width = head & 0xffff;
  const height = head >>> 16;
  const minutiae: Minutia[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const w = pool[at + 1 + i];
    minutiae[i] = {
      // the stored pixel may equal the border after rounding: keep it inside the image
      x: Math.min(w & 0x7ff, width - 1),
      y: Math.min((w >>> 11) & 0x7ff, height - 1),
      angle: (((w >>> 22) & 0x7f) * TWO_PI) / ANGLE_STEPS,
      type: (w >>> 29) & 1 ? 'bifurcation' : 'ending',
      quality: reportsQuality ? ((w >>> 30) & 3) * 25 + 12 : 0,
    };
  }
  return { width, height, ppi: 500, quality, minutiae };
}
