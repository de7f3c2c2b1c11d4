import { CAPTURE_PARAMETERS } from '../config/parameters.js';
import { AfisError, DomainError, type GrayImage } from '../core/index.js';
import type { Template } from '../templates/index.js';
import type { AssessQuality, DecodeImage, ExtractTemplate } from './dependencies.js';
import type { FingerInput, FingerQuality } from './types.js';

/** A finger after decoding, quality check and extraction. */
export interface PreparedFinger {
  readonly position: number;
  readonly impression: 'rolled' | 'plain';
  readonly quality: number;
  readonly template: Template;
  readonly image: Uint8Array;
  readonly imageFormat?: string;
}

export interface PrepareOptions {
  readonly decodeImage: DecodeImage;
  readonly extractTemplate: ExtractTemplate;
  readonly assessQuality?: AssessQuality;
  /** Quality below this refuses the whole capture (AFIS_QUALITY_INSUFFICIENT); null: never refuse. */
  readonly minQuality: number | null;
  /** Most pixels (at 500 ppi) all fingers together may have; default CAPTURE_PARAMETERS.maxRequestPixels. */
  readonly maxPixels?: number;
}

export interface PreparedCapture {
  /** Fingers 1–10 with templates, in position order. */
  readonly fingers: readonly PreparedFinger[];
  /** One line per finger 1–10, in position order. */
  readonly quality: readonly FingerQuality[];
}

/** Re-throws an error of a finger's processing with the position in message and details. */
function atPosition(error: unknown, position: number): never {
  if (error instanceof AfisError) {
    const Ctor = error.constructor as new (code: AfisError['code'], message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) => AfisError;
    throw new Ctor(error.code, `finger ${position}: ${error.message}`, { ...error.details, position }, { cause: error });
  }
  throw error;
}

/**
 * Decodes every finger once, checks quality, then extracts templates: the capture travels
 * left to right once. Fingers are decoded, assessed and extracted concurrently (in parallel when
 * the injected functions use threads). Slaps and plain thumbs (11–15) are decoded (so a broken file is refused)
 * but not extracted: the search and the gallery use fingers 1–10. With `minQuality` set, a
 * finger below it — or one where no fingerprint is found — refuses the capture with
 * AFIS_QUALITY_INSUFFICIENT naming the positions to recapture (`details.recapture`) and the
 * per-finger scores (`details.quality`). Cost: one decode and one extraction per finger.
 */
export async function prepareFingers(fingers: readonly FingerInput[], options: PrepareOptions): Promise<PreparedCapture> {
  const seen = new Set<number>();
  for (const f of fingers) {
    if (!Number.isInteger(f.position) || f.position < 1 || f.position > 15) {
      throw new DomainError('AFIS_VALIDATION', `finger position ${String(f.position)} is not 1–15`);
    }
    if (seen.has(f.position)) throw new DomainError('AFIS_VALIDATION', `finger ${f.position} is given twice`);
    seen.add(f.position);
    if (!(f.image instanceof Uint8Array)) throw new DomainError('AFIS_VALIDATION', `finger ${f.position} has no image bytes`);
  }
  const ordered = [...fingers].sort((a, b) => a.position - b.position);

  // All fingers at once: sharp decodes on libuv threads, and an extractor backed by a worker
  // pool runs in parallel; a synchronous extractor simply runs one after the other. Errors are
  // reported for the lowest position, so the answer does not depend on timing.
  const decodedAll = await Promise.allSettled(ordered.map(async (f) => options.decodeImage(f.image, {
    ...(f.format === undefined ? {} : { format: f.format }),
    ...(f.ppi === undefined ? {} : { ppi: f.ppi }),
    ...(f.width === undefined ? {} : { width: f.width }),
    ...(f.height === undefined ? {} : { height: f.height }),
  })));
  const decoded: { input: FingerInput; image: GrayImage }[] = [];
  let pixels = 0;
  decodedAll.forEach((r, i) => {
    if (r.status === 'rejected') atPosition(r.reason, ordered[i].position);
    pixels += r.value.width * r.value.height;
    if (ordered[i].position <= 10) decoded.push({ input: ordered[i], image: r.value });
  });
  // the budget of one request, before the costly part (extraction is linear in pixels)
  const maxPixels = options.maxPixels ?? CAPTURE_PARAMETERS.maxRequestPixels;
  if (pixels > maxPixels) {
    throw new DomainError('AFIS_CAPTURE_TOO_LARGE', `the fingers of this request have ${pixels} pixels at 500 ppi together, above the limit of ${maxPixels}`, { pixels, maxPixels });
  }

  const scores = new Map<number, number>();
  const refuse = (): void => {
    if (options.minQuality === null) return;
    const min = options.minQuality;
    const quality = decoded.map((d) => {
      const score = scores.get(d.input.position) ?? 0;
      return { position: d.input.position, score, accepted: score >= min };
    });
    const recapture = quality.filter((q) => !q.accepted).map((q) => q.position);
    if (recapture.length > 0) {
      throw new DomainError('AFIS_QUALITY_INSUFFICIENT', `recapture finger${recapture.length > 1 ? 's' : ''} ${recapture.join(', ')}: quality below ${min}`, { recapture, quality });
    }
  };
  if (options.assessQuality) {
    const assess = options.assessQuality;
    const q = await Promise.all(decoded.map(async (d) => Math.round(await assess(d.image))));
    decoded.forEach((d, i) => scores.set(d.input.position, q[i]));
    refuse();
  }

  const templates = new Map<number, Template>();
  const failed: number[] = [];
  const extracted = await Promise.allSettled(decoded.map(async (d) => options.extractTemplate(d.image)));
  extracted.forEach((r, i) => {
    const position = decoded[i].input.position;
    if (r.status === 'fulfilled') {
      templates.set(position, r.value);
      if (!options.assessQuality) scores.set(position, Math.round(r.value.quality));
      return;
    }
    // No fingerprint found: a recapture at the desk; skipped where nothing is refused (police).
    if (r.reason instanceof AfisError && r.reason.code === 'AFIS_EXTRACTION_FAILED') {
      scores.set(position, 0);
      failed.push(position);
      return;
    }
    atPosition(r.reason, position);
  });
  if (!options.assessQuality || failed.length > 0) refuse();

  const prepared: PreparedFinger[] = [];
  for (const d of decoded) {
    const template = templates.get(d.input.position);
    if (template === undefined) continue;
    prepared.push({
      position: d.input.position,
      impression: d.input.impression ?? 'rolled',
      quality: scores.get(d.input.position) ?? Math.round(template.quality),
      template,
      image: d.input.image,
      ...(d.input.format === undefined ? {} : { imageFormat: d.input.format }),
    });
  }
  if (prepared.length === 0 && decoded.length > 0) {
    throw new DomainError('AFIS_EXTRACTION_FAILED', `no usable fingerprint in finger${failed.length > 1 ? 's' : ''} ${failed.join(', ')}`, { positions: failed });
  }
  const min = options.minQuality;
  return {
    fingers: prepared,
    quality: decoded.map((d) => {
      const score = scores.get(d.input.position) ?? 0;
      return { position: d.input.position, score, accepted: min === null ? templates.has(d.input.position) : score >= min };
    }),
  };
}
