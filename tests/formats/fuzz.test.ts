import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FuzzTarget, applyEdits, fuzzInputArbitrary, loadFuzzTargets } from '../../src/cli/commands/bench-fuzz.js';
import { FORMAT_PARAMETERS } from '../../src/config/parameters.js';
import { AfisError } from '../../src/core/index.js';
import {
  buildType1Record,
  buildType4Record,
  parseAnsiNist,
  readAnsiNistFingers,
  writeAnsiNist,
} from '../../src/formats/index.js';

import { FIXTURES } from '../helpers/data.js';

/** The seed files are the committed conformance vectors (tests/fixtures). */
const DATA = FIXTURES;

/** The only outcomes allowed: a value, or a typed AfisError. */
function onlyTypedErrors(run: (b: Uint8Array) => void | Promise<void>): (b: Uint8Array) => Promise<void> {
  return async (b) => {
    try {
      await run(b);
    } catch (err) {
      if (!(err instanceof AfisError)) throw err;
    }
  };
}

describe('parsers under hostile input (fast-check, seeded from the real files)', () => {
  let targets: FuzzTarget[] = [];
  beforeAll(async () => {
    targets = await loadFuzzTargets(DATA);
  });

  it('has a target for every parser', () => {
    expect(targets.map((t) => t.name)).toEqual(['ansi-nist', 'iso19794-2', 'incits378', 'ansi-nist-fingers', 'wsq']);
    for (const t of targets) expect(t.seeds.length).toBeGreaterThan(0);
  });

  for (const name of ['ansi-nist', 'ansi-nist-fingers', 'iso19794-2', 'incits378', 'wsq']) {
    it(`${name}: random and mutated inputs only return or throw AfisError`, async () => {
      const t = targets.find((x) => x.name === name)!;
      await fc.assert(fc.asyncProperty(fuzzInputArbitrary(fc, t), onlyTypedErrors(t.run)), { numRuns: FORMAT_PARAMETERS.fuzzCiCases, seed: 20260224 });
    });
  }

  it('the mutator really changes inputs (so the property is not vacuous)', () => {
    const seed = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(applyEdits(seed, [{ k: 'truncate', at: 3 }]))).toEqual([1, 2, 3]);
    expect(Array.from(applyEdits(seed, [{ k: 'uint', at: 2, width: 2, v: 0xffff }]))).toEqual([1, 2, 255, 255, 5, 6, 7, 8]);
    expect(Array.from(applyEdits(seed, [{ k: 'delete', at: 6, n: 10 }]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(applyEdits(seed, [{ k: 'duplicate', at: 0, n: 2, to: 4 }]))).toEqual([1, 2, 3, 4, 1, 2, 5, 6, 7, 8]);
    // and most mutated real files are refused, some accepted: both paths are exercised
    const t = targets.find((x) => x.name === 'ansi-nist')!;
    let accepted = 0;
    let refused = 0;
    for (const b of fc.sample(fuzzInputArbitrary(fc, t), { numRuns: 200, seed: 7 })) {
      try { void t.run(b); accepted++; } catch (err) { if (err instanceof AfisError) refused++; else throw err; }
    }
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });

  it('never allocates from a declared size beyond the bytes present', async () => {
    // a Type-4 claiming 60000 × 60000 pixels with 100 bytes of data: refused before any allocation
    const huge = writeAnsiNist({
      records: [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'X', originator: 'Y', controlNumber: 'Z' }),
        buildType4Record({ idc: 1, impression: 0, position: 1, width: 60000, height: 60000, compression: 0, data: new Uint8Array(100) }),
      ],
    });
    await expect(readAnsiNistFingers(huge)).rejects.toMatchObject({ code: 'AFIS_FORMAT_UNSUPPORTED' });
    // a tagged record whose LEN claims a gigabyte
    const text = new TextDecoder('latin1').decode(huge.subarray(0, 200));
    const lenAt = huge.indexOf(0x1c) + 1; // the Type-4 starts after the Type-1 FS
    expect(text.startsWith('1.001:')).toBe(true);
    const bigLen = huge.slice();
    bigLen.set([0x7f, 0xff, 0xff, 0xff], lenAt);
    expect(() => parseAnsiNist(bigLen)).toThrow(expect.objectContaining({ code: 'AFIS_FORMAT_TRUNCATED' }));
  });
});
