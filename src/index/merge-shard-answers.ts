import { SCORE_CALIBRATION, type ScoreCalibration } from '../matching/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import { fuseCandidate, sortCandidates, type SearchCandidate } from './search-gallery.js';

/** What one shard answers to a search: its candidates (raw finger scores included) and its size. */
export interface ShardAnswer {
  /** Subjects the shard holds. */
  readonly subjects: number;
  readonly eligible: number;
  readonly shortlisted: number;
  readonly candidates: readonly SearchCandidate[];
}

/** The merged answer of all shards. */
export interface ShardedSearchResult {
  readonly candidates: readonly SearchCandidate[];
  readonly targetFpir: number;
  /** Subjects over all shards (the gallery size the FPIR refers to). */
  readonly subjects: number;
  readonly eligible: number;
  readonly shortlisted: number;
}

/**
 * Merges the answers of every shard of a gallery (each holds the subjects whose
 * `subjectShard(id, n)` is its index). Each shard fused for its own size; here every candidate
 * is re-fused from its raw finger scores for the whole gallery's size, so FPIR and hit
 * decisions match one process holding everything. In brute-force mode the merged candidates
 * equal the single-process ones exactly; in indexed mode each shard keeps its own shortlist
 * (at least as many subjects per shard as one process keeps for the whole gallery, so the
 * union can only keep more). Pure; cost O(candidates · log candidates).
 */
export function mergeShardAnswers(
  answers: readonly ShardAnswer[],
  options: { readonly targetFpir?: number; readonly maxCandidates?: number; readonly calibration?: ScoreCalibration; readonly params?: SearchParameters } = {},
): ShardedSearchResult {
  const params = options.params ?? SEARCH_PARAMETERS;
  const calibration = options.calibration ?? SCORE_CALIBRATION;
  const targetFpir = options.targetFpir ?? params.targetFpir;
  const subjects = answers.reduce((a, r) => a + r.subjects, 0);
  const merged = sortCandidates(answers.flatMap((r) => r.candidates.map((c) => fuseCandidate(c.id, c.fingerScores, c.codeScore, subjects, targetFpir, calibration, params))));
  return {
    candidates: merged.slice(0, options.maxCandidates ?? params.maxCandidates),
    targetFpir,
    subjects,
    eligible: answers.reduce((a, r) => a + r.eligible, 0),
    shortlisted: answers.reduce((a, r) => a + r.shortlisted, 0),
  };
}
