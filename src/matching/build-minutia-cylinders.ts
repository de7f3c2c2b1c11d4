/**
 * Minutia Cylinder-Code descriptors (after Cappelli, Ferrara and Maltoni, "Minutia
 * Cylinder-Code: a new representation and matching technique for fingerprint recognition",
 * IEEE TPAMI 2010; written here from the published description, bit version).
 *
 * Around each minutia m a cylinder of radius R (pixels) and height 2π is cut into NS × NS
 * spatial cells (only those whose centre lies within R: the disc) and ND directional cells,
 * all in m's own frame (rotated by θm, so the descriptor is invariant to rotation and
 * translation). A neighbour t adds to the cell (i, j, k) a spatial Gaussian of its distance to
 * the cell's centre (σS) times the share of a directional Gaussian (σD) of dφ(θm, θt) that
 * falls in the k-th direction bin; a cell is set when the sum reaches μΨ. A cell is valid
 * when its centre lies inside the convex hull of the template's minutiae enlarged by Ω (the
 * print's extent): cells outside say nothing, so partial overlap does not count against a
 * pair. A cylinder is valid when at least minVC of its disc cells are valid and at least minM
 * other minutiae lie near enough to contribute.
 *
 * The descriptor survives a changed neighbourhood (a missing or false neighbour changes a few
 * cells, not the whole descriptor) and smooth distortion (Gaussian spreading of σS), which is
 * what issue 12 asks of local structures; the comparison is in compare-cylinders.ts.
 */
import { MATCHING_PARAMETERS } from '../config/parameters/matching.js';
import { minutiaHull, type PrepareOptions, type PreparedTemplate } from './prepare-template.js';

/** Radius of a cylinder, pixels at 500 ppi. */
export const MCC_RADIUS = 70;
/** Spatial cells along the cylinder's diameter. */
export const MCC_SPATIAL_CELLS = 16;
/** Directional cells over 2π. */
export const MCC_DIRECTION_CELLS = 6;
const MU_PSI = 0.01;
const HULL_MARGIN = 50;
const MIN_VALID_CELLS = 0.75;
const MIN_NEIGHBOURS = 2;

const NS = MCC_SPATIAL_CELLS, ND = MCC_DIRECTION_CELLS, R = MCC_RADIUS;
const DELTA_S = (2 * R) / NS;

/**
 * The cylinders' Gaussians (Cappelli et al.'s σS, pixels, and σD, radians): a template's cylinders
 * are built with those of the comparison that first reads them, and built again when a comparison
 * asks for others (the cache keeps one shape per template). The matching parameters
 * `mccSigmaS` and `mccSigmaD` are one.
 */
export interface CylinderShape {
  readonly mccSigmaS: number;
  readonly mccSigmaD: number;
}

/** Centre of spatial cell i (0 … NS − 1) along one axis, in the minutia's frame. */
const centre = (i: number): number => (i + 0.5) * DELTA_S - R;

// the disc: grid cell (i, j) → its index among the disc cells, or −1
const gridToDisc = new Int16Array(NS * NS).fill(-1);
const discU: number[] = [];
const discV: number[] = [];
for (let j = 0; j < NS; j++) {
  for (let i = 0; i < NS; i++) {
    const u = centre(i), v = centre(j);
    if (u * u + v * v <= R * R) { gridToDisc[j * NS + i] = discU.length; discU.push(u); discV.push(v); }
  }
}
/** Spatial cells of the disc. */
export const MCC_DISC_CELLS = discU.length;
/** Bits per cylinder: disc cells × directional cells, bit s·ND + k. */
export const MCC_BITS = MCC_DISC_CELLS * ND;
/** 32-bit words per cylinder. */
export const MCC_WORDS = Math.ceil(MCC_BITS / 32);

