/**
 * Slaps (ANSI/NIST 13 right four, 14 left four, 15 thumbs) composed from single-finger images
 * for workflow and HTTP tests: the fingers of a synthetic person (FVC2002 DB4, SFinGe) pressed
 * where a hand puts them, PNG-encoded like a scanner's output. `fingerAt(position)` says which
 * image each box shows, so a test can build slaps that disagree with the rolled prints.
 */
import sharp from 'sharp';
import { decodeCapture } from '../../src/capture/index.js';
import type { GrayImage } from '../../src/core/index.js';
import { SLAP_FINGERS, type SlapKind } from '../../src/segmentation/index.js';
import { composeSlap, seededRandom } from '../../bench/segmentation/compose-slap.mjs';

const KINDS: readonly [SlapKind, number][] = [['right-four', 13], ['left-four', 14], ['thumbs', 15]];

/** A grey image as PNG bytes at 500 ppi. */
export async function pngOf(image: GrayImage): Promise<Uint8Array> {
  return new Uint8Array(await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } })
    .withMetadata({ density: 500 }).png({ compressionLevel: 3 }).toBuffer());
}

/** The three slaps of a ten-print, each finger's image read by `imageOf(position)` (encoded bytes). */
export async function composeSlaps(imageOf: (position: number) => Uint8Array, seed = 1): Promise<{ position: number; image: Uint8Array; format: 'png' }[]> {
  const out: { position: number; image: Uint8Array; format: 'png' }[] = [];
  for (const [kind, position] of KINDS) {
    const fingers = await Promise.all(SLAP_FINGERS[kind].map(async (p) => ({ image: await decodeCapture(imageOf(p)), rx: 115, ry: 165 })));
    const slap = composeSlap(fingers, { kind, rnd: seededRandom(seed + position), spacing: kind === 'thumbs' ? 600 : 250, handAngle: kind === 'left-four' ? 0.15 : -0.1, offsetY: -100 });
    out.push({ position, image: await pngOf(slap.image), format: 'png' });
  }
  return out;
}
