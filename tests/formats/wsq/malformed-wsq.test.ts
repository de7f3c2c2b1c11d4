import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src/core/index.js';
import { decodeWsq } from '../../../src/formats/wsq/index.js';
import { readFixture } from '../../helpers/data.js';

/** The smallest reference stream (300 × 300, 6817 bytes) keeps every decode a few ms. */
const SAMPLE = readFixture('wsq-nbis/fvc2002-DB3_B-101_1.wsq');

const LIMITS = { maxPixels: 16_000_000, maxSide: 16_000, maxBytes: 1 << 20, maxPixelsPerByte: 1000, defaultPpi: 500 };

/** Decodes and returns the error code, or 'ok'; any other exception fails the test. */
function outcome(bytes: Uint8Array): string {
  try {
    decodeWsq(bytes, LIMITS);
    return 'ok';
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return err.code;
  }
}

/** Offset of the first occurrence of a marker. */
function find(marker: number, from = 0): number {
  for (let i = from; i + 1 < SAMPLE.length; i++) if (SAMPLE[i] === marker >> 8 && SAMPLE[i + 1] === (marker & 0xff)) return i;
  throw new Error(`marker ${marker.toString(16)} not found`);
}

function patch(edits: [number, number[]][]): Uint8Array {
  const copy = SAMPLE.slice();
  for (const [at, values] of edits) copy.set(values, at);
  return copy;
}

