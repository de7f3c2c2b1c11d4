import { AfisError, isErrorCode, StoreError } from '../core/index.js';
import type { GalleryFinger, SearchOptions, SearchPriority, ShardAnswer } from '../index/index.js';
import { templateFromJson, templateToJson } from '../templates/index.js';

/*
 * What travels between a coordinator and the shard workers: JSON, templates included as they
 * are (their compact binary form rounds angles and positions, and the shards must score the
 * probe exactly as one process would), their byte arrays (the orientation map's codes, the valid
 * area's bits) as arrays of numbers (templateToJson), which plain JSON would turn into objects no
 * search takes. A worker answers a search twice on the reply subject: `accepted` at
 * once (naming the replica, so the coordinator can tell when that replica dies), then `answer`
 * or `error`.
 */

export type ShardSearchOptions = Omit<SearchOptions, 'subjects'> & { readonly subjects?: readonly string[] };

export interface ShardSearchRequest {
  readonly fingers: readonly GalleryFinger[];
  readonly options: ShardSearchOptions;
  readonly priority: SearchPriority;
  /**
   * Search the gallery of this stop-bit generation (coordinators ask every shard for the same
   * one, so first-stage scores compare across shards); absent: the replica's current one.
   */
  readonly stopBitsGeneration?: number;
}

export type ShardReply =
  | { readonly kind: 'accepted'; readonly replica: string }
  | { readonly kind: 'answer'; readonly replica: string; readonly answer: ShardAnswer }
  | { readonly kind: 'error'; readonly replica: string; readonly code: string; readonly message: string }
  /** The replica holds no gallery of the generation asked for (it is still building it, or released it): ask another replica. */
  | { readonly kind: 'generation-missing'; readonly replica: string; readonly held: readonly number[] };

/** A subject change for the shard that owns it: re-read the subject from the store (`put`), change its metadata, or drop it. */
export type SubjectChange =
  | { readonly op: 'put'; readonly id: string; readonly meta?: { readonly category: number; readonly memberState: string; readonly flags: number } }
  | { readonly op: 'meta'; readonly id: string; readonly meta: { readonly category: number; readonly memberState: string; readonly flags: number } }
  | { readonly op: 'remove'; readonly id: string }
  /** Another process published stop-bit generation `generation` in the store: check it now (renew-stop-bits.ts). */
  | { readonly op: 'stop-bits'; readonly generation: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

function decodeJson<T>(bytes: Uint8Array, what: string): T {
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch {
    throw new StoreError('AFIS_BAD_REQUEST', `${what} is not JSON`);
  }
}

export function encodeSearchRequest(r: ShardSearchRequest): Uint8Array {
  return encodeJson({ ...r, fingers: r.fingers.map((f) => ({ ...f, template: templateToJson(f.template) })) });
}

/**
 * Decodes a search request; AFIS_BAD_REQUEST when malformed, AFIS_TEMPLATE_INVALID when a
 * template is not one (templateFromJson: its byte arrays made byte arrays again, validated).
 */
export function decodeSearchRequest(bytes: Uint8Array): ShardSearchRequest {
  const raw = decodeJson<{ fingers?: GalleryFinger[]; options?: ShardSearchOptions; priority?: SearchPriority; stopBitsGeneration?: unknown }>(bytes, 'shard search request');
  if (!Array.isArray(raw.fingers) || !raw.fingers.every((f) => f !== null && typeof f === 'object')) throw new StoreError('AFIS_BAD_REQUEST', 'shard search request without fingers');
  const g = raw.stopBitsGeneration;
  if (g !== undefined && (typeof g !== 'number' || !Number.isInteger(g) || g < 0)) throw new StoreError('AFIS_BAD_REQUEST', 'shard search request with a stop-bit generation that is not a whole number ≥ 0');
  return {
    fingers: raw.fingers.map((f) => ({ ...f, template: templateFromJson(f.template) })),
    options: raw.options ?? {},
    priority: raw.priority === 'police' || raw.priority === 'batch' ? raw.priority : 'desk',
    ...(g !== undefined ? { stopBitsGeneration: g } : {}),
  };
}

export function decodeShardReply(bytes: Uint8Array): ShardReply {
  return decodeJson<ShardReply>(bytes, 'shard reply');
}

/** The error a worker reports, with its code when it is one of ours. */
export function errorReply(replica: string, err: unknown): ShardReply {
  const e = err instanceof AfisError ? err : new StoreError('AFIS_INTERNAL', 'shard search failed');
  return { kind: 'error', replica, code: e.code, message: e.message };
}

/** A worker's error as the coordinator rethrows it (our code kept; anything else internal). */
export function replyError(shard: string, reply: { code: string; message: string }): AfisError {
  return new StoreError(isErrorCode(reply.code) ? reply.code : 'AFIS_INTERNAL', `shard ${shard}: ${reply.message}`);
}

export function decodeSubjectChange(bytes: Uint8Array): SubjectChange {
  return decodeJson<SubjectChange>(bytes, 'subject change');
}
