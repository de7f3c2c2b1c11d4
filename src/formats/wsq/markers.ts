/** WSQ marker codes (IAFIS-IC-0110 v3 §B). Every marker is 0xFF followed by the code byte. */
export const SOI = 0xffa0;
export const EOI = 0xffa1;
export const SOF = 0xffa2;
export const SOB = 0xffa3;
export const DTT = 0xffa4;
export const DQT = 0xffa5;
export const DHT = 0xffa6;
export const DRT = 0xffa7;
export const COM = 0xffa8;
/** Restart markers RST0…RST7 (0xFFB0…0xFFB7) may interrupt entropy-coded data. */
export const RST_FIRST = 0xffb0;
export const RST_LAST = 0xffb7;

/** Number of Huffman table slots a stream may define. */
export const HUFFMAN_TABLE_SLOTS = 8;

/** Huffman symbols of the WSQ coefficient alphabet. */
export const SYMBOL = Object.freeze({
  /** 1…100: a run of that many zero coefficients. */
  maxShortRun: 100,
  positive8: 101,
  negative8: 102,
  positive16: 103,
  negative16: 104,
  run8: 105,
  run16: 106,
  /** 107…254: the coefficient (symbol − 180), i.e. −73…74. */
  firstValue: 107,
  lastValue: 254,
  valueOffset: 180,
});

export function markerName(marker: number): string {
  const names: Record<number, string> = { [SOI]: 'SOI', [EOI]: 'EOI', [SOF]: 'SOF', [SOB]: 'SOB', [DTT]: 'DTT', [DQT]: 'DQT', [DHT]: 'DHT', [DRT]: 'DRT', [COM]: 'COM' };
  if (marker >= RST_FIRST && marker <= RST_LAST) return `RST${marker - RST_FIRST}`;
  return names[marker] ?? `0x${marker.toString(16).toUpperCase().padStart(4, '0')}`;
}
