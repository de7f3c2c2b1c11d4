import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, loadMessages } from '../../src/messages/index.js';

describe('proto/afis.proto messages', () => {
  it('round-trips a finger capture', async () => {
    const m = await loadMessages();
    const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const bytes = encodeMessage(m.FingerCapture, { position: 2, impression: 'ROLLED', image, format: 'png', ppi: 500 });
    const back = decodeMessage<{ position: number; impression: string; image: Uint8Array; format: string; ppi: number; width: number }>(m.FingerCapture, bytes);
    expect(back.position).toBe(2);
    expect(back.impression).toBe('ROLLED');
    expect(Array.from(back.image)).toEqual(Array.from(image));
    expect(back.format).toBe('png');
    expect(back.width).toBe(0);
  });

  it('round-trips a template', async () => {
    const m = await loadMessages();
    const t = { width: 388, height: 374, ppi: 500, quality: 71, minutiae: [
      { x: 10, y: 20, angle: 1.5, type: 'ENDING', quality: 80 },
      { x: 300, y: 200, angle: 6.25, type: 'BIFURCATION', quality: 40 },
    ] };
    const back = decodeMessage<typeof t>(m.Template, encodeMessage(m.Template, t));
    expect(back.minutiae).toHaveLength(2);
    expect(back.minutiae[1]!.type).toBe('BIFURCATION');
    expect(back.minutiae[0]!.angle).toBeCloseTo(1.5, 5);
    expect({ ...back, minutiae: [] }).toEqual({ ...t, minutiae: [] });
  });

  it('round-trips a search result with hits, route, Dublin request and altered positions', async () => {
    const m = await loadMessages();
    const result = {
      transactionId: 'tx-1', referenceNumber: 'BE1000000042', memberState: 'BE', category: 1, outcome: 'HIT',
      hits: [{ referenceNumber: 'FR1ABC', memberState: 'FR', category: 1, score: 412.5, confirmed: true, fingerScores: [{ position: 2, score: 80 }], capturedAtMs: 1_700_000_000_000, marked: false }],
      route: 'zaventem', dublin: { requestType: 2, requestReference: 'BE2FR1ABC', otherReference: 'FR1ABC' }, decidedAtMs: 1_800_000_000_123,
      alteredPositions: [2, 7],
    };
    const back = decodeMessage<typeof result>(m.SearchResult, encodeMessage(m.SearchResult, result));
    expect(back).toEqual(result);
  });

  it('refuses an object that does not fit the message', async () => {
    const m = await loadMessages();
    expect(() => encodeMessage(m.FingerCapture, { position: 'thumb' })).toThrow(/position/);
  });
});
