import { createGrayImage, markDerivedImage, type GrayImage } from '../core/index.js';

/** How a capture's images are flattened (TRANSACTION_PARAMETERS `latentFlattenRadius`, `latentFlattenMaxGain`). */
export interface FlattenPlatenParameters {
  /** Radius (px) of the square over which the envelope's local maximum is read; 0 = off (the images as they are). */
  readonly latentFlattenRadius: number;
  /** The largest factor a pixel is lightened by. */
  readonly latentFlattenMaxGain: number;
  /**
   * How many of the lightest images must show a dip for it to count as residue: 1 reads the
   * upper envelope alone; k > 1 also the 2nd … k-th lightest grey per pixel, each against its own
   * local maximum, and takes the smallest dip; 0 = every image read. Absent = 1.
   */
  readonly latentFlattenAgree?: number;
  /**
   * {@link platenResidueShare}'s reading: blocks of `latentResidueBlock` px (16) whose dip, read
   * with every image agreeing, has a mean of at least `latentResidueMinDip` (0.03) and a direction
   * coherence of at least `latentResidueMinCoherence` (0.5).
   */
  readonly latentResidueBlock?: number;
  readonly latentResidueMinDip?: number;
  readonly latentResidueMinCoherence?: number;
}

/**
 * A latent print left on an optical platen darkens every capture taken on it at the same place,
 * where the platen is light (the valleys and the surround) more than where a finger's ridge is
 * dark already: the grey is multiplied by less than 1 there (bench/RESULTS.md, issue 12, "ghost").
 * A finger's own ridges differ from one image of a capture to the next; the residue's do not. So
 * the capture's upper envelope (each pixel's lightest grey over its images) keeps the residue's
 * ridges as fine dips and loses the fingers'; against the envelope's own local maximum over a
 * square of `latentFlattenRadius` px (less than a ridge period apart, so across a dip to the
 * residue's valleys), each dip is the residue's darkening, and every image is divided by it (a
 * gain of 1 to `latentFlattenMaxGain`). A flat field taken from the capture itself, as a scanner
 * takes one from its empty platen.
 *
 * Only the images of the first image's size are read and flattened (one scanner); the others,
 * and every image when fewer than three share that size or the radius is 0, are given back as
 * they are. Where the fingers of a capture all overlap, the envelope is not the platen's white
 * but a mosaic of whichever print is lightest there, and that print's own ridges read as residue:
 * the desk flattens only a capture whose residue it has found (prepare-fingers.ts).
 * `latentFlattenAgree` k > 1 asks the next lightest images to show the dip too (judged with every
 * capture flattened and left off: bench/RESULTS.md, "latentall"). Each result is marked as derived
 * from its image. Pure; O(n · k · W · H) at most for n images, and O(W · H) for each of the k
 * local maxima.
 */
export function flattenPlaten(images: readonly GrayImage[], params: FlattenPlatenParameters): GrayImage[] {
  const r = Math.round(params.latentFlattenRadius);
  if (r <= 0 || images.length === 0) return [...images];
  const { width: w, height: h } = images[0]!;
  const same = images.map((im) => im.width === w && im.height === h);
  const read = images.filter((_, j) => same[j]);
  if (read.length < 3) return [...images];
  const gain = dipField(read, Math.round(params.latentFlattenAgree ?? 1), r);
  for (let i = 0; i < gain.length; i++) gain[i] = Math.min(params.latentFlattenMaxGain, Math.max(1, gain[i]!));
  return images.map((im, k) => {
    if (!same[k]) return im;
    const out = new Uint8Array(w * h);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.round(im.data[i]! * gain[i]!));
    const flat = createGrayImage(w, h, out, im.ppi);
    markDerivedImage(flat, im);
    return flat;
  });
}

/**
 * The share of a capture's blocks in which every image dips alike (the images of the first
 * image's size, as {@link flattenPlaten} reads them; 0 when fewer than three): the dip read with
 * every image agreeing (`dipField` with k = all), its block mean at least `latentResidueMinDip`
 * and its direction's coherence (the dip's gradients' structure tensor) at least
 * `latentResidueMinCoherence`. A residue's ridges make such blocks; a clean capture's
 * sensor pattern and the fingers' mosaic do not (FVC2002 read as a desk's captures at spent ghost
 * seed 4: at most 12 % of a clean capture's blocks, at least 22 % of a ghost capture's on DB1, DB2
 * and DB4, 7–12 % on DB3; bench/RESULTS.md, "latentevident").
 */
