import { createGrayImage, type GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import { decodeWsq, encodeWsq } from '../formats/index.js';
import { identityMap, type PerturbedImage } from './types.js';

/**
 * A capture sent compressed (not in the suite; issue 12, wsq): the image coded as WSQ at
 * `wsqBitRate` bits per pixel with our FBI WSQ encoder and decoded again, as an ANSI/NIST-ITL
 * transaction carries a finger from another member state's desk or a live scanner's software
 * stores it (0.75 bpp, about 15 : 1, is the rate the WSQ specification was tuned for; lower rates
 * blur the fine detail away). Geometry unchanged; deterministic (the rng is not read). O(W·H).
 */
export function compressWsq(image: GrayImage, p: PerturbationParameters): PerturbedImage {
  const decoded = decodeWsq(encodeWsq(image, { bitRate: p.wsqBitRate })).image;
  return { image: createGrayImage(image.width, image.height, decoded.data, image.ppi), mapPoint: identityMap, unmapPoint: identityMap };
}
