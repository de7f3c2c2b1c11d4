import type { ExtractionParameters } from '../config/parameters.js';
import type { BlockGradients } from './compute-block-gradients.js';
import { scratchInt32, scratchInt8 } from './scratch-arrays.js';

/**
 * A flexion crease across the print: the straight line y = offset + slope · (x − centre) (pixels
 * at 500 ppi) along the edge of the band's quiet rows on the side kept (moved `segmentationCreaseCutMargin`
 * into the print), and the side cut away beyond it (the second phalanx's, and the band).
 */
export interface Crease {
  readonly slope: number;
  readonly centre: number;
  readonly offset: number;
  /** +1: the pixels below the line (larger y) are cut; −1: those above. */
  readonly side: 1 | -1;
}

/** Half sides of the window a pixel's quietness is measured on (9 wide × 5 tall: a band across). */
const QUIET_HALF_WIDTH = 4;
const QUIET_HALF_HEIGHT = 2;
/** Half of the fewest rows a band must hold (5 rows: a crease is at least ≈ 1/3 mm). */
const BAND_HALF = 2;
/** Rows between the band's ends and its flanks (the ridges fade in towards a crease). */
const FLANK_GAP = 8;
/** Rows of each flank that must show print (≈ 3 ridge periods). */
const FLANK_ROWS = 24;
/** Rows beyond the line whose blocks give the far side's ridge flow. */
const FLOW_ROWS = 48;
/** Tilts searched, each way from the image's rows, and their step (slopes). */
const TILT_STEPS = 7;

/**
 * The distal flexion crease of a print that shows the second phalanx (issue 12, part 2): a band
 * roughly across the finger with no ridge evidence (light and quiet: grey standard deviation
 * over 9 × 5 px below `segmentationCreaseQuietContrast` times the print's median block contrast,
 * mean above the print's median grey) with print on both sides, where the smaller side's ridges
 * run along the band (second-phalanx ridges lie across the finger). Searched over straight lines
 * within `segmentationCreaseMaxTilt` (slope) of the image's rows, so an upright print (rolled,
 * plain, a slap's cut fingertip) is assumed; a crease along the finger is not looked for.
 *
 * Per tilt, each line of the family is a row profile of the mask's pixels: the share that is
 * quiet. A crease is a line whose band (±2 rows) is quiet in at least `segmentationCreaseMinShare`
 * of its pixels, whose two flanks (8–32 rows away on each side) are untextured (quiet, light
 * or dark: a frame's flat fill is no print either) in at most `segmentationCreaseMaxFlankShare`, every row of band and flanks holding at least half the
 * band's mask width; the side cut is the one with fewer mask pixels (at most
 * `segmentationCreaseMaxCutShare` of the mask), and its ridges within 48 rows of the line must
 * lie along it (the normalised gradient moment across the line, −1…1, at least
 * `segmentationCreaseMinParallel`). Null when no line qualifies (the best one when several do).
 *
 * `blocks` is the block mask (a pixel belongs where its block does); `sat`/`sat2` the grey's
 * summed-area tables ((width+1) × (height+1)). Cost: O(pixels) to classify, then O(runs of one class per column + rows) per tilt. Pure, thread-safe.
 */
