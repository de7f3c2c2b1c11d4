import { TWO_PI, StoreError } from '../core/index.js';
import type { Minutia, OrientationMap, Template } from '../templates/index.js';

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
  /**
   * The template's orientation map (Template.orientationMap), kept for the gallery's second
   * stage, which compares as 1:1 does (the matcher's `orientationAgreementWeight`); absent when
   * the template has none or is not at 500 ppi (see {@link flattenTemplate}).
   */
  readonly orientationMap?: OrientationMap;
}

/**
 * A template → flat arrays at 500 ppi, best-quality minutiae first (stable among equals), at
 * most `maxMinutiae`, with the template's orientation map when it is at 500 ppi. A map of a
 * template at another resolution is left out: its cells are the template's pixels, which the
 * gallery's 500-ppi finger cannot state exactly (the matcher then compares that finger without
 * the field, as when one side has no map; extraction writes templates at 500 ppi). Cost O(n log n).
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
    ...(t.orientationMap && scale === 1 ? { orientationMap: t.orientationMap } : {}),
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
 * Bit of a compact finger's header word: an orientation map follows the minutiae (see
 * {@link writeCompactFinger}). It is the top bit of the height, so the compact form holds heights
 * up to {@link COMPACT_MAX_HEIGHT}; snapshots before afis-gallery-5 never set it for a real finger
 * (gallery.ts, loadSnapshot, clears it in a taller one's header).
 */
export const COMPACT_MAP_FLAG = 0x80000000;
/** Tallest finger image of the compact form, pixels at 500 ppi (15 bits; 65 in): the header's top bit is {@link COMPACT_MAP_FLAG}. */
export const COMPACT_MAX_HEIGHT = 0x7fff;
/** Most cells of an orientation map the compact form holds (2^20: 1,024 × 1,024 cells; 512 KB). */
export const COMPACT_MAX_MAP_CELLS = 1 << 20;

/** Words of a compact orientation map of `cells` cells: one word of the cell size, then 8 cells a word. */
const mapWords = (cells: number): number => 1 + Math.ceil(cells / 8);
/** Words of a boxed compact map of `cells` cells in its box: the cell size's word, the box's two words, then 8 cells a word. */
const boxedMapWords = (cells: number): number => 3 + Math.ceil(cells / 8);

/**
 * Bit of a compact map's first word, above its cell size: only the box of the cells with print
 * follows (snapshot format afis-gallery-6 on; see {@link writeCompactFinger}). A real print's map
 * is about a third background, much of it outside that box (bench/RESULTS.md, mapcost).
 */
export const COMPACT_MAP_BOXED = 0x100;

/** The bounding box of a map's cells with print, in cells: first column and row, columns and rows (all 0 without print). */
function printBox(m: OrientationMap): { u0: number; v0: number; columns: number; rows: number } {
  let u0 = m.columns, u1 = -1, v0 = m.rows, v1 = -1;
  for (let v = 0, i = 0; v < m.rows; v++) {
    for (let u = 0; u < m.columns; u++, i++) {
      if (m.codes[i] === 0) continue;
      if (u < u0) u0 = u;
      if (u > u1) u1 = u;
      if (v0 > v) v0 = v;
      v1 = v;
    }
  }
  return u1 < 0 ? { u0: 0, v0: 0, columns: 0, rows: 0 } : { u0, v0, columns: u1 - u0 + 1, rows: v1 - v0 + 1 };
}

/** The box a map is written with, or null when the whole grid takes no more words. */
function boxOf(m: OrientationMap): { u0: number; v0: number; columns: number; rows: number } | null {
  const box = printBox(m);
  return boxedMapWords(box.columns * box.rows) < mapWords(m.columns * m.rows) ? box : null;
}

/**
 * Words {@link writeCompactFinger} writes for a finger's first `count` minutiae: 1 + count, and
 * the orientation map's words when the finger has one. Throws AFIS_TEMPLATE_INVALID when the
 * finger does not fit the compact form (image above 65535 × {@link COMPACT_MAX_HEIGHT}, a map
 * whose grid does not cover the image or of more than {@link COMPACT_MAX_MAP_CELLS} cells).
 */