// directional contribution by the angle difference in units of 2π/256: the integral of the
// directional Gaussian over each bin, by numeric integration (once per σD)
const directionalTables = new Map<number, Float64Array>();
function directionalTable(sigmaD: number): Float64Array {
  const known = directionalTables.get(sigmaD);
  if (known) return known;
  if (!(sigmaD > 0 && sigmaD < 2 * Math.PI)) throw new RangeError(`cylinders: σD ${sigmaD} is not in (0, 2π)`);
  const directional = new Float64Array(256 * ND);
  const binWidth = (2 * Math.PI) / ND, steps = 64;
  const norm = 1 / (sigmaD * Math.sqrt(2 * Math.PI));
  for (let a = 0; a < 256; a++) {
    const d = ((a >= 128 ? a - 256 : a) * 2 * Math.PI) / 256;
    for (let k = 0; k < ND; k++) {
      const lo = -Math.PI + k * binWidth;
      let sum = 0;
      for (let s = 0; s < steps; s++) {
        const alpha = lo + ((s + 0.5) * binWidth) / steps;
        let diff = d - alpha;
        diff -= 2 * Math.PI * Math.round(diff / (2 * Math.PI));
        sum += Math.exp((-diff * diff) / (2 * sigmaD * sigmaD));
      }
      directional[a * ND + k] = (sum * norm * binWidth) / steps;
    }
  }
  directionalTables.set(sigmaD, directional);
  return directional;
}

/**
 * The cylinders of one template: for minutia m, its cell bits are `bits[m·W … m·W + W − 1]`
 * and its valid cells `mask[…]` (W = {@link MCC_WORDS}); `valid[m]` is 0 for a cylinder too
 * empty or too far outside the print to be compared. `validCells[m]` counts its valid disc cells.
 */
export interface MinutiaCylinders {
  readonly bits: Int32Array;
  readonly mask: Int32Array;
  readonly valid: Uint8Array;
  readonly validCells: Uint16Array;
  /** 1 when every disc cell is valid (the comparison's fast path), else 0. */
  readonly full: Uint8Array;
  /** Set bits of each cylinder. */
  readonly ones: Uint16Array;
  /**
   * Everything the cylinder kernel (cylinder-kernel.wat) reads, in its layout: one header word per
   * minutia (prepared angle | valid << 8 | full << 9 | set disc cells of the spatial cylinder << 10 |
   * ones << 18), padded to a multiple of 4
   * words, then per minutia {@link MCC_RECORD_WORDS} words: the bits and the mask at a stride of
   * 40 words (one zero word after the 39), then the spatial cylinder's bits and mask (8 words
   * each: disc cell s is set when any of its direction cells is, valid when they are). Then the
   * angle order ({@link mccAngleOrderWords}, at {@link mccAngleOrderStart}): the count V of valid
   * cylinders (padded to 4 words), their entries (index | angle << 8) in ascending angle (ties by
   * index; padded like the header), and 256 bytes: for each angle s the position in that list of
   * the first entry whose angle is ≥ s (0 when none: the list goes round). The kernel walks only
   * the cylinders within π/2 of a direction with it instead of testing every pair.
   */
  readonly packed: Int32Array;
  /**
   * The radial angles the relaxation of compare-cylinders.ts reads, filled as it first reads each:
   * entry i·n + j is atan2(−(y_j − y_i), x_j − x_i) − θ_i (θ_i the prepared angle in radians), NaN
   * until computed. A template gated many times (a probe, a 1:1 evaluation) computes each once.
   * Empty for a single-use template ({@link PrepareOptions.singleUse}): gated once, it would only
   * pay for the table (the relaxation computes the angles as it goes).
   */
  readonly radial: Float64Array;
}

// built on a template's first comparison that reads them and kept beside it (per thread: each
// worker has its own module instance); the prepared template stays immutable. Bounded: the most
// recently used templates' cylinders while their bytes (and their templates', which the cache
// holds) stay within the budget, least recently used evicted first. The map finds an entry; the
// entries are also chained from the least to the most recently used, and a hit moves its entry to
// the end of the chain by a few pointers (not by deleting and setting it in the map, which cost
// ≈ 4 % of a gated comparison's cylinder work). In 1:N search every gallery finger is prepared
// afresh for its comparison, so without a bound the cache would grow with what the gate touched.
const cache = new Map<PreparedTemplate, CacheEntry>();
interface CacheEntry {
  readonly template: PreparedTemplate;
  readonly cylinders: MinutiaCylinders;
  readonly bytes: number;
  readonly sigmaS: number;
  readonly sigmaD: number;
  older: CacheEntry | null;
  newer: CacheEntry | null;
}
let cachedBytes = 0;
// the chain's ends: least recently used (evicted first) and most recently used
let oldest: CacheEntry | null = null;
let newest: CacheEntry | null = null;