export function platenResidueShare(images: readonly GrayImage[], params: FlattenPlatenParameters): number {
  const r = Math.round(params.latentFlattenRadius);
  if (r <= 0 || images.length === 0) return 0;
  const { width: w, height: h } = images[0]!;
  const read = images.filter((im) => im.width === w && im.height === h);
  if (read.length < 3) return 0;
  const dip = dipField(read, 0, r);
  const size = params.latentResidueBlock ?? 16;
  const minDip = params.latentResidueMinDip ?? 0.03;
  const minCoherence = params.latentResidueMinCoherence ?? 0.5;
  const cols = Math.floor(w / size), rows = Math.floor(h / size);
  if (cols * rows === 0) return 0;
  let evident = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let gxx = 0, gyy = 0, gxy = 0, sum = 0, n = 0;
      for (let y = by * size + 1; y < (by + 1) * size - 1; y++) {
        for (let x = bx * size + 1; x < (bx + 1) * size - 1; x++) {
          const i = y * w + x;
          const gx = dip[i + 1]! - dip[i - 1]!, gy = dip[i + w]! - dip[i - w]!;
          gxx += gx * gx;
          gyy += gy * gy;
          gxy += gx * gy;
          sum += dip[i]! - 1;
          n++;
        }
      }
      const coherence = Math.sqrt((gxx - gyy) ** 2 + 4 * gxy * gxy) / Math.max(1e-9, gxx + gyy);
      if (sum / n >= minDip && coherence >= minCoherence) evident++;
    }
  }
  return evident / (cols * rows);
}

/**
 * Per pixel, the smallest of the k lightest images' dips (k = `agree`; 0 = every image), each
 * envelope against its own local maximum over a square of radius r: reference / grey (≥ 1 where
 * it dips). The images are of one size.
 */
function dipField(images: readonly GrayImage[], asked: number, r: number): Float32Array {
  const { width: w, height: h } = images[0]!;
  const read = images.map((im) => im.data);
  const agree = asked <= 0 ? read.length : Math.min(read.length, asked);
  // the `agree` lightest greys per pixel, lightest first
  const lightest = Array.from({ length: agree }, () => new Float32Array(w * h));
  const sorted = new Float64Array(agree);
  for (let i = 0; i < w * h; i++) {
    sorted.fill(0);
    for (const data of read) {
      // insert into the descending list of the `agree` lightest so far
      const v = data[i]!;
      if (v <= sorted[agree - 1]!) continue;
      let q = agree - 1;
      while (q > 0 && sorted[q - 1]! < v) {
        sorted[q] = sorted[q - 1]!;
        q--;
      }
      sorted[q] = v;
    }
    for (let q = 0; q < agree; q++) lightest[q]![i] = sorted[q]!;
  }
  // the residue darkens every image, so each of these envelopes shows its dip; a dip of the
  // lightest image's own ridges (where the others are darker still) is missing from the next ones
  const dip = new Float32Array(w * h).fill(Infinity);
  for (const envelope of lightest) {
    const reference = localMaximum(envelope, w, h, r);
    for (let i = 0; i < dip.length; i++) dip[i] = Math.min(dip[i]!, reference[i]! / Math.max(1, envelope[i]!));
  }
  return dip;
}

/**
 * The maximum over a (2r+1)² square around each pixel, the edges clamped (two separable passes).
 * Each pass is van Herk's and Gil and Werman's running maximum: the line padded by r zeros on
 * each side (greys are never below zero, so this is the clamped window's maximum) and cut into
 * blocks of 2r + 1, a window's maximum is the larger of its first block's suffix maximum and its
 * second block's prefix maximum: three comparisons a pixel whatever r. The column pass runs a row
 * at a time.
 */
export function localMaximum(v: Float32Array, w: number, h: number, r: number): Float32Array {
  const block = 2 * r + 1;
  // along each row
  const rows = new Float32Array(v.length);
  const size = w + 2 * r;
  const line = new Float32Array(size), prefix = new Float32Array(size), suffix = new Float32Array(size);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    line.set(v.subarray(base, base + w), r);
    for (let i = 0; i < size; i++) prefix[i] = i % block === 0 ? line[i]! : Math.max(prefix[i - 1]!, line[i]!);
    for (let i = size - 1; i >= 0; i--) suffix[i] = i === size - 1 || (i + 1) % block === 0 ? line[i]! : Math.max(suffix[i + 1]!, line[i]!);
    for (let x = 0; x < w; x++) rows[base + x] = Math.max(suffix[x]!, prefix[x + 2 * r]!);
  }
  // down each column, a row at a time, over the rows padded by r zero rows above and below
  const tall = h + 2 * r;
  const padded = new Float32Array(tall * w);
  padded.set(rows, r * w);
  const up = new Float32Array(tall * w), down = new Float32Array(tall * w);
  for (let y = 0; y < tall; y++) {
    const row = y * w;
    if (y % block === 0) up.set(padded.subarray(row, row + w), row);
    else for (let x = row; x < row + w; x++) up[x] = Math.max(up[x - w]!, padded[x]!);
  }
  for (let y = tall - 1; y >= 0; y--) {
    const row = y * w;
    if (y === tall - 1 || (y + 1) % block === 0) down.set(padded.subarray(row, row + w), row);
    else for (let x = row; x < row + w; x++) down[x] = Math.max(down[x + w]!, padded[x]!);
  }
  const out = new Float32Array(v.length);
  const shift = 2 * r * w;
  for (let i = 0; i < out.length; i++) out[i] = Math.max(down[i]!, up[i + shift]!);
  return out;
}
