/**
 * Intermediate data of the extraction stages. Every map is row-major on a typed array.
 * Orientation angles inside extraction are ridge directions in image coordinates (x right,
 * y down) in [0, π); only the final minutiae use the template convention.
 */

/** A grid of square blocks laid over the image (the last row/column may be partial). */
export interface BlockGrid {
  readonly blockSize: number;
  readonly cols: number;
  readonly rows: number;
}

/** Foreground mask: per block and per pixel (1 = print). */
export interface ForegroundMask {
  readonly grid: BlockGrid;
  readonly blocks: Uint8Array;
  readonly pixels: Uint8Array;
  /** Per-block grey-level contrast (standard deviation) used for the decision. */
  readonly contrast: Float32Array;
  /** Per-block ridge evidence 0–1 (share of periodic energy at a ridge period; 0 where not measured). */
  readonly ridgeShare: Float32Array;
  /**
   * Per pixel 1 on residue (a dark, nearly flat smudge) or within `segmentationResidueMargin` of
   * it, 0 elsewhere; absent when that option is off or the image has none. Minutiae found there
   * are dropped (drop-residue-minutiae.ts).
   */
  readonly residue?: Uint8Array;
  /**
   * Per pixel 1 where residue (the same dark flat smudge, grown by `segmentationResidueCut`
   * pixels) was cut out of `pixels` (or, with `segmentationResidueCutClears` 0, lies on it
   * and counts as the cut only where `pixels` is background), 0 elsewhere; absent when that option is off or the image has
   * none. The minutia filters treat this cut like the image side (`borderResidueDistance`).
   */
  readonly residueCut?: Uint8Array;
  /**
   * Per block 1 where the growth's faded-print test took the block in (and it is still in the
   * mask); absent unless `fadedJointRepair` is on. The joint faded-print repair treats these
   * blocks as faded (repair-faded-fields.ts).
   */
  readonly faded?: Uint8Array;
  /**
   * Per pixel 1 on residue grown by `validAreaResidueMargin` pixels, for the template's valid
   * area (`validAreaCell`); absent when that option is off or the image has none. Read only by
   * the valid area: the minutiae and the mask do not change.
   */
  readonly residueArea?: Uint8Array;
}

/** Orientation field on the block grid. */
export interface OrientationField {
  readonly grid: BlockGrid;
  /** Doubled-angle unit vector of the ridge direction (cos 2θ, sin 2θ). */
  readonly cos2: Float32Array;
  readonly sin2: Float32Array;
  /** Ridge direction θ in [0, π), image coordinates. */
  readonly angle: Float32Array;
  /** Coherence 0–1 of the gradients in the block's neighbourhood (1 = perfectly parallel ridges). */
  readonly coherence: Float32Array;
}

/** Ridge period (pixels per ridge+valley) on the block grid. */
export interface FrequencyField {
  readonly grid: BlockGrid;
  readonly period: Float32Array;
  /** 1 where the block had a clean signature of its own, 0 where it was filled in. */
  readonly measured: Uint8Array;
  /** 1 where a signature was taken (measured or not), 0 where the block was only filled in. */
  readonly sampled: Uint8Array;
  /**
   * Ridge evidence of the contrast-normalised image (not the enhanced one) where sampled: the
   * share 0–1 of the signature's energy one sinusoid of a ridge period explains; 0 elsewhere.
   */
  readonly share: Float32Array;
}

/** A float image the size of the input. */
export interface FloatImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** A binary image the size of the input (1 = set). */
export interface BinaryImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * The skeleton as a graph: nodes are endings (1 ridge) and forks (3+ ridges); ridges are the
 * pixel chains between them, stored from `start` to `end` as pixel indices (y·width + x),
 * both end nodes' pixels included.
 */
export interface SkeletonNode {
  x: number;
  y: number;
  ridges: SkeletonRidge[];
}
export interface SkeletonRidge {
  start: SkeletonNode;
  end: SkeletonNode;
  points: number[];
  removed: boolean;
}
export interface SkeletonGraph {
  readonly width: number;
  readonly height: number;
  nodes: SkeletonNode[];
}

/** A minutia in extraction's own frame before conversion: direction in image coordinates. */
export interface RawMinutia {
  x: number;
  y: number;
  /** Direction (radians, image coordinates, y down) pointing into the ridge (ending) or valley (fork). */
  direction: number;
  type: 'ending' | 'bifurcation';
  /** Length of skeleton the direction was measured on, pixels. */
  ridgeLength: number;
  quality: number;
}

export function blockGridOf(width: number, height: number, blockSize: number): BlockGrid {
  return { blockSize, cols: Math.ceil(width / blockSize), rows: Math.ceil(height / blockSize) };
}

/**
 * A per-block map spread to the pixels: each pixel takes its block's value (non-zero as 1), and
 * with `within` only the pixels `within` marks. The one loop the block-level gates and maps share.
 */
export function blockFlagsToPixels(flags: ArrayLike<number>, grid: BlockGrid, width: number, height: number, within?: Uint8Array): Uint8Array {
  const { blockSize, cols } = grid;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const r = ((y / blockSize) | 0) * cols;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      if (flags[r + ((x / blockSize) | 0)] && (!within || within[o + x])) out[o + x] = 1;
    }
  }
  return out;
}
