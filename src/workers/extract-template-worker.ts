/**
 * Worker-thread entry of the extraction pool (see extraction-pool.ts and runtime.ts): the work a
 * capture does on each of its images, so that none of it runs on the service's event loop:
 * decoding (WSQ, BMP, raw, an ANSI/NIST record's WSQ and the resampling to 500 ppi are ours, in
 * JavaScript), the template's extraction, a slap's cut into fingertips, the desk's reads of a
 * finger that slid or looks altered, a flagged capture's flat field, and the sequence check's
 * rolled-against-plain comparisons.
 * One task, one image (or one capture's comparisons). Typed errors cross the thread boundary as
 * data, because structured cloning keeps an Error's message but not its class or code.
 */
import { decodeCapture, type DecodeCaptureOptions } from '../capture/index.js';
import { AfisError, createGrayImage, type GrayImage } from '../core/index.js';
import { extractTemplate, type SmearEstimate } from '../extraction/index.js';
import { decodeWsq } from '../formats/index.js';
import { compareTemplateGrid } from '../matching/index.js';
import { detectAlteration, detectSlidFinger, flattenPlaten, platenResidueShare, type AlterationAssessment, type FlattenPlatenParameters, type SlidFinding } from '../quality/index.js';
import { segmentSlap, type SlapKind, type SlapSegmentation } from '../segmentation/index.js';
import type { Template } from '../templates/index.js';

/** An image as it crosses to a worker: its pixels are copied. */
export interface ExtractTask {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly data: Uint8Array;
}

/** A worker's answer: the value, or the typed error it threw (its class by name). */
export type WorkerAnswer<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: string; readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };

export type ExtractAnswer = WorkerAnswer<Template>;

async function answer<T>(work: () => T | Promise<T>): Promise<WorkerAnswer<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof AfisError) {
      return { ok: false, kind: err.constructor.name, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
    }
    throw err;
  }
}

const imageOf = (task: ExtractTask): GrayImage => createGrayImage(task.width, task.height, task.data, task.ppi);

/** Image at 500 ppi (with the desk's smear estimate of it, when it made one) → its template (`extractTemplate`). */
export default function extract(task: ExtractTask & { readonly smear?: SmearEstimate | null }): Promise<ExtractAnswer> {
  return answer(() => extractTemplate(imageOf(task), task.smear === undefined ? {} : { smearEstimate: task.smear }));
}

/** Capture bytes → grey at 500 ppi (`decodeCapture`). */
export function decode(task: { readonly bytes: Uint8Array; readonly options: DecodeCaptureOptions }): Promise<WorkerAnswer<GrayImage>> {
  return answer(() => decodeCapture(task.bytes, task.options));
}

/** A WSQ stream → grey at the stream's own resolution (`decodeWsq`; an ANSI/NIST record's image). */
export function decodeWsqStream(bytes: Uint8Array): Promise<WorkerAnswer<GrayImage>> {
  return answer(() => decodeWsq(bytes).image);
}

/** A slap → its fingertips (`segmentSlap`). */
export function cutSlap(task: { readonly image: ExtractTask; readonly kind: SlapKind; readonly declaredMissing: readonly number[] }): Promise<WorkerAnswer<SlapSegmentation>> {
  return answer(() => segmentSlap(imageOf(task.image), task.kind, { declaredMissing: task.declaredMissing }));
}

/** A finger's image → whether it slid on the platen (`detectSlidFinger`). */
export function readSlid(task: ExtractTask): Promise<WorkerAnswer<SlidFinding>> {
  return answer(() => detectSlidFinger(imageOf(task)));
}

/** A capture's images → the same with the platen's residue divided out (`flattenPlaten`); null for an image given back as it was. */
export function flattenCapture(task: { readonly images: readonly ExtractTask[]; readonly params: FlattenPlatenParameters }): Promise<WorkerAnswer<Array<GrayImage | null>>> {
  return answer(() => {
    const images = task.images.map(imageOf);
    return flattenPlaten(images, task.params).map((flat, i) => (flat === images[i] ? null : flat));
  });
}

/** A capture's images → the share of its platen that shows residue under every image (`platenResidueShare`). */
export function readPlatenResidue(task: { readonly images: readonly ExtractTask[]; readonly params: FlattenPlatenParameters }): Promise<WorkerAnswer<number>> {
  return answer(() => platenResidueShare(task.images.map(imageOf), task.params));
}

/** Every probe against every candidate, `[probe][candidate]` (`compareTemplateGrid`). */
export function compareGrid(task: { readonly probes: readonly Template[]; readonly candidates: readonly Template[] }): Promise<WorkerAnswer<number[][]>> {
  return answer(() => compareTemplateGrid(task.probes, task.candidates));
}

/** A finger's image and template → how altered it looks (`detectAlteration`). */
export function readAlteration(task: { readonly image: ExtractTask; readonly template: Template }): Promise<WorkerAnswer<AlterationAssessment>> {
  return answer(() => detectAlteration(imageOf(task.image), task.template));
}