export function compactFingerWords(f: FlatFinger, count: number): number {
  if (f.width > 65535 || f.height > COMPACT_MAX_HEIGHT) throw new StoreError('AFIS_TEMPLATE_INVALID', `finger image ${f.width}×${f.height} too large for the gallery`);
  const m = f.orientationMap;
  if (!m) return 1 + count;
  const cells = m.columns * m.rows;
  if (!Number.isInteger(m.cell) || m.cell < 1 || m.cell > 255 || m.columns !== Math.ceil(f.width / m.cell) || m.rows !== Math.ceil(f.height / m.cell) || m.codes.length !== cells) {
    throw new StoreError('AFIS_TEMPLATE_INVALID', `orientation map of ${m.columns}×${m.rows} cells of ${m.cell} px does not cover the finger image ${f.width}×${f.height}`);
  }
  if (cells > COMPACT_MAX_MAP_CELLS) throw new StoreError('AFIS_TEMPLATE_INVALID', `orientation map of ${cells} cells too large for the gallery`);
  const box = boxOf(m);
  return 1 + count + (box ? boxedMapWords(box.columns * box.rows) : mapWords(cells));
}

/**
 * Writes a finger's compact form at `out[at]`: one header word (width | height << 16, and
 * {@link COMPACT_MAP_FLAG} when a map follows) and one word per minutia: x (bits 0–10), y
 * (11–21), angle in 256 steps (22–29, 1.4° per step), type (30: 0 ending or other, 1
 * bifurcation), quality in 2 levels (31: quality ≥ 50). Lossy by design: sub-pixel positions,
 * angles to ±0.7° and minutia quality to 2 levels are what the matcher can use (bench/RESULTS.md,
 * "The gallery's compact form: angles in 256 steps"); the full template stays in the store.
 * Then, when the finger has an orientation map (FlatFinger.orientationMap), the map exactly: one
 * word holding its cell size (bits 0–7; columns and rows follow from the image, as in the
 * template's own binary form) and its 4-bit codes, 8 a word, cell i at bits 4·(i mod 8) of word
 * ⌊i / 8⌋ (600 cells, 76 words, for a 388 × 374 print in 16-px cells). Snapshot format
 * afis-gallery-5 on (gallery.ts); words of the layout before format 4 are converted by
 * {@link convertCompactWordBeforeFormat4}. From afis-gallery-6, when it takes fewer words, only
 * the bounding box of the cells with print: the cell size's word with {@link COMPACT_MAP_BOXED},
 * a word with the box's first column | first row << 16, one with its columns | rows << 16, then
 * the box's codes row by row, 8 a word (cells outside it have no print and read back as 0). Both
 * layouts read back as the same map. Returns the words written ({@link compactFingerWords}).
 */
export function writeCompactFinger(f: FlatFinger, count: number, out: Uint32Array, at: number): number {
  const words = compactFingerWords(f, count);
  const m = f.orientationMap;
  out[at] = ((f.width & 0xffff) | ((f.height & COMPACT_MAX_HEIGHT) << 16) | (m ? COMPACT_MAP_FLAG : 0)) >>> 0;
  for (let i = 0; i < count; i++) {
    const x = Math.min(COMPACT_MAX_SIDE, Math.max(0, Math.round(f.x[i])));
    const y = Math.min(COMPACT_MAX_SIDE, Math.max(0, Math.round(f.y[i])));
    const a = Math.round((f.angle[i] / TWO_PI) * COMPACT_ANGLE_STEPS) & (COMPACT_ANGLE_STEPS - 1);
    const t = f.type[i] === 2 ? 1 : 0;
    const q = f.minutiaQuality[i] >= COMPACT_QUALITY_SPLIT ? 1 : 0;
    out[at + 1 + i] = (x | (y << 11) | (a << 22) | (t << 30) | (q << 31)) >>> 0;
  }
  if (m) {
    const base = at + 1 + count;
    const box = boxOf(m);
    if (box === null) {
      out[base] = m.cell;
      out.fill(0, base + 1, at + words);
      for (let i = 0; i < m.codes.length; i++) out[base + 1 + (i >>> 3)] |= (m.codes[i] & 15) << (4 * (i & 7));
    } else {
      out[base] = m.cell | COMPACT_MAP_BOXED;
      out[base + 1] = (box.u0 | (box.v0 << 16)) >>> 0;
      out[base + 2] = (box.columns | (box.rows << 16)) >>> 0;
      out.fill(0, base + 3, at + words);
      for (let v = 0, i = 0; v < box.rows; v++) {
        for (let u = 0, k = (box.v0 + v) * m.columns + box.u0; u < box.columns; u++, i++, k++) out[base + 3 + (i >>> 3)] |= (m.codes[k] & 15) << (4 * (i & 7));
      }
    }
  }
  return words;
}

