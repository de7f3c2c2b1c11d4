import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_POLICY, decideRoute, parseRoutingPolicy } from '../../src/eurodac/index.js';

describe('routing of a no-hit on altered prints', () => {
  const tx = { category: 1, memberState: 'BE', purpose: 'asylum' as const };
  it('is not routed as a plain no-hit', () => {
    expect(decideRoute(tx, [], DEFAULT_ROUTING_POLICY).route).toBe('regular-reception');
    const altered = decideRoute({ ...tx, alteredFingers: [2, 3] }, [], DEFAULT_ROUTING_POLICY);
    expect(altered.route).toBe('altered-prints-review');
    expect(altered.ruleId).toBe('altered-prints-no-hit');
    expect(altered.inform).toContain('dublin-unit');
  });
  it('takes alteredFingers as a condition of a policy rule, true or false only', () => {
    expect(() => parseRoutingPolicy({ id: 'p', version: 1, rules: [{ id: 'r', when: { alteredFingers: 'yes' }, then: { route: 'x' } }], fallback: { hit: { route: 'h' }, noHit: { route: 'n' } } }))
      .toThrow(/alteredFingers/);
  });
});
