import { SCORE_CALIBRATION, type ScoreCalibration } from '../matching/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import { StoreError } from '../core/index.js';
import { fuseCandidate, shortlistKeep, sortCandidates, type SearchCandidate } from './search-gallery.js';
import { compareTieKeys } from './subject-tie-key.js';

/** What one shard answers to a search: its whole re-ranked shortlist (raw finger and first-stage scores included) and its size. */
export interface ShardAnswer {
  /** Subjects the shard holds. */
  readonly subjects: number;
  readonly eligible: number;
  readonly shortlisted: number;
  /** Every subject the shard fully matched, with its first-stage score (`codeScore`) and raw finger scores. */
  readonly candidates: readonly SearchCandidate[];
  /**
   * The first-stage shortlist length the shard used (its local top-K); absent when the shard
   * kept every eligible subject (brute force, or a search restricted to given subjects).
   */
  readonly keep?: number;
  /** The stop-bit generation of the shard's first stage (absent from workers before generations). */
  readonly stopBitsGeneration?: number;
}

/** The merged answer of all shards. */
export interface ShardedSearchResult {
  readonly candidates: readonly SearchCandidate[];
  readonly targetFpir: number;
  /** Subjects over all shards (the gallery size the FPIR refers to). */
  readonly subjects: number;
  readonly eligible: number;
  /** Subjects one process would have fully matched: the global shortlist. */
  readonly shortlisted: number;
}

export interface MergeOptions {
  readonly targetFpir?: number;
  readonly maxCandidates?: number;
  readonly calibration?: ScoreCalibration;
  readonly params?: SearchParameters;
  /** The shortlist length the search asked for (default: the parameters' for the whole gallery). */
  readonly shortlistSize?: number;
}

/** The global shortlist length of a search over these answers (undefined: no cut, every answer kept everything). */
function globalKeep(answers: readonly ShardAnswer[], options: MergeOptions): number | undefined {
  if (answers.every((a) => a.keep === undefined)) return undefined;
  const subjects = answers.reduce((a, r) => a + r.subjects, 0);
  return shortlistKeep(subjects, options.params ?? SEARCH_PARAMETERS, options.shortlistSize);
}

/**
 * The shards (indexes into `answers`) whose local shortlist may be shorter than the global one:
 * they kept `keep` subjects, had more eligible ones, and the whole gallery's shortlist is
 * longer (the coordinator's estimate of the gallery's size was low). Ask them again with the
 * global length before merging.
 */
export function shardsShortOf(answers: readonly ShardAnswer[], options: MergeOptions = {}): { shards: number[]; keep: number } {
  const keep = globalKeep(answers, options) ?? 0;
  const shards = answers.flatMap((a, k) => (a.keep !== undefined && a.keep < keep && a.eligible > a.keep ? [k] : []));
  return { shards, keep };
}

/**
 * Merges the answers of every shard of a gallery (each holds the subjects whose
 * `subjectShard(id, n)` is its index) into the answer one process holding the whole gallery
 * gives: the same candidates, in the same order, with the same scores.
 *
 * Why it is exact: one process re-ranks the K subjects that rank first by first-stage score
 * (ties by the subjects' tie keys, subject-tie-key.ts), K for the whole gallery's size. Each
 * shard ranks its own subjects the same way (same probe codes, same stop-bit masks, see
 * syncGalleryWithStore) and returns its first K with their re-rank scores. A subject among the
 * global first K has fewer than K subjects above it in the whole gallery, so fewer than K in its
 * shard: it is in its shard's first K. So the global first K, taken from the union of the
 * shards' lists in the same order, are the subjects one process re-ranks, with the same raw
 * finger scores; each is re-fused for the whole gallery's size and ranked as one process ranks
 * (fused score, then id). Filters apply per subject, so they select alike. In brute-force mode
 * and for searches restricted to given subjects nothing is cut. AFIS_INTERNAL when an answer's
 * shortlist is shorter than the global one (see {@link shardsShortOf}) or answers come from
 * different stop-bit generations (the coordinator asks for one, see search-shards-over-nats.ts). Pure; cost
 * O(candidates · log candidates).
 */
export function mergeShardAnswers(answers: readonly ShardAnswer[], options: MergeOptions = {}): ShardedSearchResult {
  const params = options.params ?? SEARCH_PARAMETERS;
  const calibration = options.calibration ?? SCORE_CALIBRATION;
  const targetFpir = options.targetFpir ?? params.targetFpir;
  const subjects = answers.reduce((a, r) => a + r.subjects, 0);
  // first-stage scores of different stop bits do not compare: one generation or none
  const generations = new Set(answers.flatMap((a) => (a.stopBitsGeneration === undefined ? [] : [a.stopBitsGeneration])));
  if (generations.size > 1) throw new StoreError('AFIS_INTERNAL', `shard answers of stop-bit generations ${[...generations].sort().join(' and ')} cannot be merged`);
  const short = shardsShortOf(answers, options);
  if (short.shards.length > 0) throw new StoreError('AFIS_INTERNAL', `shards ${short.shards.join(', ')} kept fewer subjects than the gallery's shortlist of ${short.keep}`);
  const keep = globalKeep(answers, options);
  let pool = answers.flatMap((r) => r.candidates);
  if (keep !== undefined) {
    pool = pool.sort((a, b) => b.codeScore - a.codeScore || compareTieKeys(a.id, b.id)).slice(0, keep);
  }
  const merged = sortCandidates(pool.map((c) => fuseCandidate(c.id, c.fingerScores, c.codeScore, subjects, targetFpir, calibration, params, c.fingerMinutiae)));
  return {
    candidates: merged.slice(0, options.maxCandidates ?? params.maxCandidates),
    targetFpir,
    subjects,
    eligible: answers.reduce((a, r) => a + r.eligible, 0),
    shortlisted: pool.length,
  };
}
