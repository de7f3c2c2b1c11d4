/**
 * Sensor frames: a long straight line (a step edge or a drawn bar, dark or bright) with print on
 * one side and nothing print-like on the other (a flat or quiet surround, or the image side).
 * Print has no such line: its ridges curve within a few ridge periods and its own border is
 * ragged, so a straight edge followed over a long distance with texture on one side only is the
 * sensor's, and the print next to it is cut by it (its ridges end on the line, not in the print).
 *
 * Found with a gradient-direction Hough transform (each edge pixel votes for the one line its
 * gradient is normal to), then followed pixel by pixel along each strong candidate.
 */
import type { BlockGradients } from './compute-block-gradients.js';
import type { BlockGrid } from './types.js';

/** A frame line found in the image: the points p with n·p = rho, for t = d·p in [t0, t1]. */
export interface FrameLine {
  /** Unit normal pointing to the quiet side (away from the print). */
  readonly nx: number;
  readonly ny: number;
  readonly rho: number;
  /** Extent along the line direction d = (−ny, nx), pixels. */
  readonly t0: number;
  readonly t1: number;
}

/** Angle bins of the Hough accumulator over the full circle (the gradient's sign is kept). */
const ANGLE_BINS = 180;
/** Angle bins on each side of its own a pixel also votes for. */
const ANGLE_SPREAD = 2;
/** Distance bin of the accumulator, pixels. */
const RHO_BIN = 2;
/** Pixels vote on a grid of this step, shifted by one pixel each row (a line still gets a vote every 3–5 px). */
const STEP = 3;
/** Gradient magnitude (grey levels per pixel) an edge pixel needs. */
const MIN_GRADIENT = 8;
/** Largest gap along a line still counted as one line, pixels (dark ridges meeting a dark bar break its inner edge). */
const MAX_GAP = 12;
/** Half-width of the band a line is followed in, pixels. */
const BAND = 2;
/** Angle within which a pixel's gradient counts as normal to the line, radians. */
const ANGLE_TOLERANCE = 0.21;
/** Texture is sampled from this distance to this distance on each side of a line, pixels. */
const SIDE_NEAR = 3;
const SIDE_FAR = 24;
const SIDE_STEP = 3;
/** …every this many pixels along the line. */
const SIDE_T_STEP = 8;
/** The quiet side's mean grey deviation is at most this share of the print side's. */
const QUIET_RATIO = 0.3;
/** Grey deviation the print side of a frame line has at least (ridges, not a quiet platen). */
const MIN_PRINT_DEVIATION = 10;
/** Distances from a line at which the ridges beside it are read, pixels. */
const ALONG_DISTANCES = [14, 22];
/** Largest mean cos 2Δ of those ridges against the line's normal (0.5: Δ about 30° on average). */
const MAX_ALONG = 0.5;
/** Largest share of the image a frame line may cut away (a sensor's frame leaves the print). */
const MAX_CUT_SHARE = 0.3;
/** Share of a line's length with an edge pixel for it to count as unbroken (a drawn or machined edge). */
const UNBROKEN_SHARE = 0.97;
/** Widest bar (a frame drawn as a line) looked for, pixels. */
const MAX_BAR = 12;
/** Share of a line's expected votes (2 L / STEP²) its peak needs when read over a window of distance bins. */
const WINDOW_FLOOR_SHARE = 0.75;
/** Candidates followed at most per image (the strongest accumulator peaks). */
const MAX_CANDIDATES = 12;

let accumulator = new Int32Array(0);
let angleLookup: Uint8Array | null = null;

/** Angle bin of a gradient (gx, gy), both rounded to −128…128: index (gx + 128) · 257 + gy + 128. */
function angleTable(): Uint8Array {
  if (angleLookup) return angleLookup;
  const t = new Uint8Array(257 * 257);
  for (let gx = -128; gx <= 128; gx++) {
    for (let gy = -128; gy <= 128; gy++) {
      const a = Math.round((Math.atan2(gy, gx) / (2 * Math.PI)) * ANGLE_BINS - 0.5);
      t[(gx + 128) * 257 + gy + 128] = ((a % ANGLE_BINS) + ANGLE_BINS) % ANGLE_BINS;
    }
  }
  angleLookup = t;
  return t;
}
const cosTable = new Float64Array(ANGLE_BINS);
const sinTable = new Float64Array(ANGLE_BINS);
for (let a = 0; a < ANGLE_BINS; a++) {
  cosTable[a] = Math.cos(((a + 0.5) * 2 * Math.PI) / ANGLE_BINS);
  sinTable[a] = Math.sin(((a + 0.5) * 2 * Math.PI) / ANGLE_BINS);
}

