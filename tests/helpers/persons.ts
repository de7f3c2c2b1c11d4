import { readFileSync } from 'node:fs';
import { sharedPath } from './data.js';

/**
 * The people of the workflow, HTTP, page and end-to-end tests: four persons (A–D), ten fingers
 * each (positions 1–10), several rolled impressions per finger (1–6). Different impressions of
 * one person are mated captures; different persons are not.
 */
export type Person = 'A' | 'B' | 'C' | 'D';
export const PERSONS: readonly Person[] = ['A', 'B', 'C', 'D'];
export const PERSON_IMPRESSIONS = 6;
export const POSITIONS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const FVC_SET: Record<Person, string> = { A: 'DB1_B', B: 'DB2_B', C: 'DB3_B', D: 'DB4_B' };
const FVC_PPI: Record<Person, number> = { A: 500, B: 569, C: 500, D: 500 };

/** The image file of `person`'s finger at `position`, impression `impression`. */
export function personFingerPath(person: Person, position: number, impression: number): string {
  return sharedPath('fvc2002', FVC_SET[person], `${100 + position}_${impression}.tif`);
}

/** Its bytes. */
export function personFinger(person: Person, position: number, impression: number): Uint8Array {
  return new Uint8Array(readFileSync(personFingerPath(person, position, impression)));
}

/** The resolution to declare for the person's images. */
export function personPpi(person: Person): number {
  return FVC_PPI[person];
}

/** A ten-print capture of `person` (rolled fingers of impression `impression`), as the workflow takes it. */
export function personTenPrint(person: Person, impression: number, positions: readonly number[] = POSITIONS): Array<{ position: number; impression: 'rolled'; image: Uint8Array; ppi: number }> {
  return positions.map((position) => ({ position, impression: 'rolled' as const, image: personFinger(person, position, impression), ppi: personPpi(person) }));
}