export function findCrease(
  sat: Float64Array,
  sat2: Float64Array,
  width: number,
  height: number,
  gradients: BlockGradients,
  blocks: Uint8Array,
  contrast: Float32Array,
  params: ExtractionParameters,
): Crease | null {
  if (params.segmentationCreaseMinShare <= 0) return null;
  const { cols, rows, blockSize: size } = gradients.grid;
  const w1 = width + 1;
  // the print's scale: its median block contrast and median grey
  const inMask = new Float64Array(blocks.length);
  const means = new Float64Array(blocks.length);
  let inBlocks = 0;
  for (let b = 0; b < blocks.length; b++) {
    if (!blocks[b]) continue;
    inMask[inBlocks] = contrast[b];
    const bx = b % cols, by = (b - bx) / cols;
    const x0 = bx * size, x1 = Math.min(width, x0 + size), y0 = by * size, y1 = Math.min(height, y0 + size);
    means[inBlocks] = (sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0]) / ((x1 - x0) * (y1 - y0));
    inBlocks++;
  }
  if (inBlocks < 4) return null;
  // typed arrays sort numerically, in place
  const contrasts = inMask.subarray(0, inBlocks).sort();
  const greys = means.subarray(0, inBlocks).sort();
  const quietDeviation = params.segmentationCreaseQuietContrast * contrasts[inBlocks >> 1];
  const limit = quietDeviation * quietDeviation;
  const lightMean = greys[inBlocks >> 1];
  // the mask's pixels (every second column: a crease runs across the columns) as 1 = quiet and
  // light (a crease), 2 = textured (print: grey spread at least the quiet limit), 0 = flat but
  // dark (neither: a frame's fill, a smudge); kept column by column (rows, classes) so that each
  // tilt below moves a whole column by one shift
  const columns = (width + 1) >> 1;
  const columnRuns = new Int32Array(columns + 1);
  // (image-sized, kept from print to print: only the entries below `runs` are read, all written first)
  const runStart = scratchInt32('crease.runStart', columns * height);
  const runEnd = scratchInt32('crease.runEnd', runStart.length);
  const runClass = scratchInt8('crease.runClass', runStart.length);
  let masked = 0, runs = 0;
  for (let x = 0, c = 0; x < width; x += 2, c++) {
    columnRuns[c] = runs;
    const x0 = Math.max(0, x - QUIET_HALF_WIDTH), x1 = Math.min(width, x + QUIET_HALF_WIDTH + 1);
    const bx = (x / size) | 0;
    for (let y = 0; y < height; y++) {
      if (!blocks[((y / size) | 0) * cols + bx]) continue;
      const y0 = Math.max(0, y - QUIET_HALF_HEIGHT), y1 = Math.min(height, y + QUIET_HALF_HEIGHT + 1);
      const s1 = sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0];
      const s2 = sat2[y1 * w1 + x1] - sat2[y0 * w1 + x1] - sat2[y1 * w1 + x0] + sat2[y0 * w1 + x0];
      const n = (x1 - x0) * (y1 - y0);
      const mean = s1 / n;
      const deviation = s2 / n - mean * mean;
      const q = deviation >= limit ? 2 : mean > lightMean ? 1 : 0;
      masked++;
      // runs of one class on consecutive rows
      if (runs > columnRuns[c] && runClass[runs - 1] === q && runEnd[runs - 1] === y) runEnd[runs - 1] = y + 1;
      else {
        runStart[runs] = y;
        runEnd[runs] = y + 1;
        runClass[runs] = q;
        runs++;
      }
    }
  }
  columnRuns[columns] = runs;
  const maxTilt = params.segmentationCreaseMaxTilt;
  const centre = width / 2;
  const spread = Math.ceil(maxTilt * centre) + 1;
  const bins = height + 2 * spread;
  // one bin more: a range's end (exclusive) may fall just past the last bin
  const count = new Int32Array(bins + 1);
  const quietCount = new Int32Array(bins + 1);
  const textured = new Int32Array(bins + 1);
  let best: Crease | null = null;
  let bestScore = -Infinity;
  for (let k = -TILT_STEPS; k <= TILT_STEPS; k++) {
    const slope = (maxTilt * k) / TILT_STEPS;
    count.fill(0);
    quietCount.fill(0);
    textured.fill(0);
    // bin v: the line through (centre, v − spread) of this slope. Along a column the bin is
    // round(y − off) + spread = y + round(−off) + spread, one shift for the column, unless off
    // lies within float error of a half (then each row is rounded as it was): so each run of
    // one class in a column adds to a range of bins, kept as differences and summed below.
    for (let c = 0; c < columns; c++) {
      const off = slope * (2 * c - centre);
      const fraction = off - Math.floor(off);
      if (Math.abs(fraction - 0.5) < 1e-6) {
        // near a half the rounding of y − off may differ from row to row: each run is split where
        // its shift changes
        for (let r = columnRuns[c]; r < columnRuns[c + 1]; r++) {
          const q = runClass[r];
          const into = q === 1 ? quietCount : q === 2 ? textured : null;
          let y = runStart[r];
          while (y < runEnd[r]) {
            const shift = Math.round(y - off) - y + spread;
            let end = y + 1;
            while (end < runEnd[r] && Math.round(end - off) - end + spread === shift) end++;
            count[y + shift]++;
            count[end + shift]--;
            if (into !== null) {
              into[y + shift]++;
              into[end + shift]--;
            }
            y = end;
          }
        }
        continue;
      }
      const shift = Math.round(-off) + spread;
      for (let r = columnRuns[c]; r < columnRuns[c + 1]; r++) {
        const from = runStart[r] + shift, to = runEnd[r] + shift;
        count[from]++;
        count[to]--;
        const q = runClass[r];
        if (q === 1) {
          quietCount[from]++;
          quietCount[to]--;
        } else if (q === 2) {
          textured[from]++;
          textured[to]--;
        }
      }
    }
    for (let v = 1; v < bins; v++) {
      count[v] += count[v - 1];
      quietCount[v] += quietCount[v - 1];
      textured[v] += textured[v - 1];
    }
    const quietRow = (v: number): boolean => count[v] >= 4 && quietCount[v] >= params.segmentationCreaseMinShare * count[v];
    // each run of quiet rows is a candidate band: its flanks, FLANK_GAP rows past its ends, must be print
    for (let a = FLANK_GAP + FLANK_ROWS; a < bins - FLANK_GAP - FLANK_ROWS; a++) {
      if (!quietRow(a) || quietRow(a - 1)) continue;
      let b = a;
      while (b + 1 < bins && quietRow(b + 1)) b++;
      const rowsInBand = b - a + 1;
      if (rowsInBand < 2 * BAND_HALF + 1 || rowsInBand > params.segmentationCreaseMaxRows || b + FLANK_GAP + FLANK_ROWS >= bins) {
        a = b;
        continue;
      }
      let bandN = 0, bandQ = 0;
      for (let u = a; u <= b; u++) {
        bandN += count[u];
        bandQ += quietCount[u];
      }
      const rowWidth = bandN / rowsInBand;
      const flank = (from: number, to: number): number => {
        let n = 0, q = 0;
        for (let u = from; u <= to; u++) {
          if (count[u] < 0.5 * rowWidth) return Infinity;
          n += count[u];
          q += count[u] - textured[u];
        }
        return q / n;
      };
      const above = flank(a - FLANK_GAP - FLANK_ROWS, a - FLANK_GAP - 1);
      const below = flank(b + FLANK_GAP + 1, b + FLANK_GAP + FLANK_ROWS);
      const flanks = Math.max(above, below);
      const v = (a + b) >> 1;
      const a0 = a;
      a = b;
      if (flanks > params.segmentationCreaseMaxFlankShare) continue;
      // the side with fewer mask pixels is the second phalanx's
      let before = 0;
      for (let u = 0; u < v; u++) before += count[u];
      const after = masked - before - count[v];
      const side: 1 | -1 = after <= before ? 1 : -1;
      if (Math.min(before, after) > params.segmentationCreaseMaxCutShare * masked) continue;
      const score = bandQ / bandN - flanks;
      if (score <= bestScore) continue;
      // the cut runs along the band's edge on the print's side, `segmentationCreaseCutMargin` into
      // the print: the ridges there end at the crease (and the enhancement smears them into it)
      const edge = side === 1 ? a0 - params.segmentationCreaseCutMargin : b + params.segmentationCreaseCutMargin;
      const crease: Crease = { slope, centre, offset: edge - spread, side };
      if (alongness(gradients, blocks, crease, size, cols, rows) < params.segmentationCreaseMinParallel) continue;
      best = crease;
      bestScore = score;
    }
  }
  return best;
}

