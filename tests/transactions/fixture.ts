/**
 * Builds a TransactionService from the real modules (capture decoding, extraction, the 1:N
 * gallery, the matcher, the protobuf messages) over given stores, and gives ten-print captures
 * of synthetic persons (tests/helpers/persons.ts): person A…D, impression number = the capture.
 * Templates are cached by image content so a test file extracts each image once (the cache
 * returns the real extractor's template).
 */
import { createHash } from 'node:crypto';
import { decodeCapture, type CaptureFormat } from '../../src/capture/index.js';
import { personTenPrint, type Person } from '../helpers/persons.js';
import { SEARCH_PARAMETERS } from '../../src/config/parameters.js';
import { AfisError, type GrayImage } from '../../src/core/index.js';
import { DEFAULT_ROUTING_POLICY, REGIME_603_2013, type Regime, type RoutingPolicy } from '../../src/eurodac/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import {
  Gallery, GallerySearcher, SUBJECT_FLAGS, fingerEvidence, fusedThresholdForFpir, type SubjectStore,
} from '../../src/index/index.js';
import { compareTemplates, compareTemplatesDetailed, fmrToThreshold, prepareTemplate, scoreToFmr } from '../../src/matching/index.js';
import { segmentSlap, slapKindOf } from '../../src/segmentation/index.js';
import { detectAlteration, detectSlidFinger } from '../../src/quality/index.js';
import { encodeMessage, loadMessages, decodeMessage } from '../../src/messages/index.js';
import { decodeTemplate, encodeTemplate, type Template } from '../../src/templates/index.js';
import {
  TransactionService, type Actor, type FingerInput, type GalleryCandidate, type GalleryFilter, type GalleryMeta,
  type GalleryPort, type Matcher, type ProbeFinger, type SearchResultMessage, type SegmentSlap, type TransactionServiceDependencies,
  type TransactionStores,
} from '../../src/transactions/index.js';

export { type Person } from '../helpers/persons.js';

/** A ten-print capture of a synthetic person (tests/helpers/persons.ts): rolled fingers of one impression. */
export function tenPrint(person: Person, impression: number, positions: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]): FingerInput[] {
  return personTenPrint(person, impression, positions);
}

const templateCache = new Map<string, Template>();
export function cachedExtract(image: GrayImage): Template {
  const key = createHash('sha256').update(`${image.width}x${image.height}:`).update(image.data).digest('hex');
  let t = templateCache.get(key);
  if (!t) {
    t = extractTemplate(image);
    templateCache.set(key, t);
  }
  return t;
}

/** The real 1:N gallery (in-thread) behind the workflow's port. */
export class IndexGallery implements GalleryPort {
  readonly gallery = new Gallery();
  readonly searcher = new GallerySearcher(this.gallery);
  searches = 0;
  failNextSearches = 0;
  async search(probe: readonly ProbeFinger[], filter: GalleryFilter, options: { maxCandidates: number }): Promise<readonly GalleryCandidate[]> {
    this.searches++;
    if (this.failNextSearches > 0) {
      this.failNextSearches--;
      throw new Error('gallery unavailable (test)');
    }
    const result = await this.searcher.search(probe, {
      mode: 'brute-force',
      maxCandidates: options.maxCandidates,
      filter: {
        categories: filter.categories,
        ...(filter.memberStates === undefined ? {} : { memberStates: filter.memberStates }),
        excludeFlags: SUBJECT_FLAGS.erased | (filter.excludeBlocked ? SUBJECT_FLAGS.blocked : 0),
      },
    });
    return result.candidates.filter((c) => c.hit).map((c) => ({
      subjectId: c.id,
      score: c.score,
      fingerScores: c.fingerScores.flatMap((s, i) => (s === null ? [] : [{ position: i + 1, score: s }])),
      fpir: c.fpir, fingersCompared: c.fingersCompared, gallerySize: Math.max(1, this.gallery.size), targetFpir: result.targetFpir,
    }));
  }
  put(subjectId: string, fingers: readonly ProbeFinger[], meta: GalleryMeta): void {
    this.gallery.put(subjectId, fingers, { category: meta.category, memberState: meta.memberState, flags: this.flags(meta) });
  }
  setMeta(subjectId: string, meta: GalleryMeta): boolean {
    return this.gallery.setMeta(subjectId, { category: meta.category, memberState: meta.memberState, flags: this.flags(meta) });
  }
  remove(subjectId: string): void {
    this.gallery.remove(subjectId);
  }
  private flags(meta: GalleryMeta): number {
    return (meta.blocked ? SUBJECT_FLAGS.blocked : 0) | (meta.marked ? SUBJECT_FLAGS.marked : 0);
  }
}

