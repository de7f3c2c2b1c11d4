/**
 * Worker-thread entry of the search pool (piscina). Runs one stage of one search over the
 * gallery's shared memory, or encodes stored records for a gallery being built, and returns
 * plain typed arrays. Loaded as compiled JavaScript from
 * dist/index/search-worker.js (see resolveSearchWorkerFile).
 */
import { prepareTemplate, type PreparedTemplate } from '../matching/index.js';
import type { Template } from '../templates/index.js';
import { GalleryReader, type GalleryMemory } from './gallery-layout.js';
import { scanGalleryCodes, type ProbeCodes, type ScanEngine } from './scan-gallery-codes.js';
import { matchShortlist } from './match-shortlist.js';
import type { CompiledFilter } from './compile-search-filter.js';
import type { SearchParameters } from '../config/parameters.js';
import type { SubjectRecord } from './ports.js';
import { encodeRecords } from './encode-records.js';

export type SearchTask =
  | { readonly kind: 'scan'; readonly memory: GalleryMemory; readonly probe: ProbeCodes; readonly filter: CompiledFilter; readonly from: number; readonly to: number; readonly keep: number; readonly score: boolean; readonly engine?: ScanEngine; readonly claim?: Int32Array }
  | { readonly kind: 'match'; readonly memory: GalleryMemory; readonly probe: readonly (Template | null)[]; readonly slots: Int32Array }
  /** Stored records → their gallery fingers, encoded (a stop-bit renewal builds its gallery so, renew-stop-bits.ts). */
  | { readonly kind: 'encode'; readonly records: readonly SubjectRecord[]; readonly params: SearchParameters };

/** Runs one task (piscina calls it by name, see createSearchPool). */
export function runSearchTask(task: SearchTask): unknown {
  if (task.kind === 'encode') return encodeRecords(task.records, task.params);
  // views are made per task: shared buffers arrive as new objects with every message
  const reader = new GalleryReader(task.memory);
  if (task.kind === 'scan') {
    return scanGalleryCodes(reader, task.probe, task.filter, task.from, task.to, task.keep, task.score, task.engine, task.claim);
  }
  const prepared: (PreparedTemplate | null)[] = task.probe.map((t) => (t ? prepareTemplate(t) : null));
  return matchShortlist(reader, prepared, task.slots);
}