/**
 * Words of the compact finger stored at `pool[at]` with `count` minutiae (its info word's count):
 * 1 + count, and its orientation map's when the header says one follows. Cost O(1).
 */
export function storedCompactWords(pool: Uint32Array, at: number, count: number): number {
  const head = pool[at];
  if ((head & COMPACT_MAP_FLAG) === 0) return 1 + count;
  const first = pool[at + 1 + count];
  if ((first & COMPACT_MAP_BOXED) !== 0) {
    const size = pool[at + 3 + count];
    return 1 + count + boxedMapWords((size & 0xffff) * (size >>> 16));
  }
  const cell = first & 0xff;
  return 1 + count + mapWords(Math.ceil((head & 0xffff) / cell) * Math.ceil(((head >>> 16) & COMPACT_MAX_HEIGHT) / cell));
}

/**
 * A header word of a snapshot before afis-gallery-5, whose height could use the top bit now
 * {@link COMPACT_MAP_FLAG}: such a finger (over 32,767 px tall at 500 ppi) reads back
 * {@link COMPACT_MAX_HEIGHT} tall and without a map; every other header is unchanged.
 */
export function convertCompactHeaderBeforeFormat5(head: number): number {
  return (head & COMPACT_MAP_FLAG) !== 0 ? ((head & 0xffff) | (COMPACT_MAX_HEIGHT << 16)) >>> 0 : head;
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
 * Reads a compact finger back as a Template at 500 ppi (see {@link writeCompactFinger}), with
 * its orientation map when one was stored (the codes exactly as the template had them); with
 * `reportsQuality` false (the finger's minutiae all carried 0, "not reported": see
 * {@link reportsMinutiaQuality}) every minutia reads back with quality 0, as the template had it.
 */
export function readCompactFinger(pool: Uint32Array, at: number, count: number, quality: number, reportsQuality = true): Template {
  const head = pool[at];
  const width = head & 0xffff;
  const height = (head >>> 16) & COMPACT_MAX_HEIGHT;
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
  if ((head & COMPACT_MAP_FLAG) === 0) return { width, height, ppi: 500, quality, minutiae };
  const base = at + 1 + count;
  const first = pool[base];
  const cell = first & 0xff;
  const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const cells = columns * rows;
  const codes = new Uint8Array(cells);
  if ((first & COMPACT_MAP_BOXED) === 0) {
    for (let i = 0; i < cells; i++) codes[i] = (pool[base + 1 + (i >>> 3)] >>> (4 * (i & 7))) & 15;
  } else {
    const corner = pool[base + 1], size = pool[base + 2];
    const u0 = corner & 0xffff, v0 = corner >>> 16, boxColumns = size & 0xffff, boxRows = size >>> 16;
    if (u0 + boxColumns > columns || v0 + boxRows > rows) throw new StoreError('AFIS_STORE_CORRUPT', `orientation map box ${boxColumns}×${boxRows} at ${u0}, ${v0} outside its ${columns}×${rows} cells`);
    for (let v = 0, i = 0; v < boxRows; v++) {
      for (let u = 0, k = (v0 + v) * columns + u0; u < boxColumns; u++, i++, k++) codes[k] = (pool[base + 3 + (i >>> 3)] >>> (4 * (i & 7))) & 15;
    }
  }
  return { width, height, ppi: 500, quality, minutiae, orientationMap: { cell, columns, rows, codes } };
}
