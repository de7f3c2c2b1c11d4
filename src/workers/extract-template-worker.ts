/**
 * Worker-thread entry of the extraction pool (see runtime.ts): one grey image in, its template
 * out. Typed errors cross the thread boundary as data, because structured cloning keeps an
 * Error's message but not its code.
 */
import { AfisError, createGrayImage } from '../core/index.js';
import { extractTemplate } from '../extraction/index.js';
import type { Template } from '../templates/index.js';

export interface ExtractTask {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly data: Uint8Array;
}

export type ExtractAnswer =
  | { readonly ok: true; readonly template: Template }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };

export default function extract(task: ExtractTask): ExtractAnswer {
  try {
    return { ok: true, template: extractTemplate(createGrayImage(task.width, task.height, task.data, task.ppi)) };
  } catch (err) {
    if (err instanceof AfisError) return { ok: false, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
    throw err;
  }
}
