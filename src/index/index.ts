/**
 * The 1:N engine: a compact in-memory gallery of ten-print subjects in shared memory, a
 * first-stage code scan, full 1:1 matching of the shortlist on worker threads, ten-finger
 * fusion with decisions in FPIR terms, and loading from a SubjectStore.
 */
export * from './ports.js';
export { Gallery, encodeFinger, SUBJECT_FLAGS, type StopBitsGeneration, type SubjectMeta, type GalleryFinger, type GalleryStats, type EncodedFinger } from './gallery.js';
export { GallerySearcher, computeProbeCodes, probeByPosition, mergeScans, shortlistKeep, fuseCandidate, sortCandidates, type SearchOptions, type SearchCandidate, type SearchResult, type GallerySearcherOptions } from './search-gallery.js';
export { compileSearchFilter, type SearchFilter, type SearchClause, type CompiledFilter } from './compile-search-filter.js';
export { createSearchPool, resolveSearchWorkerFile, type SearchPool } from './create-search-pool.js';
export { fingerEvidence, fingerEvidenceOfPair, impostorTailProbability, gammaTail, EVIDENCE_FMR_CUTOFF, candidateFpir, fusedThresholdForFpir } from './fuse-finger-scores.js';
export { flattenTemplate, reportsMinutiaQuality, writeCompactFinger, readCompactFinger, type FlatFinger } from './encode-compact-finger.js';
export { computeFingerCode, popcount32 } from './compute-finger-code.js';
export { encodeMemberState, decodeMemberState, SUBJECTS_PER_CHUNK, GalleryReader, subjectChunkLayout, type GalleryMemory } from './gallery-layout.js';
export { scanGalleryCodes, ShortlistOrder, type ProbeCodes, type ScanResult, type ScanEngine } from './scan-gallery-codes.js';
export { planCodePacking, packFingerCode, type CodePacking } from './pack-finger-code.js';
export { loadScanKernel, instantiateScanKernel, type ScanKernel } from './load-scan-kernel.js';
export { loadGalleryFromStore, syncGalleryWithStore, recordDigest, galleryFingersOf, subjectMetaOf, readStopBits, offerStopBits, encodeStopBits, decodeStopBits, stopBitsDue, stopMasksSetting, stopMasksGenerationSetting, readStopBitsGeneration, syncGalleryAtStopBits, type GallerySync, type RecordEncoder, type StoredStopBits } from './load-gallery-from-store.js';
export { encodeRecords } from './encode-records.js';
export { upgradeCoarseSubjects, type UpgradeTarget, type UpgradeOptions, type UpgradeReport } from './upgrade-coarse-subjects.js';
export { RenewingGallery, type RenewingGalleryOptions, type StopBitsCheck } from './renew-stop-bits.js';
export { mergeShardAnswers, shardsShortOf, type MergeOptions, type ShardAnswer, type ShardedSearchResult } from './merge-shard-answers.js';
export { createPriorityQueue, withSearchPriority, currentSearchPriority, SEARCH_PRIORITIES, type SearchPriority, type PriorityQueue } from './create-search-queue.js';
export { subjectTieKey, compareTieKeys } from './subject-tie-key.js';
