import { StoreError } from '../core/index.js';
import { SCORE_CALIBRATION, type ScoreCalibration } from '../matching/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import type { GalleryFinger } from './gallery.js';
import { fuseCandidate, sortCandidates, type SearchCandidate, type SearchOptions } from './search-gallery.js';
import type { ShardSearchRequest, ShardSearchResponse } from './serve-shard.js';

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
 * Fans a search out to every shard process (each holds the subjects whose `subjectShard(id, n)`
 * is its index, loaded from the shared store) and merges their candidates. Each shard fuses for
 * its own size; the coordinator re-fuses every candidate from its raw finger scores for the
 * whole gallery's size, so FPIR and hit decisions match a single process holding everything.
 * In brute-force mode the merged candidates equal the single-process ones exactly; in indexed
 * mode each shard keeps its own shortlist (at least as many subjects per shard as one process
 * would keep for the whole gallery, so the union can only keep more).
 */
export class ShardedSearcher {
  private readonly urls: readonly string[];
  private readonly calibration: ScoreCalibration;
  private readonly params: SearchParameters;
  private readonly timeoutMs: number;

  constructor(urls: readonly string[], options: { calibration?: ScoreCalibration; params?: SearchParameters; timeoutMs?: number } = {}) {
    if (urls.length === 0) throw new StoreError('AFIS_CONFIG_INVALID', 'a sharded searcher needs at least one shard');
    this.urls = urls;
    this.calibration = options.calibration ?? SCORE_CALIBRATION;
    this.params = options.params ?? SEARCH_PARAMETERS;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Searches every shard at once; any shard failing fails the search (AFIS_STORE_UNAVAILABLE): a partial answer could miss the mate. */
  async search(fingers: readonly GalleryFinger[], options: Omit<SearchOptions, 'subjects'> = {}): Promise<ShardedSearchResult> {
    const targetFpir = options.targetFpir ?? this.params.targetFpir;
    const max = options.maxCandidates ?? this.params.maxCandidates;
    const request: ShardSearchRequest = { fingers, options: { ...options, maxCandidates: max, calibration: this.calibration } };
    const answers = await Promise.all(this.urls.map((u) => this.ask(u, request)));
    const subjects = answers.reduce((a, r) => a + r.subjects, 0);
    const merged = sortCandidates(answers.flatMap((r) => r.candidates.map((c) => fuseCandidate(c.id, c.fingerScores, c.codeScore, subjects, targetFpir, this.calibration, this.params))));
    return {
      candidates: merged.slice(0, max),
      targetFpir,
      subjects,
      eligible: answers.reduce((a, r) => a + r.eligible, 0),
      shortlisted: answers.reduce((a, r) => a + r.shortlisted, 0),
    };
  }

  private async ask(url: string, request: ShardSearchRequest): Promise<ShardSearchResponse> {
    let res: Response;
    try {
      res = await fetch(new URL('/search', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new StoreError('AFIS_STORE_UNAVAILABLE', `shard ${url} did not answer: ${(err as Error).message}`, undefined, { cause: err });
    }
    const body = (await res.json().catch(() => ({}))) as ShardSearchResponse & { code?: string; message?: string };
    if (!res.ok) throw new StoreError('AFIS_STORE_UNAVAILABLE', `shard ${url} failed: ${body.code ?? res.status} ${body.message ?? ''}`.trim());
    return body;
  }
}
