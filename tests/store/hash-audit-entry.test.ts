import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, canonicalJson, hashAuditEntry, verifyAuditEntries } from '../../src/store/index.js';

describe('audit chain primitives', () => {
  it('canonical JSON sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('hashes prevHash and content with SHA-256 (known vector)', () => {
    const e = { seq: 1, at: 0, actor: 'a', role: 'r', purpose: 'p', action: 'x', outcome: 'o', prevHash: AUDIT_GENESIS_HASH };
    // sha256("000…000\n" + '{"action":"x","actor":"a","at":0,"outcome":"o","prevHash":"000…000","purpose":"p","role":"r","seq":1}')
    const text = `${AUDIT_GENESIS_HASH}\n{"action":"x","actor":"a","at":0,"outcome":"o","prevHash":"${AUDIT_GENESIS_HASH}","purpose":"p","role":"r","seq":1}`;
    expect(hashAuditEntry(e)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('an empty log with a head that claims entries is broken', async () => {
    expect(await verifyAuditEntries([], { seq: 2, hash: 'x' })).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});
