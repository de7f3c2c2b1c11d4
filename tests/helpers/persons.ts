import sharp from 'sharp';
import { decodeCapture } from '../../src/capture/index.js';
import { fixturePath, readFixture } from './data.js';

/**
 * The people of the workflow, HTTP, page and end-to-end tests: four persons (A–D), ten fingers
 * each (positions 1–10), eight impressions per finger. Nobody real: the fingers are the ten
 * synthetic fingers of FVC2002 DB4_B (SFinGe), committed as WSQ in tests/fixtures/sfinge-wsq.
 * Ten fingers make four people because a search compares a finger only with the gallery's finger
 * at the same position: person k holds finger 101 + ((p − 1 + 3k) mod 10) at position p, so no
 * two persons share a finger at any position, and impressions 1–8 of one person are mated
 * captures.
 *
 * (Our own generator, `afis synth`, does not serve here yet: different synthetic fingers of it
 * score too much alike under our matcher — a quarter of its impostor pairs pass the FMR 1 %
 * threshold, against 0.5 % on real prints — so its "different persons" hit each other.)
 */
export type Person = 'A' | 'B' | 'C' | 'D';
export const PERSONS: readonly Person[] = ['A', 'B', 'C', 'D'];
export const PERSON_IMPRESSIONS = 8;
export const POSITIONS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const SHIFT: Record<Person, number> = { A: 0, B: 3, C: 6, D: 9 };

/** The image file (WSQ, 500 ppi) of `person`'s finger at `position`, impression `impression`. */
export function personFingerPath(person: Person, position: number, impression: number): string {
  if (impression < 1 || impression > PERSON_IMPRESSIONS) throw new Error(`test persons have impressions 1…${PERSON_IMPRESSIONS}, not ${impression}`);
  const finger = 101 + ((position - 1 + SHIFT[person]) % 10);
  return fixturePath('sfinge-wsq', `${finger}_${impression}.wsq`);
}

/** Its bytes. */
export function personFinger(person: Person, position: number, impression: number): Uint8Array {
  const path = personFingerPath(person, position, impression);
  return readFixture('sfinge-wsq', path.slice(path.lastIndexOf('/') + 1));
}

/** The resolution of the persons' images. */
export function personPpi(_person: Person): number {
  return 500;
}

/** A ten-print capture of `person` (fingers of impression `impression`, declared rolled), as the workflow takes it. */
export function personTenPrint(person: Person, impression: number, positions: readonly number[] = POSITIONS): Array<{ position: number; impression: 'rolled'; image: Uint8Array; ppi: number }> {
  return positions.map((position) => ({ position, impression: 'rolled' as const, image: personFinger(person, position, impression), ppi: personPpi(person) }));
}

/** The same finger as an 8-bit grey PNG (what many scanners and the desk page's preview give). */
export async function personFingerPng(person: Person, position: number, impression: number): Promise<Buffer> {
  const image = await decodeCapture(personFinger(person, position, impression));
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).withMetadata({ density: image.ppi }).png().toBuffer();
}