/**
 * Frame lines at least `minLength` pixels long in `grey`, whose cut (see {@link inCut}) leaves
 * most of the image; the accumulator's peaks read over `voteWindow` distance bins on each side
 * (`segmentationLineVoteWindow`). Cost about 1.5 ms on a 400 × 400 image without a frame,
 * 3–4 ms with one (each candidate is followed pixel by pixel).
 */
export function findFrameLines(grey: Float32Array, width: number, height: number, gradients: BlockGradients, minLength: number, margin: number, voteWindow: number): FrameLine[] {
  const diag = Math.ceil(Math.hypot(width, height));
  const rhoBins = Math.ceil((2 * diag) / RHO_BIN) + 1;
  const size = ANGLE_BINS * rhoBins;
  if (accumulator.length < size) accumulator = new Int32Array(size);
  const acc = accumulator;
  acc.fill(0, 0, size);
  const min2 = MIN_GRADIENT * MIN_GRADIENT;
  const angles = angleTable();
  for (let y = 1, row = 0; y < height - 1; y += STEP, row++) {
    for (let x = 1 + (row % STEP); x < width - 1; x += STEP) {
      const gx = gradientX(grey, width, x, y), gy = gradientY(grey, width, x, y);
      if (gx * gx + gy * gy < min2) continue;
      const a = angles[(Math.round(gx) + 128) * 257 + Math.round(gy) + 128];
      // the gradient of a slanted, aliased line wavers by a few degrees along its staircase: the
      // pixel votes for the neighbouring angles too, and only the line's true angle gathers
      // its votes in one distance bin
      for (let da = -ANGLE_SPREAD; da <= ANGLE_SPREAD; da++) {
        const b = (a + da + ANGLE_BINS) % ANGLE_BINS;
        acc[b * rhoBins + Math.round((x * cosTable[b] + y * sinTable[b] + diag) / RHO_BIN)]++;
      }
    }
  }
  // an edge's response is about 2 px wide, so a line of length L gets about 2 L / STEP² votes;
  // one distance bin holds only part of them (ask for half), summed over a window of bins
  // (`voteWindow`) a line gathers nearly all of them (ask for three quarters)
  const minVotes = voteWindow > 0 ? Math.ceil((WINDOW_FLOOR_SHARE * 2 * minLength) / (STEP * STEP)) : Math.max(8, Math.floor(minLength / (STEP * STEP)));
  // with a window, the peaks are read on the accumulator summed over 2·window + 1 distance bins
  const votes = voteWindow > 0 ? windowSums(acc, size, rhoBins, voteWindow) : acc;
  const peaks: number[] = [];
  for (let a = 0; a < ANGLE_BINS; a++) {
    const o = a * rhoBins;
    for (let r = 1; r < rhoBins - 1; r++) {
      const v = votes[o + r];
      if (v < minVotes) continue;
      let max = true;
      for (let da = -1; da <= 1 && max; da++) {
        const oo = ((a + da + ANGLE_BINS) % ANGLE_BINS) * rhoBins;
        for (let dr = -1; dr <= 1; dr++) {
          if (!da && !dr) continue;
          const u = votes[oo + r + dr];
          if (u > v || (u === v && (da < 0 || (da === 0 && dr < 0)))) { max = false; break; }
        }
      }
      if (max) peaks.push(o + r);
    }
  }
  peaks.sort((p, q) => votes[q] - votes[p] || p - q);
  const lines: FrameLine[] = [];
  for (const p of peaks.slice(0, MAX_CANDIDATES)) {
    const a = Math.floor(p / rhoBins);
    const rho = (p % rhoBins) * RHO_BIN - diag;
    const line = followLine(grey, width, height, gradients, cosTable[a], sinTable[a], rho, minLength);
    if (line && cutShare(line, width, height, margin) <= MAX_CUT_SHARE) lines.push(line);
  }
  return lines;
}

let windowed = new Int32Array(0);

