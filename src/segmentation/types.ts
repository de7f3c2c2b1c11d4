import type { GrayImage } from '../core/index.js';

/** Which slap: the four fingers of the right hand (ANSI/NIST position 13), of the left (14), or both thumbs (15). */
export type SlapKind = 'right-four' | 'left-four' | 'thumbs';

/** ANSI/NIST-ITL finger position of each slap kind. */
export const SLAP_POSITIONS: Readonly<Record<SlapKind, number>> = Object.freeze({ 'right-four': 13, 'left-four': 14, thumbs: 15 });

/** Finger positions a slap holds, left to right as the scanner sees them (ink-print orientation). */
export const SLAP_FINGERS: Readonly<Record<SlapKind, readonly number[]>> = Object.freeze({
  'right-four': [2, 3, 4, 5],
  'left-four': [10, 9, 8, 7],
  thumbs: [6, 1],
});

/** The slap kind of an ANSI/NIST position 13, 14 or 15; undefined for any other. */
export function slapKindOf(position: number): SlapKind | undefined {
  return position === 13 ? 'right-four' : position === 14 ? 'left-four' : position === 15 ? 'thumbs' : undefined;
}

/** Foreground (ridge area) on a grid of square blocks: 1 = ridge area. */
export interface BlockMask {
  readonly width: number;
  readonly height: number;
  readonly blockSize: number;
  readonly data: Uint8Array;
}

/** A connected ridge region of the slap: one finger, or two touching ones before splitting. */
export interface FingerRegion {
  /** Block indices (y × mask width + x) of the region. */
  readonly blocks: Int32Array;
  /** Area, pixels². */
  readonly area: number;
  /** Centroid, pixels. */
  readonly cx: number;
  readonly cy: number;
  /** Direction of the finger from its base to its tip: radians from image "up", clockwise positive. */
  readonly angle: number;
  /** Extent across the finger axis (≈ 4 standard deviations), pixels. */
  readonly width: number;
}

/** An axis-aligned box in slap pixels (ANSI/NIST Type-14 segment positions use the same). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One finger cut from a slap. */
export interface FingerSegment {
  /** ANSI/NIST finger position 1–10. */
  readonly position: number;
  /** Bounding box of the fingertip in the slap, pixels. */
  readonly box: Box;
  /** Finger direction, radians from "up", clockwise positive. */
  readonly angle: number;
  /** The fingertip: the box's pixels, white beyond `tipMarginBlocks` blocks of the finger's region and on any other finger's region. 500 ppi. */
  readonly image: GrayImage;
  /** 0–1: how sure the position assignment and the cut are. */
  readonly confidence: number;
}

/** The fingers found in a slap. */
export interface SlapSegmentation {
  readonly kind: SlapKind;
  readonly fingers: readonly FingerSegment[];
  /** Positions expected in this slap but not found (missing, bandaged or not on the platen). */
  readonly missing: readonly number[];
  /** 0–1: the slap's segmentation confidence (the weakest finger's). */
  readonly confidence: number;
}
