import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared data folder (`../shared/data` from the repository root). */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

export function readShared(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(...parts)));
}

export function listShared(...parts: string[]): string[] {
  return readdirSync(sharedPath(...parts)).sort();
}