/** The accumulator summed over `w` distance bins on each side of each bin (within its angle's row). */
function windowSums(acc: Int32Array, size: number, rhoBins: number, w: number): Int32Array {
  if (windowed.length < size) windowed = new Int32Array(size);
  const out = windowed;
  for (let o = 0; o < size; o += rhoBins) {
    // a running sum over bins r − w … r + w of this angle's row
    let s = 0;
    for (let k = 0; k < Math.min(w, rhoBins); k++) s += acc[o + k];
    for (let r = 0; r < rhoBins; r++) {
      if (r + w < rhoBins) s += acc[o + r + w];
      if (r - w - 1 >= 0) s -= acc[o + r - w - 1];
      out[o + r] = s;
    }
  }
  return out;
}

/** Follows the candidate line n·p = rho along its whole length in the image; returns it when it holds. */
function followLine(grey: Float32Array, width: number, height: number, g: BlockGradients, nx: number, ny: number, rho: number, minLength: number): FrameLine | null {
  // d = direction along the line; t runs over the part of the line inside the image
  let dx = -ny, dy = nx;
  const diag = Math.ceil(Math.hypot(width, height));
  const cosTol = Math.cos(ANGLE_TOLERANCE);
  const min2 = MIN_GRADIENT * MIN_GRADIENT;
  let bestT0 = 0, bestT1 = -1, runT0 = NaN, lastHit = -Infinity, runHits = 0, bestHits = 0;
  const [tMin, tMax] = insideRange(nx * rho, ny * rho, dx, dy, width, height, diag);
  for (let t = tMin; t <= tMax; t += 1) {
    const cx = nx * rho + dx * t, cy = ny * rho + dy * t;
    if (cx < 1 || cy < 1 || cx >= width - 1 || cy >= height - 1) continue;
    let hit = false;
    for (let s = -BAND; s <= BAND && !hit; s++) {
      const x = Math.round(cx + nx * s), y = Math.round(cy + ny * s);
      if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) continue;
      const gx = gradientX(grey, width, x, y), gy = gradientY(grey, width, x, y);
      const m2 = gx * gx + gy * gy;
      if (m2 < min2) continue;
      if (gx * nx + gy * ny >= cosTol * Math.sqrt(m2)) hit = true;
    }
    if (!hit) continue;
    if (t - lastHit > MAX_GAP) { runT0 = t; runHits = 0; }
    lastHit = t;
    runHits++;
    if (t - runT0 > bestT1 - bestT0) { bestT0 = runT0; bestT1 = t; bestHits = runHits; }
  }
  if (bestT1 - bestT0 < minLength) return null;
  // the accumulator's bins place the line within a pixel or two: fit it to the edge pixels
  const fit = refine(grey, width, height, nx, ny, rho, bestT0, bestT1);
  if (fit) {
    const k = 1 / Math.sqrt(1 + fit.b * fit.b);
    const t0 = (fit.b * (rho + fit.a + fit.b * bestT0) + bestT0) * k, t1 = (fit.b * (rho + fit.a + fit.b * bestT1) + bestT1) * k;
    const nx2 = (nx - fit.b * dx) * k, ny2 = (ny - fit.b * dy) * k;
    nx = nx2;
    ny = ny2;
    rho = (rho + fit.a) * k;
    dx = -ny;
    dy = nx;
    bestT0 = Math.min(t0, t1);
    bestT1 = Math.max(t0, t1);
  }
  // texture on each side: grey deviation of 7 × 7 windows SIDE_NEAR to SIDE_FAR px away
  const samples = Math.floor((bestT1 - bestT0) / SIDE_T_STEP + 1) * Math.floor((SIDE_FAR - SIDE_NEAR) / SIDE_STEP + 1);
  const side = [new Float32Array(samples), new Float32Array(samples)];
  const count = [0, 0];
  for (let t = bestT0; t <= bestT1; t += SIDE_T_STEP) {
    for (let s = SIDE_NEAR; s <= SIDE_FAR; s += SIDE_STEP) {
      for (let k = 0; k < 2; k++) {
        const o = k === 0 ? s : -s;
        const x = Math.round(nx * (rho + o) + dx * t), y = Math.round(ny * (rho + o) + dy * t);
        if (x >= 0 && y >= 0 && x < width && y < height) side[k][count[k]++] = windowDeviation(grey, width, height, x, y);
      }
    }
  }
  const tried = samples;
  // a line within a few pixels of the image side (a sensor's dark edge columns) cuts nothing the
  // image side does not
  if (count[0] < tried / 4 || count[1] < tried / 4) return null;
  // the quiet side is quiet nearly all along (its lower quartile: the window nearest a bar
  // straddles the bar's far edge); the print side has ridges along a good part (its upper quartile)
  const low = [quantile(side[0], count[0], 0.25), quantile(side[1], count[1], 0.25)];
  const quiet = low[0] < low[1] ? 0 : 1;
  const print = quantile(side[1 - quiet], count[1 - quiet], 0.75);
  if (print < MIN_PRINT_DEVIATION || low[quiet] > QUIET_RATIO * print) return null;
  const sign = quiet === 0 ? 1 : -1;
  // a frame cuts the ridges; a print's own flank against a quiet platen follows them (its
  // outermost ridge is the straight edge, broken here and there by pores and gaps): unless the
  // edge is unbroken, the ridges beside the line must cross it
  const unbroken = bestHits >= UNBROKEN_SHARE * (bestT1 - bestT0 + 1);
  if (!unbroken && alongShare(g, nx, ny, rho, -sign, dx, dy, bestT0, bestT1) > MAX_ALONG) return null;
  // a bar (a drawn line rather than a step edge): the line moves to its inner edge
  const bar = barWidth(grey, width, height, sign * nx, sign * ny, dx * sign, dy * sign, sign * rho, sign > 0 ? bestT0 : -bestT1, sign > 0 ? bestT1 : -bestT0, QUIET_RATIO * print);
  // flipping the normal flips the direction along the line too
  return { nx: sign * nx, ny: sign * ny, rho: sign * rho - bar, t0: sign > 0 ? bestT0 : -bestT1, t1: sign > 0 ? bestT1 : -bestT0 };
}

