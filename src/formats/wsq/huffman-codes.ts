/**
 * Canonical Huffman codes as WSQ (like JPEG) transmits them: BITS, the number of codes of each
 * length 1…16, and HUFFVAL, the symbols in order of increasing code length. Codes are assigned
 * by counting upward within each length (ISO/IEC 10918-1 Annex C).
 */

/** Maximum code length in bits. */
export const MAX_CODE_LENGTH = 16;

/** A transmitted table: counts[L−1] codes of length L, then the symbols in code order. */
export interface HuffmanTable {
  readonly counts: Uint8Array;
  readonly symbols: Uint8Array;
}

/**
 * Decoding lookup indexed by the next 16 bits of the stream: entry = (symbol << 5) | length,
 * 0 where no code matches. 128 KiB per table; built in O(2^16).
 * Returns undefined when the counts over-subscribe the code space (an invalid table).
 */
export function buildDecodeLookup(table: HuffmanTable): Uint16Array | undefined {
  const lookup = new Uint16Array(1 << MAX_CODE_LENGTH);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= MAX_CODE_LENGTH; length++) {
    const count = table.counts[length - 1]!;
    if (code + count > 1 << length) return undefined;
    const span = 1 << (MAX_CODE_LENGTH - length);
    for (let c = 0; c < count; c++, code++, k++) {
      const entry = (table.symbols[k]! << 5) | length;
      lookup.fill(entry, code * span, (code + 1) * span);
    }
    code <<= 1;
  }
  return lookup;
}

/** An encoding code: for each symbol its code bits and length (0 = symbol unused). */
export interface HuffmanCode {
  readonly table: HuffmanTable;
  readonly codes: Uint32Array;
  readonly lengths: Uint8Array;
}

/**
 * Builds an optimal length-limited code for symbol frequencies (ISO/IEC 10918-1 Annex K.2):
 * Huffman lengths with one reserved extra symbol, so that no code is all ones (an all-ones
 * prefix is what pads the end of a block), then lengths above 16 folded down.
 * A table with no used symbol gets one code for symbol 0 so it stays well formed.
 */
export function buildHuffmanCode(frequencies: ArrayLike<number>): HuffmanCode {
  const symbolCount = 257; // 256 symbols + the reserved one
  const freq = new Float64Array(symbolCount);
  let used = 0;
  for (let s = 0; s < 256; s++) {
    freq[s] = frequencies[s] ?? 0;
    if (freq[s]! > 0) used++;
  }
  if (used === 0) freq[0] = 1;
  freq[256] = 1;
  const codeSize = new Int32Array(symbolCount);
  const others = new Int32Array(symbolCount).fill(-1);
  for (;;) {
    // the two least frequent live entries; ties go to the larger symbol, as in Annex K
    let v1 = -1;
    let v2 = -1;
    for (let s = 0; s < symbolCount; s++) {
      const f = freq[s]!;
      if (f <= 0) continue;
      if (v1 < 0 || f <= freq[v1]!) {
        v2 = v1;
        v1 = s;
      } else if (v2 < 0 || f <= freq[v2]!) {
        v2 = s;
      }
    }
    if (v2 < 0) break;
    freq[v1] = freq[v1]! + freq[v2]!;
    freq[v2] = 0;
    let s = v1;
    codeSize[s]++;
    while (others[s]! >= 0) {
      s = others[s]!;
      codeSize[s]++;
    }
    others[s] = v2;
    s = v2;
    codeSize[s]++;
    while (others[s]! >= 0) {
      s = others[s]!;
      codeSize[s]++;
    }
  }
  const bits = new Int32Array(64);
  for (let s = 0; s < symbolCount; s++) if (codeSize[s]! > 0) bits[codeSize[s]!]++;
  // Fold lengths above 16 (Annex K.3 "Adjust_BITS").
  for (let i = bits.length - 1; i > MAX_CODE_LENGTH; i--) {
    while (bits[i]! > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] -= 2;
      bits[i - 1]++;
      bits[j + 1] += 2;
      bits[j]--;
    }
  }
  // Drop the reserved symbol: it holds one of the longest codes.
  let longest = MAX_CODE_LENGTH;
  while (bits[longest] === 0) longest--;
  bits[longest]--;

  // Symbols sorted by their (pre-fold) code size, then by value; the reserved symbol excluded.
  const order: number[] = [];
  for (let size = 1; size < 64; size++) for (let s = 0; s < 256; s++) if (codeSize[s] === size) order.push(s);
  const counts = new Uint8Array(MAX_CODE_LENGTH);
  for (let l = 1; l <= MAX_CODE_LENGTH; l++) counts[l - 1] = bits[l]!;
  const symbols = Uint8Array.from(order);
  const codes = new Uint32Array(256);
  const lengths = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= MAX_CODE_LENGTH; length++) {
    for (let c = 0; c < counts[length - 1]!; c++, k++) {
      codes[symbols[k]!] = code++;
      lengths[symbols[k]!] = length;
    }
    code <<= 1;
  }
  return { table: { counts, symbols }, codes, lengths };
}
