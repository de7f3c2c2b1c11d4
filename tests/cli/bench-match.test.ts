import { describe, expect, it } from 'vitest';
import { benchmarkMatching } from '../../src/cli/commands/bench-match.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';

describe('afis bench match', () => {
  it('times a matcher option given with --set (here the MCC gate, shipped on, turned off) on the same templates', async () => {
    const shipped = await benchmarkMatching({ perSet: 3, seconds: 0.05 });
    const gated = await benchmarkMatching({ perSet: 3, seconds: 0.05, parameters: { ...MATCHING_PARAMETERS, mccWeight: 0 } });
    expect(gated.pairs).toBe(shipped.pairs);
    // the scores differ (the checksum sums every comparison), so the option was really used
    expect(gated.checksum / gated.comparisons).not.toBeCloseTo(shipped.checksum / shipped.comparisons, 3);
  });
});
