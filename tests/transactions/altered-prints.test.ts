import { describe, expect, it } from 'vitest';
import { DESK, buildService, tenPrint } from './fixture.js';
import { MemorySubjectStore, memoryTransactionStores } from './memory-stores.js';

describe('a capture with fingers that look altered', () => {
  it('carries the per-finger finding in the answer and routes its no-hit as altered, not as a plain no-hit', async () => {
    const stores = memoryTransactionStores();
    // A detector that flags the prints with few minutiae, so the test does not depend on the image.
    const h = await buildService({
      stores, subjects: new MemorySubjectStore(),
      extra: { detectAlteration: (_image, template) => (template.minutiae.length < 1000 ? { score: 80, altered: true, signs: ['scar'] } : { score: 0, altered: false, signs: [] }) },
    });
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', age: 30, fingers: tenPrint('D', 4) }, DESK);
    expect(accepted.alteration?.map((a) => a.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(accepted.alteration?.every((a) => a.altered && a.signs.includes('scar'))).toBe(true);
    await h.service.whenIdle();
    const view = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(view.result?.outcome).toBe('no-hit');
    expect(view.result?.alteredFingers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(view.result?.route).toBe('altered-prints-review');
    expect(view.result?.inform).toContain('dublin-unit');
  }, 60_000);

  it('routes a no-hit with fewer than three flagged fingers as before', async () => {
    const h = await buildService({ stores: memoryTransactionStores(), subjects: new MemorySubjectStore() });
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', age: 30, fingers: tenPrint('D', 5) }, DESK);
    expect(accepted.alteration).toHaveLength(10);
    await h.service.whenIdle();
    const view = await h.service.getTransaction(accepted.transactionId, DESK);
    const altered = accepted.alteration!.filter((a) => a.altered).map((a) => a.position);
    expect(view.result?.alteredFingers ?? []).toEqual(altered);
    // One or two flagged prints are reported but do not change the route (they happen by chance).
    expect(view.result?.route).toBe(altered.length >= 3 ? 'altered-prints-review' : 'regular-reception');
  }, 60_000);
});