/**
 * Width of a bar on the print side of the line n·p = rho (n towards the quiet side): a drawn
 * line is uniform along its length, print is not, so the bar runs from 2 px inwards for as long
 * as the grey along the line at that offset varies less than `uniform`; 0 when it does not
 * start (a step edge). At most MAX_BAR.
 */
function barWidth(grey: Float32Array, width: number, height: number, nx: number, ny: number, dx: number, dy: number, rho: number, t0: number, t1: number, uniform: number): number {
  let found = 0;
  for (let s = 2; s <= MAX_BAR; s++) {
    let n = 0, s1 = 0, s2 = 0;
    for (let t = t0; t <= t1; t += 2) {
      const x = Math.round(nx * (rho - s) + dx * t), y = Math.round(ny * (rho - s) + dy * t);
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const v = grey[y * width + x];
      n++;
      s1 += v;
      s2 += v * v;
    }
    if (n < 8) break;
    const mean = s1 / n;
    if (Math.sqrt(Math.max(0, s2 / n - mean * mean)) >= uniform) break;
    found = s;
  }
  // the last offset sampled as bar everywhere; its inner edge lies up to a pixel further in
  return found > 0 ? found + 1 : 0;
}

/**
 * Clears `pixels` on the quiet side of each line and within `margin` pixels of it on the print
 * side, along the line's extent (grown by the margin at both ends).
 */
export function clearBeyondLines(pixels: Uint8Array, width: number, height: number, lines: readonly FrameLine[], margin: number): void {
  for (const l of lines) {
    const dx = -l.ny, dy = l.nx;
    for (let y = 0; y < height; y++) {
      const o = y * width;
      for (let x = 0; x < width; x++) if (pixels[o + x] && inCut(l, dx, dy, x, y, margin)) pixels[o + x] = 0;
    }
  }
}

/**
 * Carries the pixel mask out to each line: a pixel on the print side within `reach` pixels of
 * the line (along its extent) is set when the pixel `reach` + 1 pixels from the line along the
 * same normal is. The block mask keeps blocks within a block of a line out (their contrast is
 * the line's), so the pixel mask would otherwise end a few pixels short of the line and the
 * minutiae's border distance would take print the line leaves visible.
 */