function unlink(e: CacheEntry): void {
  if (e.older) e.older.newer = e.newer; else oldest = e.newer;
  if (e.newer) e.newer.older = e.older; else newest = e.older;
  e.older = e.newer = null;
}

function append(e: CacheEntry): void {
  e.older = newest;
  e.newer = null;
  if (newest) newest.newer = e; else oldest = e;
  newest = e;
}

function drop(e: CacheEntry): void {
  unlink(e);
  cache.delete(e.template);
  cachedBytes -= e.bytes;
}

/**
 * The cylinders of a template prepared with `mccWeight` ≠ 0, built on first use and cached
 * (the same cylinders building them at preparation gave). The cache of this thread keeps the
 * most recently used ones within `budgetBytes` (their bytes and their templates'; a template
 * larger than the budget alone is built each time, not kept; 0 = nothing kept), so after any
 * call the cache holds at most `budgetBytes`; evicted ones are
 * built again when needed, identical. A single-use template's ({@link PrepareOptions.singleUse})
 * are built and not kept. `shape`: the Gaussians to build with; cylinders cached with
 * others are dropped and built again with these. Throws a RangeError for a template prepared
 * without (its radian directions were not kept).
 */
export function cylindersOf(t: PreparedTemplate, budgetBytes: number = MATCHING_PARAMETERS.mccCacheBytes, shape: CylinderShape = MATCHING_PARAMETERS): MinutiaCylinders {
  const hit = cache.get(t);
  if (hit && (hit.sigmaS !== shape.mccSigmaS || hit.sigmaD !== shape.mccSigmaD)) {
    // built with another shape: dropped, built again below with this one
    drop(hit);
  } else if (hit) {
    if (hit !== newest) { unlink(hit); append(hit); }
    if (cachedBytes > budgetBytes) evictDownTo(budgetBytes);
    return hit.cylinders;
  }
  if (!t.theta) throw new RangeError('cylinders: template prepared without cylinders (prepare it with mccWeight > 0)');
  const cylinders = buildMinutiaCylinders(t.count, t.x, t.y, t.theta, t.angle, minutiaHull(t), shape, t.singleUse !== true);
  // a single-use template (1:N's gallery fingers) is compared once: kept, its cylinders would
  // only push out those of templates that are compared again (the probe's)
  if (t.singleUse === true) return cylinders;
  const bytes = viewBytes(cylinders) + viewBytes(t);
  const fits = bytes <= budgetBytes;
  evictDownTo(fits ? budgetBytes - bytes : budgetBytes);
  if (fits) {
    const e: CacheEntry = { template: t, cylinders, bytes, sigmaS: shape.mccSigmaS, sigmaD: shape.mccSigmaD, older: null, newer: null };
    cache.set(t, e);
    append(e);
    cachedBytes += bytes;
  }
  return cylinders;
}

/** Drops the least recently used entries until the cache holds at most `limit` bytes. */
function evictDownTo(limit: number): void {
  while (oldest !== null && cachedBytes > limit) drop(oldest);
}

