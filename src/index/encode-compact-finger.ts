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
 * reportsQuality). The compact form's quality levels cannot say it (the lower level reads back as 25), so the
 * gallery keeps this as a flag of the finger (gallery-layout.ts, FINGER_INFO_QUALITY_NOT_REPORTED)
 * and {@link readCompactFinger} gives such a finger quality 0 on every minutia again. Cost O(count).
 */
export function reportsMinutiaQuality(f: FlatFinger, count: number): boolean {
  for (let i = 0; i < count; i++) if (f.minutiaQuality[i] !== 0) return true;
  return false;
}

/** Largest width/height and coordinate the compact form holds (11 bits), pixels at 500 ppi. */
export const COMPACT_MAX_SIDE = 2047;
/**
 * Angle steps of the compact form: 256 (1.4° each), ISO/IEC 19794-2's own, so a foreign record's
 * angles are kept exactly (the earlier 128 put every odd ISO code halfway between two steps).
 */
export const COMPACT_ANGLE_STEPS = 256;
/** Minutia quality at or above which the compact form's one quality bit is set (levels read back as 25 and 75). */
export const COMPACT_QUALITY_SPLIT = 50;

/**
 * Writes a finger's compact form at `out[at]`: one header word (width | height << 16) and one
 * word per minutia: x (bits 0–10), y (11–21), angle in 256 steps (22–29, 1.4° per step), type
 * (30: 0 ending or other, 1 bifurcation), quality in 2 levels (31: quality ≥ 50). Lossy by
 * design: sub-pixel positions, angles to ±0.7° and minutia quality to 2 levels are what the
 * matcher can use (bench/RESULTS.md, "The gallery's compact form: angles in 256 steps"); the
 * full template stays in the store. Snapshot format afis-gallery-4 on (gallery.ts); words of the
 * earlier layout are converted by {@link convertCompactWordBeforeFormat4}. Returns the words
 * written (1 + count).
 */
export function writeCompactFinger(f: FlatFinger, count: number, out: Uint32Array, at: number): number {
  if (f.width > 65535 || f.height > 65535) throw new StoreError('AFIS_TEMPLATE_INVALID', `finger image ${f.width}×${f.height} too large for the gallery`);
  out[at] = (f.width & 0xffff) | ((f.height & 0xffff) << 16);
  for (let i = 0; i < count; i++) {
    const x = Math.min(COMPACT_MAX_SIDE, Math.max(0, Math.round(f.x[i])));
    const y = Math.min(COMPACT_MAX_SIDE, Math.max(0, Math.round(f.y[i])));
    const a = Math.round((f.angle[i] / TWO_PI) * COMPACT_ANGLE_STEPS) & (COMPACT_ANGLE_STEPS - 1);
    const t = f.type[i] === 2 ? 1 : 0;
    const q = f.minutiaQuality[i] >= COMPACT_QUALITY_SPLIT ? 1 : 0;
    out[at + 1 + i] = (x | (y << 11) | (a << 22) | (t << 30) | (q << 31)) >>> 0;
  }
  return 1 + count;
}

/**
 * A minutia word of the layout before snapshot format afis-gallery-4 (angle in 128 steps at bits
 * 22–28, type 29, quality in 4 levels at 30–31) in the current layout: the same position, type
 * and angle (step k of 128 is step 2k of 256), the quality bit set from level 2 up (quality ≥ 50,
 * as writing the template again would set it). Exact: the finger reads back as it did, only
 * coarser in angle than a new encoding; the start-up sync re-encodes it from the store.
 */
export function convertCompactWordBeforeFormat4(w: number): number {
  const xy = w & 0x3fffff;
  const a = ((w >>> 22) & 0x7f) << 1;
  const t = (w >>> 29) & 1;
  const q = w >>> 31; // level 2 or 3
  return (xy | (a << 22) | (t << 30) | (q << 31)) >>> 0;
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
      angle: (((w >>> 22) & 0xff) * TWO_PI) / COMPACT_ANGLE_STEPS,
      type: (w >>> 30) & 1 ? 'bifurcation' : 'ending',
      quality: reportsQuality ? (w >>> 31) * 50 + 25 : 0,
    };
  }
  return { width, height, ppi: 500, quality, minutiae };
}