export function reachLines(pixels: Uint8Array, width: number, height: number, lines: readonly FrameLine[], reach: number): void {
  for (const l of lines) {
    const dx = -l.ny, dy = l.nx;
    for (let y = 0; y < height; y++) {
      const o = y * width;
      for (let x = 0; x < width; x++) {
        if (pixels[o + x]) continue;
        const s = l.rho - (l.nx * x + l.ny * y);
        if (s <= 0 || s > reach) continue;
        const t = dx * x + dy * y;
        if (t < l.t0 || t > l.t1) continue;
        const k = reach + 1 - s;
        const qx = Math.round(x - l.nx * k), qy = Math.round(y - l.ny * k);
        if (qx >= 0 && qy >= 0 && qx < width && qy < height && pixels[qy * width + qx]) pixels[o + x] = 1;
      }
    }
  }
}

/**
 * Paints the cut of each line (see {@link clearBeyondLines}) in `grey` with the mean grey of the
 * print beside it, so the frame's line and surround add no gradient to the orientation field and
 * no contrast to the segmentation or the normalisation near the print.
 */
export function fillBeyondLines(grey: Float32Array, width: number, height: number, lines: readonly FrameLine[], margin: number): void {
  for (const l of lines) {
    const dx = -l.ny, dy = l.nx;
    // mean grey of the print side just beyond the cut
    let sum = 0, cnt = 0;
    for (let t = l.t0; t <= l.t1; t += 2) {
      for (let s = margin + 1; s <= margin + 16; s += 3) {
        const x = Math.round(l.nx * (l.rho - s) + dx * t), y = Math.round(l.ny * (l.rho - s) + dy * t);
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        sum += grey[y * width + x];
        cnt++;
      }
    }
    if (!cnt) continue;
    const fill = sum / cnt;
    for (let y = 0; y < height; y++) {
      const o = y * width;
      for (let x = 0; x < width; x++) if (inCut(l, dx, dy, x, y, margin)) grey[o + x] = fill;
    }
  }
}

/** Share of the image inside a line's cut, counted on every fourth pixel. */
function cutShare(l: FrameLine, width: number, height: number, margin: number): number {
  const dx = -l.ny, dy = l.nx;
  let inside = 0, total = 0;
  for (let y = 0; y < height; y += 4) {
    for (let x = 0; x < width; x += 4) {
      total++;
      if (inCut(l, dx, dy, x, y, margin)) inside++;
    }
  }
  return inside / total;
}

/**
 * Per block of `grid`, 1 when its centre lies on the quiet side of a line or within `margin`
 * pixels of it on the print side (along the line's extent).
 */
export function blocksBeyondLines(grid: BlockGrid, lines: readonly FrameLine[], margin: number): Uint8Array {
  const { cols, rows, blockSize } = grid;
  const out = new Uint8Array(cols * rows);
  for (const l of lines) {
    const dx = -l.ny, dy = l.nx;
    for (let by = 0; by < rows; by++) {
      for (let bx = 0; bx < cols; bx++) {
        if (inCut(l, dx, dy, (bx + 0.5) * blockSize, (by + 0.5) * blockSize, margin)) out[by * cols + bx] = 1;
      }
    }
  }
  return out;
}


/** Whether (x, y) lies on the quiet side of `l` or within `margin` of it, along its extent grown by the margin. */
function inCut(l: FrameLine, dx: number, dy: number, x: number, y: number, margin: number): boolean {
  if (l.nx * x + l.ny * y - l.rho < -margin) return false;
  const t = dx * x + dy * y;
  return t >= l.t0 - margin && t <= l.t1 + margin;
}

/**
 * Least-squares fit of the edge's offset s = a + b·t from the line n·p = rho over [t0, t1]: at
 * each t, the offset within the band where the gradient along n is strongest.
 */
function refine(grey: Float32Array, width: number, height: number, nx: number, ny: number, rho: number, t0: number, t1: number): { a: number; b: number } | null {
  const dx = -ny, dy = nx;
  const cosTol = Math.cos(ANGLE_TOLERANCE);
  const tm = (t0 + t1) / 2;
  let n = 0, st = 0, ss = 0, stt = 0, sts = 0;
  for (let t = t0; t <= t1; t += 2) {
    const cx = nx * rho + dx * t, cy = ny * rho + dy * t;
    let best = MIN_GRADIENT, bestS = NaN;
    for (let s = -BAND; s <= BAND; s++) {
      const x = Math.round(cx + nx * s), y = Math.round(cy + ny * s);
      if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) continue;
      const gx = gradientX(grey, width, x, y), gy = gradientY(grey, width, x, y);
      const along = gx * nx + gy * ny;
      if (along > best && along >= cosTol * Math.hypot(gx, gy)) { best = along; bestS = s; }
    }
    if (Number.isNaN(bestS)) continue;
    const u = t - tm;
    n++; st += u; ss += bestS; stt += u * u; sts += u * bestS;
  }
  const den = n * stt - st * st;
  if (n < 8 || den <= 0) return null;
  const b = (n * sts - st * ss) / den;
  const a0 = (ss - b * st) / n;
  // s = a0 + b (t − tm) = (a0 − b tm) + b t
  return { a: a0 - b * tm, b };
}