/** The matcher as the wiring would pass it: 1:1 scores, −ln FMR fusion, threshold at FMR 1e-5 per ten-print comparison. */
export const MATCHER: Matcher = {
  compare: (a, b) => compareTemplates(prepareTemplate(a), prepareTemplate(b)),
  compareDetailed: (a, b) => {
    const d = compareTemplatesDetailed(prepareTemplate(a), prepareTemplate(b));
    return { score: d.score, pairs: d.pairs.map((p) => ({ probe: p.probe, candidate: p.candidate })) };
  },
  fuse: (scores) => scores.reduce<number>((sum, s) => sum + (s === null ? 0 : fingerEvidence(scoreToFmr(s), SEARCH_PARAMETERS.minFingerFmr)), 0),
  verificationThreshold: (k) => fusedThresholdForFpir(1e-5, Math.max(1, k), 1),
  scoreAtFmr: (fmr) => fmrToThreshold(fmr),
};

/** Slap segmentation by ANSI/NIST position, as the runtime wires it. */
export const SEGMENT_SLAP: SegmentSlap = (image, position, declaredMissing) => segmentSlap(image, slapKindOf(position)!, { declaredMissing });

export const DESK: Actor = { id: 'desk-key-1', role: 'desk' };
export const EXAMINER: Actor = { id: 'examiner-key-1', role: 'examiner' };
export const POLICE: Actor = { id: 'police-key-1', role: 'police' };
export const ADMIN: Actor = { id: 'admin-key-1', role: 'admin' };

export interface Harness {
  readonly service: TransactionService;
  readonly gallery: IndexGallery;
  readonly clock: { now: number };
  readonly errors: unknown[];
  decodeResult(payload: Uint8Array): Promise<Record<string, unknown>>;
}

export async function buildService(options: {
  stores: TransactionStores;
  subjects: SubjectStore;
  gallery?: IndexGallery;
  now?: string;
  regime?: Regime;
  policy?: RoutingPolicy;
  clock?: { now: number };
  extra?: Partial<TransactionServiceDependencies>;
}): Promise<Harness> {
  const messages = await loadMessages();
  const clock = options.clock ?? { now: Date.parse(options.now ?? '2026-11-20T10:00:00Z') };
  const gallery = options.gallery ?? new IndexGallery();
  const errors: unknown[] = [];
  let ids = 0;
  const service = new TransactionService({
    stores: options.stores,
    subjects: options.subjects,
    gallery,
    decodeImage: (bytes, o) => decodeCapture(bytes, {
      ...(o.ppi === undefined ? {} : { ppi: o.ppi }), ...(o.width === undefined ? {} : { width: o.width }),
      ...(o.height === undefined ? {} : { height: o.height }), ...(o.format === undefined ? {} : { format: o.format as CaptureFormat }),
    }),
    extractTemplate: cachedExtract,
    segmentSlap: SEGMENT_SLAP,
    detectAlteration: (image, template) => detectAlteration(image, template),
    detectSlidFinger: (image) => detectSlidFinger(image),
    matcher: MATCHER,
    templates: { encode: encodeTemplate, decode: decodeTemplate },
    encodeResult: (m: SearchResultMessage) => encodeMessage(messages.SearchResult, m as unknown as Record<string, unknown>),
    regime: options.regime ?? REGIME_603_2013,
    policy: options.policy ?? DEFAULT_ROUTING_POLICY,
    memberState: 'BE',
    clock: () => clock.now,
    newId: () => `t${String(++ids).padStart(4, '0')}-${Math.random().toString(36).slice(2, 8)}`,
    onBackgroundError: (e) => errors.push(e),
    ...options.extra,
  });
  return {
    service, gallery, clock, errors,
    decodeResult: async (payload) => decodeMessage(messages.SearchResult, payload),
  };
}

/** The AfisError code `p` rejects with ('none' when it resolves); other errors are rethrown. */
export async function rejectCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AfisError) return e.code;
    throw e;
  }
  return 'none';
}
