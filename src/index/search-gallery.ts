import { StoreError } from '../core/index.js';
import { validateTemplate, type Template } from '../templates/index.js';
import { prepareTemplate, scoreToFmr, SCORE_CALIBRATION, type PreparedTemplate, type ScoreCalibration } from '../matching/index.js';
import { MATCHING_PARAMETERS, SEARCH_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import { FINGERS, GalleryReader, SUBJECTS_PER_CHUNK, fingerEntry, fingerInfoCount, type GalleryMemory } from './gallery-layout.js';
import { flattenTemplate } from './encode-compact-finger.js';
import { computeFingerCode } from './compute-finger-code.js';
import { compileSearchFilter, type SearchFilter } from './compile-search-filter.js';
import { scanGalleryCodes, ShortlistOrder, type ProbeCodes, type ScanResult } from './scan-gallery-codes.js';
import { packFingerCode, planCodePacking, type CodePacking } from './pack-finger-code.js';
import { matchShortlist } from './match-shortlist.js';
import { candidateFpir, fingerEvidenceOfPair, fusedThresholdForFpir } from './fuse-finger-scores.js';
import type { Gallery, GalleryFinger } from './gallery.js';
import type { SearchPool } from './create-search-pool.js';

export interface SearchOptions {
  readonly filter?: SearchFilter;
  /** `indexed` (default): first stage then full matching of the shortlist; `brute-force`: every eligible subject is fully matched. */
  readonly mode?: 'indexed' | 'brute-force';
  /** Subjects kept by the first stage (default from the parameters and the gallery size). */
  readonly shortlistSize?: number;
  readonly maxCandidates?: number;
  /** Decision target (default `targetFpir` of the parameters, 0.1 %). */
  readonly targetFpir?: number;
  /**
   * Compare only with these subjects (skips the first stage; unknown ids are ignored), e.g. to
   * check a claimed identity or re-score known candidates. FPIR still refers to the whole gallery.
   */
  readonly subjects?: readonly string[];
  /** Score calibration for this search (default: the searcher's). Shards get the coordinator's so they rank alike. */
  readonly calibration?: ScoreCalibration;
}

/** One candidate of a search. */
export interface SearchCandidate {
  readonly id: string;
  /** Fused score: Σ over compared fingers of −ln FMR (natural-log units; see fuse-finger-scores.ts). */
  readonly score: number;
  /** Raw 1:1 matcher scores, index 0..9 = positions 1..10; null where not compared. */
  readonly fingerScores: readonly (number | null)[];
  readonly fingersCompared: number;
  /** Probability that an impostor in a gallery of this size scores this high (the candidate's FPIR). */
  readonly fpir: number;
  /** True when `fpir` ≤ the search's target: a hit. */
  readonly hit: boolean;
  /** First-stage score (0 in brute-force mode). */
  readonly codeScore: number;
  /**
   * The smaller minutiae count of each compared finger's two templates (index as fingerScores,
   * null where not compared), so a coordinator re-fuses as the shard did. Present only when
   * `refusedFingerMinFmr` > 0 (fuse-finger-scores.ts fingerEvidenceOfPair reads it).
   */
  readonly fingerMinutiae?: readonly (number | null)[];
}

export interface SearchResult {
  /** Best first, at most `maxCandidates`. */
  readonly candidates: readonly SearchCandidate[];
  readonly targetFpir: number;
  /** Subjects the gallery held when the search began (the size the FPIR refers to). */
  readonly gallerySize: number;
  /** Subjects that passed the filter. */
  readonly eligible: number;
  /** Subjects fully matched. */
  readonly shortlisted: number;
  /** The first-stage shortlist length used (absent in brute-force mode and for a search restricted to given subjects). */
  readonly keep?: number;
  /** shortlisted / eligible: the share of the gallery that reached the expensive stage. */
  readonly penetration: number;
  readonly firstStageMs: number;
  readonly secondStageMs: number;
  /** Fusing the finger scores and ranking the candidates. */
  readonly fusionMs: number;
}

export interface GallerySearcherOptions {
  /** Worker pool; without one the search runs on the calling thread. */
  readonly pool?: SearchPool;
  /** The matcher's score calibration (default: the matcher's measured table). */
  readonly calibration?: ScoreCalibration;
  readonly params?: SearchParameters;
}

/**
 * The probe's ten first-stage codes, masked and packed like the gallery's stored codes
 * (`packing`: the gallery's {@link Gallery.codePacking}; default: no stop bits).
 */
export function computeProbeCodes(probe: readonly (Template | null)[], params: SearchParameters = SEARCH_PARAMETERS, packing: CodePacking = planCodePacking(params.codeWords)): ProbeCodes {
  const W = params.codeWords;
  if (packing.codeWords !== W) throw new RangeError(`code packing for ${packing.codeWords} words, parameters say ${W}`);
  const C = packing.stride;
  const code = new Uint32Array(W);
  const codes = new Uint32Array(FINGERS * C);
  const popcounts = new Uint32Array(FINGERS);
  for (let f = 0; f < FINGERS; f++) {
    const t = probe[f];
    if (!t) continue;
    computeFingerCode(flattenTemplate(t), code, 0, params, true);
    const pc = packFingerCode(packing, f, code, 0, codes, f * C);
    // a probe finger whose every bit was masked still counts as present
    popcounts[f] = Math.max(1, pc);
  }
  return { codes, popcounts };
}

/** Probe fingers by position → array index 0..9 (positions 11–15 ignored). */
export function probeByPosition(fingers: readonly GalleryFinger[]): (Template | null)[] {
  const out: (Template | null)[] = new Array(FINGERS).fill(null);
  for (const f of fingers) {
    if (!Number.isInteger(f.position) || f.position < 1 || f.position > 15) throw new StoreError('AFIS_VALIDATION', `probe finger position ${f.position} is not 1–15`);
    if (f.position <= FINGERS) {
      if (out[f.position - 1]) throw new StoreError('AFIS_VALIDATION', `probe finger position ${f.position} given twice`);
      out[f.position - 1] = f.template;
    }
  }
  return out;
}

/**
 * Ten-print 1:N search over a {@link Gallery}: the first stage (code scan) keeps a shortlist,
 * the second stage compares every probe finger with the same finger of each shortlisted
 * subject, fingers are fused (fuse-finger-scores.ts) and each candidate gets its FPIR for the
 * gallery size in use. With a pool, each stage is split over the worker threads.
 * Thread-safety: any number of concurrent searches; see Gallery for mutations during a search.
 */
export class GallerySearcher {
  private readonly gallery: Gallery;
  private readonly pool?: SearchPool;
  private readonly calibration: ScoreCalibration;
  private readonly params: SearchParameters;

  constructor(gallery: Gallery, options: GallerySearcherOptions = {}) {
    this.gallery = gallery;
    if (options.pool) this.pool = options.pool;
    this.calibration = options.calibration ?? SCORE_CALIBRATION;
    this.params = options.params ?? gallery.params;
  }

  /** Searches with the probe's fingers (positions 1–10; others ignored). */
  async search(fingers: readonly GalleryFinger[], options: SearchOptions = {}): Promise<SearchResult> {
    const probe = probeByPosition(fingers);
    if (!probe.some((t) => t !== null)) throw new StoreError('AFIS_VALIDATION', 'the probe has no finger at positions 1–10');
    for (const t of probe) if (t) validateTemplate(t);
    const params = this.params;
    const targetFpir = options.targetFpir ?? params.targetFpir;
    const filter = compileSearchFilter(options.filter);
    const { memory, ids, packing } = this.gallery.snapshot();
    const brute = options.mode === 'brute-force';
    const held = this.gallery.size;
    const size = Math.max(1, held);
    const keep = brute ? memory.slotCount : shortlistKeep(size, params, options.shortlistSize);
    const t0 = performance.now();
    const codes = computeProbeCodes(probe, params, packing);
    const scan = options.subjects ? this.gallery.slotsOf(options.subjects) : await this.scan(memory, codes, filter, keep, !brute);
    const t1 = performance.now();
    const raw = await this.match(memory, probe, scan.slots);
    const t2 = performance.now();
    const candidates: SearchCandidate[] = [];
    // the FMR claim's minutiae floor, when on: counts of the compared fingers' pairs, read after the scan (shortlist only)
    const counts = params.refusedFingerMinFmr > 0 ? pairMinutiae(memory, probe, scan.slots) : null;
    for (let i = 0; i < scan.slots.length; i++) {
      const fingerScores: (number | null)[] = new Array(FINGERS).fill(null);
      for (let f = 0; f < FINGERS; f++) {
        const s = raw[i * FINGERS + f];
        if (!Number.isNaN(s)) fingerScores[f] = s;
      }
      const minutiae = counts ? fingerScores.map((s, f) => (s === null ? null : counts[i * FINGERS + f])) : undefined;
      candidates.push(fuseCandidate(ids[scan.slots[i]], fingerScores, brute ? 0 : scan.scores[i], size, targetFpir, options.calibration ?? this.calibration, params, minutiae));
    }
    sortCandidates(candidates);
    const t3 = performance.now();
    const max = options.maxCandidates ?? params.maxCandidates;
    return {
      candidates: candidates.slice(0, max),
      targetFpir,
      gallerySize: held,
      eligible: scan.eligible,
      shortlisted: scan.slots.length,
      ...(brute || options.subjects ? {} : { keep }),
      penetration: scan.eligible ? scan.slots.length / scan.eligible : 0,
      firstStageMs: t1 - t0,
      secondStageMs: t2 - t1,
      fusionMs: t3 - t2,
    };
  }

  /** The fused score a candidate compared on k fingers needs for `fpir` in this gallery. */
  thresholdFor(k: number, fpir = this.params.targetFpir): number {
    return fusedThresholdForFpir(fpir, k, Math.max(1, this.gallery.size));
  }

  private async scan(memory: GalleryMemory, probe: ProbeCodes, filter: ReturnType<typeof compileSearchFilter>, keep: number, score: boolean): Promise<ScanResult> {
    const pool = this.pool;
    // with a pool of one thread the stage still runs there: the calling thread (a shard worker's
    // heartbeats and replies, the service's HTTP) must not stop for the length of a search
    if (!pool || memory.slotCount < this.params.parallelScanMinSlots) {
      return scanGalleryCodes(new GalleryReader(memory), probe, filter, 0, memory.slotCount, keep, score);
    }
    // one task per thread over the whole gallery, sharing a counter from which each takes the next
    // subject chunk: a thread slowed by other work takes fewer chunks (equal halves waited for the
    // slower thread); the merged shortlist is the same either way (see scanGalleryCodes)
    const claim = new Int32Array(new SharedArrayBuffer(4));
    // the scan reads no minutiae: the pool chunks stay behind (less to post to each worker)
    const codes: GalleryMemory = { ...memory, poolChunks: [] };
    const results = (await Promise.all(Array.from({ length: pool.threads }, () =>
      pool.run({ kind: 'scan', memory: codes, probe, filter, from: 0, to: memory.slotCount, keep, score, claim })))) as ScanResult[];
    return mergeScans(results, keep, new ShortlistOrder(new GalleryReader(codes)));
  }

  private async match(memory: GalleryMemory, probe: readonly (Template | null)[], slots: Int32Array): Promise<Float32Array> {
    const pool = this.pool;
    if (!pool || slots.length < this.params.parallelMatchMinSubjects) {
      const prepared: (PreparedTemplate | null)[] = probe.map((t) => (t ? prepareTemplate(t) : null));
      return matchShortlist(new GalleryReader(memory), prepared, slots);
    }
    const parts = pool.threads;
    // interleave so that both workers get a similar mix of strong and weak candidates
    const shares: number[][] = Array.from({ length: parts }, () => []);
    for (let i = 0; i < slots.length; i++) shares[i % parts].push(slots[i]);
    const results = (await Promise.all(shares.map((s) => pool.run({ kind: 'match', memory, probe, slots: Int32Array.from(s) })))) as Float32Array[];
    const out = new Float32Array(slots.length * FINGERS);
    for (let i = 0; i < slots.length; i++) {
      const r = results[i % parts];
      const j = Math.floor(i / parts);
      out.set(r.subarray(j * FINGERS, (j + 1) * FINGERS), i * FINGERS);
    }
    return out;
  }
}

/**
 * The smaller minutiae count of each probe finger and each shortlisted subject's same finger,
 * `[i·10 + finger]` (−1 where either side has none): the probe's as the matcher prepares it
 * (at most `maxMinutiae`), the gallery's as stored (its info word). O(shortlist · 10).
 */
function pairMinutiae(memory: GalleryMemory, probe: readonly (Template | null)[], slots: ArrayLike<number>): Int32Array {
  const reader = new GalleryReader(memory);
  const out = new Int32Array(slots.length * FINGERS).fill(-1);
  for (let i = 0; i < slots.length; i++) {
    const v = reader.subjects[slots[i] >>> 14];
    const s = slots[i] & (SUBJECTS_PER_CHUNK - 1);
    for (let f = 0; f < FINGERS; f++) {
      const t = probe[f];
      if (t) out[i * FINGERS + f] = Math.min(t.minutiae.length, MATCHING_PARAMETERS.maxMinutiae, fingerInfoCount(v.info[fingerEntry(s, f)]));
    }
  }
  return out;
}

/**
 * Fuses one candidate's per-finger scores (null = not compared) into its score, FPIR for a
 * gallery of `gallerySize` subjects and hit decision. Shared by the searcher and the shard
 * coordinator, which re-fuses shard answers for the size of the whole gallery.
 */
export function fuseCandidate(id: string, fingerScores: readonly (number | null)[], codeScore: number, gallerySize: number, targetFpir: number, calibration: ScoreCalibration = SCORE_CALIBRATION, params: SearchParameters = SEARCH_PARAMETERS, fingerMinutiae?: readonly (number | null)[]): SearchCandidate {
  let score = 0;
  let k = 0;
  for (let f = 0; f < fingerScores.length; f++) {
    const s = fingerScores[f];
    if (s === null || Number.isNaN(s)) continue;
    k++;
    const m = fingerMinutiae?.[f];
    const n = m === null || m === undefined || m < 0 ? undefined : m;
    score += fingerEvidenceOfPair(scoreToFmr(s, calibration), n, n, params);
  }
  const fpir = candidateFpir(score, k, Math.max(1, gallerySize));
  return { id, score, fingerScores: [...fingerScores], fingersCompared: k, fpir, hit: k > 0 && fpir <= targetFpir, codeScore, ...(fingerMinutiae ? { fingerMinutiae: [...fingerMinutiae] } : {}) };
}

/** Best first: fused score, then id (so equal scores come out in a stable order everywhere). */
export function sortCandidates(c: SearchCandidate[]): SearchCandidate[] {
  return c.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Subjects the first stage keeps in a gallery of `gallerySize`: `shortlistSize` when given, else
 * max(shortlistMin, shortlistShare · size). A sharded coordinator keeps as many of the union of
 * the shards' shortlists, for the whole gallery's size.
 */
export function shortlistKeep(gallerySize: number, params: SearchParameters = SEARCH_PARAMETERS, shortlistSize?: number): number {
  return Math.max(1, shortlistSize ?? Math.max(params.shortlistMin, Math.ceil(params.shortlistShare * Math.max(1, gallerySize))));
}

/** Merges per-range scan results into one best-first list of at most `keep`, ties in the shortlist order. */
export function mergeScans(results: readonly ScanResult[], keep: number, order: ShortlistOrder): ScanResult {
  const all: { slot: number; score: number }[] = [];
  let eligible = 0;
  for (const r of results) {
    eligible += r.eligible;
    for (let i = 0; i < r.slots.length; i++) all.push({ slot: r.slots[i], score: r.scores[i] });
  }
  all.sort((a, b) => b.score - a.score || (order.after(a.slot, b.slot) ? 1 : a.slot === b.slot ? 0 : -1));
  const n = Math.min(keep, all.length);
  return { slots: Int32Array.from(all.slice(0, n), (x) => x.slot), scores: Float64Array.from(all.slice(0, n), (x) => x.score), eligible };
}
