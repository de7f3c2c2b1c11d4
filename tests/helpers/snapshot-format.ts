import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Writes to `to` (default: in place) the gallery snapshot `file` with its header naming format
 * afis-gallery-3 instead of -6, so that loading it takes the conversion path of an earlier format.
 */
export function asGalleryFormat3(file: string, to = file): string {
  const bytes = readFileSync(file);
  const headLen = Number(bytes.readBigUInt64LE(0));
  const head = bytes.subarray(8, 8 + headLen).toString('utf8');
  expect(head).toContain('"format":"afis-gallery-6"');
  Buffer.from(head.replace('"format":"afis-gallery-6"', '"format":"afis-gallery-3"')).copy(bytes, 8);
  writeFileSync(to, bytes);
  return to;
}
