import type { GrayImage } from '../../src/core/index.js';

export type AlterationKind = 'scar' | 'obliteration' | 'z-cut' | 'rotation';
export const ALTERATION_KINDS: readonly AlterationKind[];
export function alterFinger(image: GrayImage, kind: AlterationKind, rnd: () => number): GrayImage;