/**
 * How far the ridges on side `side` (±1 along n) of a line run along it: the energy-weighted
 * mean of cos 2Δ, Δ the angle between their gradients and the line's normal (1 = parallel to
 * the line, −1 = at right angles), over the blocks 12–24 px from the line.
 */
function alongShare(g: BlockGradients, nx: number, ny: number, rho: number, side: number, dx: number, dy: number, t0: number, t1: number): number {
  const { cols, rows, blockSize } = g.grid;
  const c2 = nx * nx - ny * ny, s2 = 2 * nx * ny;
  let dot = 0, energy = 0;
  for (let t = t0; t <= t1; t += blockSize) {
    for (const s of ALONG_DISTANCES) {
      const x = nx * (rho + side * s) + dx * t, y = ny * (rho + side * s) + dy * t;
      const bx = Math.floor(x / blockSize), by = Math.floor(y / blockSize);
      if (bx < 0 || by < 0 || bx >= cols || by >= rows) continue;
      const b = by * cols + bx;
      dot += (g.gxx[b] - g.gyy[b]) * c2 + 2 * g.gxy[b] * s2;
      energy += g.gxx[b] + g.gyy[b];
    }
  }
  return energy > 0 ? dot / energy : 1;
}

/** Range of t for which (px + dx·t, py + dy·t) can lie inside the image (whole numbers). */
function insideRange(px: number, py: number, dx: number, dy: number, width: number, height: number, diag: number): [number, number] {
  let lo = -diag, hi = diag;
  if (Math.abs(dx) > 1e-9) {
    const a = -px / dx, b = (width - px) / dx;
    lo = Math.max(lo, Math.min(a, b));
    hi = Math.min(hi, Math.max(a, b));
  }
  if (Math.abs(dy) > 1e-9) {
    const a = -py / dy, b = (height - py) / dy;
    lo = Math.max(lo, Math.min(a, b));
    hi = Math.min(hi, Math.max(a, b));
  }
  return [Math.floor(lo), Math.ceil(hi)];
}

/** The q-quantile of the first `n` values of `v` (nearest rank below; sorts them). */
function quantile(v: Float32Array, n: number, q: number): number {
  const u = v.subarray(0, n).sort();
  return u[Math.floor((n - 1) * q)];
}

function gradientX(g: Float32Array, w: number, x: number, y: number): number {
  const i = y * w + x;
  return (g[i - w + 1] + 2 * g[i + 1] + g[i + w + 1] - g[i - w - 1] - 2 * g[i - 1] - g[i + w - 1]) / 8;
}

function gradientY(g: Float32Array, w: number, x: number, y: number): number {
  const i = y * w + x;
  return (g[i + w - 1] + 2 * g[i + w] + g[i + w + 1] - g[i - w - 1] - 2 * g[i - w] - g[i - w + 1]) / 8;
}

/** Grey standard deviation over the 7 × 7 window at (x, y), clipped to the image. */
function windowDeviation(grey: Float32Array, width: number, height: number, x: number, y: number): number {
  const x0 = Math.max(0, x - 3), x1 = Math.min(width, x + 4), y0 = Math.max(0, y - 3), y1 = Math.min(height, y + 4);
  let s1 = 0, s2 = 0;
  for (let yy = y0; yy < y1; yy++) {
    const o = yy * width;
    for (let xx = x0; xx < x1; xx++) {
      const v = grey[o + xx];
      s1 += v;
      s2 += v * v;
    }
  }
  const c = (x1 - x0) * (y1 - y0);
  const mean = s1 / c;
  return Math.sqrt(Math.max(0, s2 / c - mean * mean));
}