describe('decodeWsq on damaged streams', () => {
  it('reports every truncation as AFIS_FORMAT_TRUNCATED (or an invalid stream), never another error', () => {
    const lengths = new Set<number>();
    for (let n = 0; n < SAMPLE.length; n += 53) lengths.add(n);
    for (let n = Math.max(0, SAMPLE.length - 40); n < SAMPLE.length; n++) lengths.add(n);
    for (const n of lengths) {
      const code = outcome(SAMPLE.subarray(0, n));
      expect(['AFIS_FORMAT_TRUNCATED', 'AFIS_WSQ_INVALID'], `cut at ${n}`).toContain(code);
    }
    // cut inside the tables or the entropy data: the stream ends early, which is what we say
    expect(outcome(SAMPLE.subarray(0, 300))).toBe('AFIS_FORMAT_TRUNCATED');
    expect(outcome(SAMPLE.subarray(0, SAMPLE.length - 2))).toBe('AFIS_FORMAT_TRUNCATED');
    expect(outcome(SAMPLE.subarray(0, SAMPLE.length - 1000))).toBe('AFIS_FORMAT_TRUNCATED');
  });

  it('names specific malformations', () => {
    const sof = find(0xffa2);
    const dqt = find(0xffa5);
    const dtt = find(0xffa4);
    const sob = find(0xffa3);
    const dht = find(0xffa6);
    expect(outcome(patch([[0, [0xff, 0xd8]]]))).toBe('AFIS_WSQ_INVALID'); // a JPEG SOI
    expect(outcome(patch([[sof + 6, [0, 0]]]))).toBe('AFIS_WSQ_INVALID'); // height 0
    expect(outcome(patch([[sof + 6, [0xff, 0xff]], [sof + 8, [0xff, 0xff]]]))).toBe('AFIS_CAPTURE_TOO_LARGE');
    expect(outcome(patch([[sob + 4, [5]]]))).toBe('AFIS_WSQ_INVALID'); // undefined Huffman table
    expect(outcome(patch([[sob + 4, [9]]]))).toBe('AFIS_WSQ_INVALID'); // table id out of range
    expect(outcome(patch([[dtt + 4, [8]]]))).toBe('AFIS_FORMAT_UNSUPPORTED'); // even-length filter
    // three codes of length 1 (the total number of symbols kept): more codes than lengths allow
    const counts = Array.from(SAMPLE.subarray(dht + 5, dht + 21));
    const donor = counts.findIndex((c, i) => i > 0 && c >= 3);
    counts[donor] -= 3 - counts[0]!;
    counts[0] = 3;
    expect(outcome(patch([[dht + 5, counts]]))).toBe('AFIS_WSQ_INVALID');
    expect(outcome(patch([[dht + 5, [60]]]))).toBe('AFIS_WSQ_INVALID'); // counts overrun the segment
    expect(outcome(patch([[dqt, [0xff, 0xb9]]]))).toBe('AFIS_WSQ_INVALID'); // not a WSQ marker
    expect(outcome(patch([[sof + 2, [0, 200]]]))).toBe('AFIS_WSQ_INVALID'); // SOF length runs into the data
    expect(outcome(patch([[sof + 2, [0xff, 0xff]]]))).toBe('AFIS_FORMAT_TRUNCATED'); // … past the end of the stream
    // a frame far larger than the stream could code (3000 × 3000 from 6817 bytes)
    expect(outcome(patch([[sof + 6, [0x0b, 0xb8]], [sof + 8, [0x0b, 0xb8]]]))).toBe('AFIS_WSQ_INVALID');
    // a frame smaller than its data: the coefficients run past the last subband
    expect(outcome(patch([[sof + 6, [0, 100]], [sof + 8, [0, 100]]]))).toBe('AFIS_WSQ_INVALID');
  });

  it('refuses a DQT after the first block and a stream without blocks', () => {
    const sob = find(0xffa3);
    const dqt = find(0xffa5);
    const dqtSegment = SAMPLE.subarray(dqt, dqt + 2 + 389);
    const eoi = SAMPLE.length - 2;
    const lateDqt = new Uint8Array([...SAMPLE.subarray(0, eoi), ...dqtSegment, 0xff, 0xa1]);
    expect(outcome(lateDqt)).toBe('AFIS_WSQ_INVALID');
    const noBlocks = new Uint8Array([...SAMPLE.subarray(0, sob - 0), 0xff, 0xa1]);
    // the DHT before the first SOB is kept, the blocks are dropped
    expect(outcome(noBlocks)).toBe('AFIS_WSQ_INVALID');
  });

  it('bounds the work a small stream can ask for', () => {
    const dtt = find(0xffa4);
    expect(outcome(patch([[dtt + 4, [33]]]))).toBe('AFIS_FORMAT_UNSUPPORTED'); // a 33-tap filter
    const eoi = SAMPLE.length - 2;
    const emptyBlocks = (n: number) => new Uint8Array([...SAMPLE.subarray(0, eoi), ...Array.from({ length: n }, () => [0xff, 0xa3, 0x00, 0x03, 0x01]).flat(), 0xff, 0xa1]);
    expect(outcome(emptyBlocks(61))).toBe('ok'); // 64 blocks in all
    expect(outcome(emptyBlocks(62))).toBe('AFIS_WSQ_INVALID');
  });

  it('accepts restart markers and a DRT segment', () => {
    // RST markers carry no data: inserting one at the end of the first block's data, and a DRT
    // segment before the frame header, must not change the pixels.
    const sof = find(0xffa2);
    const secondDht = find(0xffa6, find(0xffa3));
    const bytes = new Uint8Array([
      ...SAMPLE.subarray(0, sof),
      ...[0xff, 0xa7, 0x00, 0x04, 0x00, 0x00],
      ...SAMPLE.subarray(sof, secondDht),
      ...[0xff, 0xb0],
      ...SAMPLE.subarray(secondDht),
    ]);
    expect(Buffer.from(decodeWsq(bytes).image.data).equals(Buffer.from(decodeWsq(SAMPLE).image.data))).toBe(true);
  });

  it('only returns or throws FormatError on random mutations (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: SAMPLE.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat({ max: SAMPLE.length }), { nil: undefined }),
        (edits, cut) => {
          const bytes = SAMPLE.slice(0, cut ?? SAMPLE.length);
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          const code = outcome(bytes);
          expect(['ok', 'AFIS_WSQ_INVALID', 'AFIS_FORMAT_TRUNCATED', 'AFIS_FORMAT_UNSUPPORTED', 'AFIS_CAPTURE_TOO_LARGE']).toContain(code);
        },
      ),
      { numRuns: 300, seed: 20261124 },
    );
  });

  it('only returns or throws FormatError on random bytes behind a WSQ header (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.boolean(), (tail, withTables) => {
        const head = withTables ? SAMPLE.subarray(0, find(0xffa3)) : new Uint8Array([0xff, 0xa0]);
        const code = outcome(new Uint8Array([...head, ...tail]));
        expect(['ok', 'AFIS_WSQ_INVALID', 'AFIS_FORMAT_TRUNCATED', 'AFIS_FORMAT_UNSUPPORTED', 'AFIS_CAPTURE_TOO_LARGE']).toContain(code);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