/**
 * How well the ridges of the mask's blocks beyond `crease` (within FLOW_ROWS of it) run along
 * it: the gradient moments summed over those blocks, turned into the crease's frame, as
 * (across² − along²) / (across² + along²): 1 when every gradient crosses the line (ridges along
 * it), −1 when ridges cross it, 0 for no preferred direction.
 */
function alongness(gradients: BlockGradients, blocks: Uint8Array, crease: Crease, size: number, cols: number, rows: number): number {
  let gxx = 0, gyy = 0, gxy = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const b = by * cols + bx;
      if (!blocks[b]) continue;
      const d = beyond(crease, (bx + 0.5) * size, (by + 0.5) * size);
      if (d <= 0 || d > FLOW_ROWS) continue;
      gxx += gradients.gxx[b];
      gyy += gradients.gyy[b];
      gxy += gradients.gxy[b];
    }
  }
  const e = gxx + gyy;
  if (e <= 1e-9) return 0;
  // unit vector along the line (1, slope)/norm; the moment across it is n·G·n with n ⟂ line
  const norm = Math.hypot(1, crease.slope);
  const cx = 1 / norm, cy = crease.slope / norm;
  const along = cx * cx * gxx + 2 * cx * cy * gxy + cy * cy * gyy;
  const across = e - along;
  return (across - along) / e;
}

/** Signed rows from the crease's line to (x, y), positive on the side that is cut. */
export function beyond(crease: Crease, x: number, y: number): number {
  return crease.side * (y - crease.offset - crease.slope * (x - crease.centre));
}

/** Clears the block mask's blocks whose centre lies beyond the crease. */
export function cutBlocksBeyond(blocks: Uint8Array, crease: Crease, cols: number, rows: number, size: number): void {
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) if (beyond(crease, (bx + 0.5) * size, (by + 0.5) * size) > 0) blocks[by * cols + bx] = 0;
  }
}

/** Clears the pixels beyond the crease's line. */
export function cutPixelsBeyond(pixels: Uint8Array, crease: Crease, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (beyond(crease, x, y) > 0) pixels[y * width + x] = 0;
  }
}
