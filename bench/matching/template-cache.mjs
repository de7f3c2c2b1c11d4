// A bench script's cache of templates as JSON, kept faithful (issue 12): JSON.stringify turns the byte
// arrays of a template (its orientation map's `codes`, its valid area's `bits`) into objects keyed "0",
// "1", …, which the matcher does not read as a map, so scores from a cache read back differed from the
// run that wrote it (score-hash.mjs's "ours" hash 449f2757… first, 2bec0774… after, until 2026-12-06).
// Every Uint8Array anywhere in the value is written as { "$bytes": [...] } and read back as a Uint8Array.
//   import { readCache, writeCache } from './template-cache.mjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const KEY = '$bytes';

/** The cached value of FILE (null when there is none), its byte arrays restored. */
export function readCache(file) {
  if (!file || !existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8'), (_, v) => (v && typeof v === 'object' && Array.isArray(v[KEY]) && Object.keys(v).length === 1 ? Uint8Array.from(v[KEY]) : v));
}

/** Writes VALUE to FILE as JSON, every Uint8Array as { "$bytes": [...] }. */
export function writeCache(file, value) {
  writeFileSync(file, JSON.stringify(value, (_, v) => (v instanceof Uint8Array ? { [KEY]: Array.from(v) } : v)));
}

