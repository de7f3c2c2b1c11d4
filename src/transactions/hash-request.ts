import { createHash } from 'node:crypto';

/**
 * A stable SHA-256 (hex) of a request for idempotency keys: object keys sorted, byte arrays
 * hashed by content, `undefined` fields dropped. Two requests hash alike exactly when a retry
 * would carry the same data. Cost: linear in the request size (images included).
 */
export function hashRequest(operation: string, request: unknown): string {
  const h = createHash('sha256');
  h.update(operation);
  h.update('\u0000');
  feed(h, request);
  return h.digest('hex');
}

function feed(h: ReturnType<typeof createHash>, v: unknown): void {
  if (v instanceof Uint8Array) {
    h.update(`b${v.length}:`);
    h.update(v);
  } else if (Array.isArray(v)) {
    h.update(`a${v.length}[`);
    for (const x of v) feed(h, x === undefined ? null : x);
    h.update(']');
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
    h.update(`o${keys.length}{`);
    for (const k of keys) {
      h.update(JSON.stringify(k));
      feed(h, (v as Record<string, unknown>)[k]);
    }
    h.update('}');
  } else {
    h.update(JSON.stringify(v) ?? 'undefined');
  }
}
