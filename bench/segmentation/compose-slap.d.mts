import type { GrayImage } from '../../src/core/index.js';
import type { Box, SlapKind } from '../../src/segmentation/index.js';

export function seededRandom(seed: number): () => number;
export const SLAP_LAYOUT: Readonly<Record<SlapKind, { readonly positions: readonly number[]; readonly tips: readonly number[] }>>;
export function ridgeFinger(width: number, height: number, seed: number): GrayImage;
export interface SlapFinger { readonly image: GrayImage; readonly rx?: number; readonly ry?: number }
export interface ComposeSlapOptions {
  readonly kind: SlapKind;
  readonly width?: number;
  readonly height?: number;
  readonly handAngle?: number;
  readonly spacing?: number;
  readonly fingerJitter?: number;
  readonly offsetX?: number;
  readonly offsetY?: number;
  readonly noise?: number;
  readonly rnd?: () => number;
}
export function composeSlap(fingers: readonly (SlapFinger | null)[], options: ComposeSlapOptions): { image: GrayImage; truth: { position: number; box: Box }[] };
export function boxIou(a: Box, b: Box): number;
