import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { HAS_SHARED_DATA, SHARED_DATA } from './data-folder.js';

export { HAS_SHARED_DATA, SHARED_DATA };

/*
 * Real-print data that is not in the repository lives in the folder of ./data-folder.ts. Tests
 * that need it are declared with `describeWithData` / `itWithData`: skipped on a user's clone
 * without it (tests/setup/global.ts prints one line saying so), a failure in CI
 * (`AFIS_REQUIRE_TEST_DATA=1`).
 */

/** `describe` for tests on real prints: skipped when the data folder is absent. */
export const describeWithData = describe.skipIf(!HAS_SHARED_DATA);
/** `it` for a test on real prints: skipped when the data folder is absent. */
export const itWithData = it.skipIf(!HAS_SHARED_DATA);

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

export function readShared(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(...parts)));
}

export function listShared(...parts: string[]): string[] {
  return readdirSync(sharedPath(...parts)).sort();
}

/** Small files committed with the repository (each folder's README says source and licence). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(...parts)));
}

export function listFixtures(...parts: string[]): string[] {
  return readdirSync(fixturePath(...parts)).sort();
}

/**
 * Synthetic finger images committed with the repository (SFinGe, from FVC2002 DB4_B, as PNG:
 * tests/fixtures/sfinge/README.md): 101_1 and 101_2 are two impressions of one finger, 102_1
 * and 103_1 other fingers. For tests that need "a fingerprint image" and no real person.
 */
export const SFINGE_IMAGES: readonly string[] = ['101_1', '101_2', '102_1', '103_1'].map((n) => fixturePath('sfinge', `${n}.png`));