/** Bytes of the typed arrays an object holds directly (a template's or its cylinders'). */
function viewBytes(o: object): number {
  let bytes = 0;
  for (const v of Object.values(o)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
  return bytes;
}

/** Whether the template's cylinders are in this thread's cache (built and not evicted). */
export function cylindersBuilt(t: PreparedTemplate): boolean {
  return cache.has(t);
}

/** What this thread's cylinder cache holds: templates and bytes (theirs and their cylinders'). */
export function cylinderCacheSize(): { readonly templates: number; readonly bytes: number } {
  return { templates: cache.size, bytes: cachedBytes };
}

/** Words of one minutia's record in {@link MinutiaCylinders.packed}. */
export const MCC_RECORD_WORDS = 96;
/** Words of the header of {@link MinutiaCylinders.packed} for n minutiae. */
export const mccHeaderWords = (n: number): number => (n + 3) & ~3;
/** Where the angle order starts in {@link MinutiaCylinders.packed} for n minutiae (words). */
export const mccAngleOrderStart = (n: number): number => mccHeaderWords(n) + n * MCC_RECORD_WORDS;
/** Words of the angle order in {@link MinutiaCylinders.packed} for n minutiae. */
export const mccAngleOrderWords = (n: number): number => 4 + mccHeaderWords(n) + 64;

const acc = new Float64Array(MCC_BITS);
// set bits of a cell's group of ND direction bits
const GROUP_ONES = new Uint8Array(1 << ND);
for (let g = 1; g < 1 << ND; g++) GROUP_ONES[g] = (g & 1) + GROUP_ONES[g >> 1];
const cellValid = new Uint8Array(MCC_DISC_CELLS);
// the disc's rows: grid row j holds disc cells rowStart[j] … rowStart[j + 1] − 1, at grid
// columns rowFirst[j] … (one run, the disc being convex)
const rowStart = new Int16Array(NS + 1);
const rowFirst = new Int16Array(NS);
for (let j = 0, s = 0; j < NS; j++) {
  rowStart[j] = s;
  rowFirst[j] = -1;
  for (let i = 0; i < NS; i++) if (gridToDisc[j * NS + i] >= 0) { if (rowFirst[j] < 0) rowFirst[j] = i; s++; }
  rowStart[j + 1] = s;
}
// separable spatial Gaussian: exp(−(du² + dv²)/2σS²) = exp(−du²/2σS²) · exp(−dv²/2σS²)
const gaussU = new Float64Array(NS);
const gaussV = new Float64Array(NS);
// each disc row's valid cells, one run (u increases along the row and the hull keeps an interval
// of u): disc cells runFrom[j] … runTo[j] − 1, set by validDiscCells
const runFrom = new Int16Array(NS);
const runTo = new Int16Array(NS);
// the disc cells a neighbour reached in the current cylinder, each listed once (cellStamp holds the
// cylinder's stamp once listed): only these can sum to μΨ > 0, the rest stay 0. Their sums are set
// back to 0 after thresholding, so acc is all 0 at the start of every cylinder without clearing it.
const touched = new Int16Array(MCC_DISC_CELLS);
const cellStamp = new Int32Array(MCC_DISC_CELLS);
let stampNow = 0;

/** ORs bits from … to − 1 (from ≤ to) into the words a[o …]. */
function setBitRange(a: Int32Array, o: number, from: number, to: number): void {
  if (from >= to) return;
  const w0 = from >> 5, w1 = (to - 1) >> 5;
  const first = -1 << (from & 31), last = -1 >>> (31 - ((to - 1) & 31));
  if (w0 === w1) { a[o + w0] |= first & last; return; }
  a[o + w0] |= first;
  for (let w = w0 + 1; w < w1; w++) a[o + w] = -1;
  a[o + w1] |= last;
}

/**
 * Builds the cylinders of n minutiae (x, y pixels at 500 ppi in image coordinates, y down;
 * theta radians, the Template convention: direction (cos θ, −sin θ); `angle` the same in the
 * prepared template's units of 2π/256, for the kernel's header); `hull` is the convex hull
 * of the minutiae as {@link PreparedTemplate.hull} (4 values per vertex, empty when degenerate).
 * Cost O(n · (n + hull vertices + disc rows · hull edges that cut the disc)): the valid cells of
 * each disc row are one run, cut from the half-planes of the hull's edges that come within the
 * disc once per row (not tested cell by cell; an edge clear of the disc is left out), and the spatial
 * Gaussian is separable (two short rows per neighbour, not one value per cell), each row from two
 * exponentials and a recurrence (SUM_MARGIN; the exact exponentials for a cylinder whose sums come too near μΨ).
 * `radialTable`: whether to give the cylinders a {@link MinutiaCylinders.radial} table (false: empty).
 */
export function buildMinutiaCylinders(n: number, x: ArrayLike<number>, y: ArrayLike<number>, theta: ArrayLike<number>, angle: ArrayLike<number>, hull: Float32Array, shape: CylinderShape = MATCHING_PARAMETERS, radialTable = true): MinutiaCylinders {
  const W = MCC_WORDS;
  const sigmaS = shape.mccSigmaS;
  if (!(sigmaS > 0 && sigmaS <= R)) throw new RangeError(`cylinders: σS ${sigmaS} is not in (0, ${R}]`);
  directional = directionalTable(shape.mccSigmaD);
  REACH = 3 * sigmaS;
  SPATIAL_NORM = 1 / (sigmaS * Math.sqrt(2 * Math.PI));
  reach2 = (R + REACH) * (R + REACH);
  twoSigma2 = 2 * sigmaS * sigmaS;
  sigma2 = sigmaS * sigmaS;
  stepHalf = Math.exp(-(DELTA_S * DELTA_S) / twoSigma2);
  step = Math.exp(-(DELTA_S * DELTA_S) / sigma2);
  const bits = new Int32Array(n * W), mask = new Int32Array(n * W);
  const valid = new Uint8Array(n), validCells = new Uint16Array(n), full = new Uint8Array(n), ones = new Uint16Array(n);
  const H = mccHeaderWords(n);
  const packed = new Int32Array(mccAngleOrderStart(n) + mccAngleOrderWords(n));
  // each direction in units of 2π/256 once (the contributions read it for every pair)
  if (units.length < n) units = new Int32Array(Math.max(n, 2 * units.length));
  for (let t = 0; t < n; t++) units[t] = Math.round((theta[t] * 256) / (2 * Math.PI));
  for (let m = 0; m < n; m++) {
    const th = theta[m];
    const cos = Math.cos(th), sin = Math.sin(th);
    const cells = validDiscCells(hull, x[m], y[m], cos, sin);
    validCells[m] = cells;
    const off = m * W;
    const r = H + m * MCC_RECORD_WORDS;
    // the mask from the rows' valid runs; the kernel's record (packed): the spatial cylinder's disc
    // cell s is valid when its direction cells are (all or none)
    for (let j = 0; j < NS; j++) {
      const from = runFrom[j], to = runTo[j];
      if (from >= to) continue;
      setBitRange(mask, off, from * ND, to * ND);
      setBitRange(packed, r + 40, from * ND, to * ND);
      setBitRange(packed, r + 88, from, to);
    }
    // the bits: the sums from the near Gaussians, each set where its sum is surely on one side of
    // μΨ; if any is not, the cylinder again from the exact Gaussians (SUM_MARGIN)
    let reached = accumulate(n, x, y, m, cos, sin, false);
    if (threshold(reached, bits, off, packed, r, MU_PSI * (1 - sumMargin), MU_PSI * (1 + sumMargin)) !== 0) {
      bits.fill(0, off, off + W);
      packed.fill(0, r, r + W);
      packed.fill(0, r + 80, r + 88);
      reached = accumulate(n, x, y, m, cos, sin, true);
      threshold(reached, bits, off, packed, r, MU_PSI, MU_PSI);
    }
    valid[m] = cells >= MIN_VALID_CELLS * MCC_DISC_CELLS && neighbourCount >= MIN_NEIGHBOURS ? 1 : 0;
    full[m] = cells === MCC_DISC_CELLS ? 1 : 0;
    ones[m] = setOnes;
    packed[m] = (angle[m] & 255) | (valid[m] << 8) | (full[m] << 9) | (spatialOnes << 10) | (setOnes << 18);
  }
  packAngleOrder(packed, n, angle, valid);
  return { bits, mask, valid, validCells, full, ones, packed, radial: radialTable ? new Float64Array(n * n).fill(NaN) : NO_RADIAL };
}

const NO_RADIAL = new Float64Array(0);

// the current build's Gaussians (set by buildMinutiaCylinders; module scratch, like acc)
let directional: Float64Array = new Float64Array(0);
let REACH = 0, SPATIAL_NORM = 0, reach2 = 0, twoSigma2 = 0, sigma2 = 0;
// exp(−Δ²/2σS²) and exp(−Δ²/σS²), Δ the cell width: the near Gaussians' steps (accumulate)
let stepHalf = 0, step = 0;
let units: Int32Array = new Int32Array(64);
// what accumulate and threshold found: the cylinder's neighbours, its set bits and set spatial cells
let neighbourCount = 0, setOnes = 0, spatialOnes = 0;

/*
 * SUM_MARGIN. The spatial Gaussian of a neighbour at (u, v) is exp(−du²/2σS²)·exp(−dv²/2σS²) over
 * the cells' centres, du = centre(i) − u, which step by Δ from one cell to the next. The near form
 * (accumulate with exact false) takes two exponentials an axis instead of one a cell: with a = du
 * at the first cell, g₀ = exp(−a²/2σS²), and g_{k+1} = g_k·ρ_k, ρ₀ = exp(−aΔ/σS²)·exp(−Δ²/2σS²),
 * ρ_{k+1} = ρ_k·exp(−Δ²/σS²) (exactly the Gaussian's ratio from one centre to the next). Each
 * product adds half an ulp, so after at most 15 steps g is within ≈ 250 ulps (3e-14) of the
 * Gaussian, the exact form's own exponential within a few (its argument's roundings, ≈ 1e-14 for
 * arguments up to 30), a's rounding moves it by |du|·ulp(a)/σS² ≲ 1e-13: each contribution
 * g_u·g_v·dw differs from the exact form's by < 5e-13 of itself, and both sums of at most 255
 * contributions ≥ 0 round by < 3e-14 of themselves. The sums therefore differ by < 1e-12 of the
 * sum; a bit is set from the near sums only when its sum is ≥ μΨ·(1 + 1e-9) or < μΨ·(1 − 1e-9),
 * where the exact sum is surely on the same side of μΨ (contributions that underflow differ by
 * < 1e-300, nothing beside the margin, 1e-11). A cylinder with any sum between is built again from
 * the exact Gaussians, as before (none of the fixtures' or 1:N's synthetic fingers' has one).
 */
const SUM_MARGIN = 1e-9;
let sumMargin = SUM_MARGIN;

/**
 * Tests only: the margin around μΨ within which a near sum sends its cylinder to the exact
 * Gaussians (Infinity: every cylinder; null: the shipped {@link SUM_MARGIN}). Bits are the same
 * for every margin ≥ the shipped one.
 */
export function setCylinderSumMargin(margin: number | null): void {
  sumMargin = margin === null ? SUM_MARGIN : margin;
}

/**
 * The sums of cylinder m (at (x[m], y[m]) turned by θm: cos, sin) into acc, from its neighbours'
 * Gaussians, exact (Math.exp a cell, the construction's definition) or near (SUM_MARGIN); lists the
 * cells a neighbour reached in touched and returns their count; neighbourCount the neighbours
 * within reach. acc is 0 everywhere at the start (threshold sets the reached cells back to 0).
 */
function accumulate(n: number, x: ArrayLike<number>, y: ArrayLike<number>, m: number, cos: number, sin: number, exact: boolean): number {
  const xm = x[m], ym = y[m], thUnits = units[m];
  // the Gaussians' constants as locals (module variables are read from memory at every use)
  const reach = REACH, reachSq = REACH * REACH, far2 = reach2, twoS2 = twoSigma2, s2 = sigma2, norm = SPATIAL_NORM, half = stepHalf, ratio = step, dir = directional;
  if (++stampNow === 0x40000000) { cellStamp.fill(0); stampNow = 1; }
  let reached = 0, neighbours = 0;
  for (let t = 0; t < n; t++) {
    if (t === m) continue;
    const dX = x[t] - xm, dY = -(y[t] - ym);
    if (dX * dX + dY * dY > far2) continue;
    neighbours++;
    const u = cos * dX + sin * dY, v = -sin * dX + cos * dY;
    const dirBase = ((units[t] - thUnits) & 255) * ND;
    const i0 = Math.max(0, Math.ceil((u - reach + R) / DELTA_S - 0.5)), i1 = Math.min(NS - 1, Math.floor((u + reach + R) / DELTA_S - 0.5));
    const j0 = Math.max(0, Math.ceil((v - reach + R) / DELTA_S - 0.5)), j1 = Math.min(NS - 1, Math.floor((v + reach + R) / DELTA_S - 0.5));
    if (exact) {
      for (let i = i0; i <= i1; i++) { const du = centre(i) - u; gaussU[i] = Math.exp(-(du * du) / twoS2); }
      for (let j = j0; j <= j1; j++) { const dv = centre(j) - v; gaussV[j] = norm * Math.exp(-(dv * dv) / twoS2); }
    } else if (i0 <= i1 && j0 <= j1) {
      const a = centre(i0) - u, b = centre(j0) - v;
      let g = Math.exp(-(a * a) / twoS2), rho = Math.exp(-(a * DELTA_S) / s2) * half;
      for (let i = i0; i <= i1; i++) { gaussU[i] = g; g *= rho; rho *= ratio; }
      g = Math.exp(-(b * b) / twoS2); rho = Math.exp(-(b * DELTA_S) / s2) * half;
      for (let j = j0; j <= j1; j++) { gaussV[j] = norm * g; g *= rho; rho *= ratio; }
    }
    const d0 = dirBase, dw0 = dir[d0], dw1 = dir[d0 + 1], dw2 = dir[d0 + 2], dw3 = dir[d0 + 3], dw4 = dir[d0 + 4], dw5 = dir[d0 + 5];
    for (let j = j0; j <= j1; j++) {
      const dv = centre(j) - v, gv = gaussV[j];
      for (let i = i0; i <= i1; i++) {
        const s = gridToDisc[j * NS + i];
        if (s < 0 || cellValid[s] === 0) continue;
        const du = centre(i) - u;
        if (du * du + dv * dv > reachSq) continue;
        if (cellStamp[s] !== stampNow) { cellStamp[s] = stampNow; touched[reached++] = s; }
        const g = gv * gaussU[i];
        const base = s * ND;
        acc[base] += g * dw0; acc[base + 1] += g * dw1; acc[base + 2] += g * dw2;
        acc[base + 3] += g * dw3; acc[base + 4] += g * dw4; acc[base + 5] += g * dw5;
      }
    }
  }
  neighbourCount = neighbours;
  return reached;
}

/**
 * The bits of the reached cells' sums into bits[off …] and the kernel's record packed[r …] (a
 * cell's six bits s·ND … s·ND + 5 as one group, in one word or across two; the spatial cylinder's
 * cell set when any of them is), each bit set when its sum is ≥ hi; the sums set back to 0;
 * setOnes and spatialOnes counted. Returns nonzero when a sum lies in [lo, hi) (lo = hi: never).
 */
function threshold(reached: number, bits: Int32Array, off: number, packed: Int32Array, r: number, lo: number, hi: number): number {
  let set = 0, spatial = 0, between = 0;
  for (let q = 0; q < reached; q++) {
    const s = touched[q], b = s * ND;
    const a0 = acc[b], a1 = acc[b + 1], a2 = acc[b + 2], a3 = acc[b + 3], a4 = acc[b + 4], a5 = acc[b + 5];
    // +(comparison) compiles without a branch (a sum's side of μΨ is not predictable; `? 1 : 0` branched)
    const group = +(a0 >= hi) | (+(a1 >= hi) << 1) | (+(a2 >= hi) << 2) | (+(a3 >= hi) << 3) | (+(a4 >= hi) << 4) | (+(a5 >= hi) << 5);
    between |= (+(a0 >= lo) | (+(a1 >= lo) << 1) | (+(a2 >= lo) << 2) | (+(a3 >= lo) << 3) | (+(a4 >= lo) << 4) | (+(a5 >= lo) << 5)) ^ group;
    acc[b] = 0; acc[b + 1] = 0; acc[b + 2] = 0; acc[b + 3] = 0; acc[b + 4] = 0; acc[b + 5] = 0;
    if (group === 0) continue;
    set += GROUP_ONES[group];
    spatial++;
    const w = b >> 5, shift = b & 31;
    bits[off + w] |= group << shift;
    packed[r + w] |= group << shift;
    if (shift > 32 - ND) { bits[off + w + 1] |= group >>> (32 - shift); packed[r + w + 1] |= group >>> (32 - shift); }
    packed[r + 80 + (s >> 5)] |= 1 << (s & 31);
  }
  setOnes = set;
  spatialOnes = spatial;
  return between;
}

/** The angle order of the valid cylinders into `packed` (see {@link MinutiaCylinders.packed}). */
function packAngleOrder(packed: Int32Array, n: number, angle: ArrayLike<number>, valid: Uint8Array): void {
  const at = mccAngleOrderStart(n), list = at + 4, starts = list + mccHeaderWords(n);
  const entries: number[] = [];
  for (let m = 0; m < n; m++) if (valid[m] !== 0) entries.push(m | ((angle[m] & 255) << 8));
  entries.sort((p, q) => p - q);
  packed[at] = entries.length;
  for (let i = 0; i < entries.length; i++) packed[list + i] = entries[i];
  const bytes = new Uint8Array(packed.buffer, packed.byteOffset + starts * 4, 256);
  for (let s = 0, pos = 0; s < 256; s++) {
    while (pos < entries.length && entries[pos] >>> 8 < s) pos++;
    bytes[s] = pos < entries.length ? pos : 0;
  }
}

// validDiscCells' edges that can cut the disc: their offsets in the hull and their a
let edgeSlots = new Int32Array(64);
let edgeA = new Float64Array(64);
// (R + 1 px)²: an edge whose test at the minutia is at least |e|·(R + 1) is at least |e| (1 px)
// at every cell centre of the disc (the test is linear in the cell's (u, v) with gradient |e|, and
// the centres lie within R). Its b = −c/a then lies at least 1 px beyond every u of every row, by
// far more than the roundings of c, a and the division (≈ 1e-12·|e| for coordinates below 10⁴):
// it would never bind lo or hi where a cell is tested, so leaving it out marks the same cells.
const CLEAR_RADIUS2 = (R + 1) * (R + 1);

/**
 * Marks in `cellValid` the disc cells of the cylinder at (xm, ym) turned by θ (cos, sin)
 * whose centre lies inside the hull enlarged by the margin, and returns their count. Each
 * hull edge is a half-plane, linear in the cell's (u, v): on a disc row (v fixed) it keeps
 * one interval of u, so a row costs one bound per edge, not one test per cell and edge.
 */
function validDiscCells(h: Float32Array, xm: number, ym: number, cos: number, sin: number): number {
  // the edges that can cut the disc: an edge whose half-plane (enlarged by the margin) holds the
  // whole disc with 1 px to spare cuts no cell (below), and is left out
  let cutting = 0;
  if (h.length > 0) {
    if (h.length > 4 * edgeSlots.length) { edgeSlots = new Int32Array(h.length); edgeA = new Float64Array(h.length); }
    for (let k = 0, K = h.length; k < K; k += 4) {
      const ex = h[k + 2], ey = h[k + 3];
      // the edge test at the minutia (u = v = 0); over the disc it falls by at most |e|·R
      const c0 = ex * (ym - h[k + 1]) - ey * (xm - h[k]) + HULL_MARGIN;
      if (c0 > 0 && c0 !== Infinity && c0 * c0 >= (ex * ex + ey * ey) * CLEAR_RADIUS2) continue;
      edgeSlots[cutting] = k;
      edgeA[cutting++] = -ex * sin - ey * cos;
    }
  }
  if (cutting === 0) {
    cellValid.fill(1);
    for (let j = 0; j < NS; j++) { runFrom[j] = rowStart[j]; runTo[j] = rowStart[j + 1]; }
    return MCC_DISC_CELLS;
  }
  let cells = 0;
  for (let j = 0; j < NS; j++) {
    const v = centre(j);
    let lo = -Infinity, hi = Infinity;
    // cell centre (image coordinates): cx = xm + cos·u − sin·v, cy = ym − (sin·u + cos·v);
    // edge test ex·(cy − hy) − ey·(cx − hx) ≥ −margin, i.e. a·u + c ≥ 0
    for (let q = 0; q < cutting; q++) {
      const k = edgeSlots[q];
      const ex = h[k + 2], ey = h[k + 3];
      const a = edgeA[q];
      const c = ex * (ym - cos * v - h[k + 1]) - ey * (xm - sin * v - h[k]) + HULL_MARGIN;
      if (a > 0) { const b = -c / a; if (b > lo) lo = b; }
      else if (a < 0) { const b = -c / a; if (b < hi) hi = b; }
      else if (c < 0) { lo = Infinity; }
    }
    const first = rowFirst[j];
    let from = rowStart[j], to = from;
    for (let s = rowStart[j], i = first; s < rowStart[j + 1]; s++, i++) {
      const u = centre(i);
      const inside = u >= lo && u <= hi ? 1 : 0;
      cellValid[s] = inside;
      cells += inside;
      if (inside === 1) { if (to === from) from = s; to = s + 1; }
    }
    runFrom[j] = from;
    runTo[j] = to;
  }
  return cells;
}
