import { FormatError } from '../../core/errors.js';
import type { GrayImage } from '../../core/gray-image.js';
import { WSQ_PARAMETERS } from '../../config/parameters/wsq.js';
import { computeSubbandLayout } from './compute-subband-layout.js';
import { buildHuffmanCode, type HuffmanCode } from './huffman-codes.js';
import { COM, DHT, DQT, DTT, EOI, SOB, SOF, SOI, SYMBOL } from './markers.js';
import { formatNistCom } from './nist-com.js';
import { allocateQuantizerSteps, BIN_CENTER_SCALE, BIN_CENTER_VALUE, computeSubbandVariances, quantizeSubbands } from './quantize-subbands.js';
import { decomposeWavelet } from './transform-wavelet.js';
import { decodeScaledInteger, type FilterBank, STANDARD_FILTER_BANK, toScaledInteger } from './wavelet-filters.js';

export interface WsqEncodeOptions {
  /** Target bits per pixel; default 0.75 (about 15:1 on 500 ppi fingerprints). */
  readonly bitRate?: number;
  /** Resolution written to the NIST_COM PPI field; default the image's `ppi`. */
  readonly ppi?: number;
  /** Free text stored in its own COM segment after the NIST_COM one (Latin-1). */
  readonly comment?: string;
}

/** Encoder number written to the frame header: 2 is the FBI v3 encoder family. */
const ENCODER_NUMBER = 2;
const MAX_SIDE = 65535;

/** A growable big-endian byte buffer. */
class ByteWriter {
  bytes = new Uint8Array(4096);
  length = 0;
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  u8(v: number): void {
    this.reserve(1);
    this.bytes[this.length++] = v;
  }
  u16(v: number): void {
    this.reserve(2);
    this.bytes[this.length++] = v >>> 8;
    this.bytes[this.length++] = v & 0xff;
  }
  u32(v: number): void {
    this.u16(Math.floor(v / 0x10000));
    this.u16(v & 0xffff);
  }
  append(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }
  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** MSB-first bit packer with the 0xFF → 0xFF 0x00 stuffing of entropy-coded data. */
class BitWriter {
  readonly out = new ByteWriter();
  private acc = 0;
  private bits = 0;
  /** Appends the low `length` (≤ 16) bits of `value`, most significant first. */
  write(value: number, length: number): void {
    this.acc = (this.acc << length) | (value & ((1 << length) - 1));
    this.bits += length;
    while (this.bits >= 8) {
      this.bits -= 8;
      const byte = (this.acc >>> this.bits) & 0xff;
      this.out.u8(byte);
      if (byte === 0xff) this.out.u8(0);
    }
    this.acc &= (1 << this.bits) - 1;
  }
  /** Pads the last byte with 1-bits, which no code can be mistaken for. */
  finish(): Uint8Array {
    if (this.bits !== 0) this.write(0xff, 8 - this.bits);
    return this.out.result();
  }
}

/**
 * Turns quantised coefficients into the WSQ symbol stream: runs of zeros (1–100 directly, longer
 * runs with 8- or 16-bit escapes), small values as one symbol, larger ones escaped. Calls
 * `emit(symbol, extraValue, extraBits)` for each symbol.
 */
function symbolize(coefficients: Int32Array, from: number, to: number, emit: (symbol: number, extra: number, extraBits: number) => void): void {
  let run = 0;
  const flushRun = () => {
    while (run > 0) {
      const n = Math.min(run, 0xffff);
      if (n <= SYMBOL.maxShortRun) emit(n, 0, 0);
      else if (n <= 0xff) emit(SYMBOL.run8, n, 8);
      else emit(SYMBOL.run16, n, 16);
      run -= n;
    }
  };
  for (let i = from; i < to; i++) {
    const v = coefficients[i]!;
    if (v === 0) {
      run++;
      continue;
    }
    flushRun();
    if (v >= SYMBOL.firstValue - SYMBOL.valueOffset && v <= SYMBOL.lastValue - SYMBOL.valueOffset) emit(v + SYMBOL.valueOffset, 0, 0);
    else if (v > 0) emit(v <= 0xff ? SYMBOL.positive8 : SYMBOL.positive16, v, v <= 0xff ? 8 : 16);
    else emit(-v <= 0xff ? SYMBOL.negative8 : SYMBOL.negative16, -v, -v <= 0xff ? 8 : 16);
  }
  flushRun();
}

function countSymbols(coefficients: Int32Array, ranges: readonly (readonly [number, number])[]): Float64Array {
  const freq = new Float64Array(256);
  for (const [from, to] of ranges) symbolize(coefficients, from, to, (s) => void freq[s]++);
  return freq;
}

function codeBlock(coefficients: Int32Array, from: number, to: number, code: HuffmanCode): Uint8Array {
  const bits = new BitWriter();
  symbolize(coefficients, from, to, (s, extra, extraBits) => {
    bits.write(code.codes[s]!, code.lengths[s]!);
    if (extraBits > 0) bits.write(extra, extraBits);
  });
  return bits.finish();
}

function writeComment(w: ByteWriter, text: string): void {
  const bytes = Uint8Array.from(text, (ch) => {
    const c = ch.charCodeAt(0);
    return c < 256 ? c : 0x3f;
  });
  if (bytes.length > 65533) throw new FormatError('AFIS_FORMAT_INVALID', `WSQ: a comment of ${bytes.length} bytes does not fit a COM segment`);
  w.u16(COM);
  w.u16(bytes.length + 2);
  w.append(bytes);
}

function writeTransformTable(w: ByteWriter, bank: FilterBank): void {
  w.u16(DTT);
  w.u16(4 + 6 * (bank.analysisLow.length + bank.analysisHigh.length));
  w.u8(bank.analysisLow.length * 2 - 1);
  w.u8(bank.analysisHigh.length * 2 - 1);
  for (const half of [bank.analysisLow, bank.analysisHigh]) {
    for (const v of half) {
      const [scale, integer] = toScaledInteger(v, 0xffffffff);
      w.u8(v < 0 ? 1 : 0);
      w.u8(scale);
      w.u32(integer);
    }
  }
}

/** The filter bank as a decoder reads it back from the DTT segment we write. */
function transmittedBank(bank: FilterBank): FilterBank {
  const roundTrip = (half: Float64Array) =>
    half.map((v) => {
      const [scale, integer] = toScaledInteger(v, 0xffffffff);
      const m = decodeScaledInteger(integer, scale);
      return v < 0 ? -m : m;
    });
  return { analysisLow: roundTrip(bank.analysisLow), analysisHigh: roundTrip(bank.analysisHigh) };
}

function writeHuffmanTable(w: ByteWriter, id: number, code: HuffmanCode): void {
  w.u16(DHT);
  w.u16(2 + 1 + 16 + code.table.symbols.length);
  w.u8(id);
  w.append(code.table.counts);
  w.append(code.table.symbols);
}

/**
 * Encodes an 8-bit grey image as an FBI WSQ stream (IAFIS-IC-0110 v3): mean/scale
 * normalisation, the 9/7 wavelet decomposition into 64 subbands, the specification's bit
 * allocation for `bitRate`, dead-zone quantisation, and Huffman coding in three blocks (table 0
 * for block 1, table 1 for blocks 2 and 3), with a NIST_COM comment giving size, PPI and bit
 * rate — the same stream structure as NBIS `cwsq`, readable by any conforming decoder.
 *
 * The image is coded at its own resolution (no resampling); `ppi` only labels it.
 * Throws FormatError AFIS_FORMAT_INVALID for sizes WSQ cannot hold (above 65535) or a bit rate
 * outside (0, 8]. Cost O(pixels): about 22 megapixels per CPU second (bench/RESULTS.md), and
 * about 13 bytes per pixel of working memory. Pure and synchronous: safe in worker threads.
 * Streams decode to the same size and PSNR as NIST `cwsq`'s at the same bit rate.
 */
export function encodeWsq(image: GrayImage, options: WsqEncodeOptions = {}): Uint8Array {
  const { width, height, data } = image;
  const bitRate = options.bitRate ?? WSQ_PARAMETERS.defaultBitRate;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
    throw new FormatError('AFIS_FORMAT_INVALID', `WSQ: a ${width} × ${height} image cannot be coded (sides 1–${MAX_SIDE})`);
  }
  if (data.length !== width * height) throw new FormatError('AFIS_FORMAT_INVALID', `WSQ: the image has ${data.length} bytes for ${width} × ${height} pixels`);
  if (!(Number.isFinite(bitRate) && bitRate > 0 && bitRate <= 8)) throw new FormatError('AFIS_FORMAT_INVALID', `WSQ: bit rate ${bitRate} is outside (0, 8] bits per pixel`);
  const ppi = Math.round(options.ppi ?? image.ppi);
  if (!(ppi > 0 && ppi <= 100000)) throw new FormatError('AFIS_FORMAT_INVALID', `WSQ: resolution ${options.ppi ?? image.ppi} ppi is not a positive number`);

  // Centre and scale the pixels to about ±128 with the values a decoder will read back.
  let sum = 0;
  let low = 255;
  let high = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    sum += v;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const mean = sum / data.length;
  const [shiftScale, shiftInt, shift] = toScaledInteger(mean, 65535);
  let range = Math.max(shift - low, high - shift) / 128;
  if (!(range > 0)) range = 1; // a flat image: any scale works, all coefficients are zero
  const [rangeScale, rangeInt, scale] = toScaledInteger(range, 65535);

  const plane = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) plane[i] = (data[i]! - shift) / scale;
  const layout = computeSubbandLayout(width, height);
  const bank = transmittedBank(STANDARD_FILTER_BANK);
  decomposeWavelet(plane, width, height, layout, bank);
  const steps = allocateQuantizerSteps(computeSubbandVariances(plane, width, layout), bitRate);
  const coefficients = new Int32Array(width * height);
  const [size1, size2, size3] = quantizeSubbands(plane, width, layout, steps, coefficients);

  const w = new ByteWriter();
  w.u16(SOI);
  writeComment(w, formatNistCom(width, height, ppi, bitRate));
  if (options.comment !== undefined && options.comment !== '') writeComment(w, options.comment);
  writeTransformTable(w, STANDARD_FILTER_BANK);

  w.u16(DQT);
  w.u16(2 + 3 + 64 * 6);
  w.u8(BIN_CENTER_SCALE);
  w.u16(BIN_CENTER_VALUE);
  for (let k = 0; k < 64; k++) {
    w.u8(steps.qField[k]![0]);
    w.u16(steps.qField[k]![1]);
    w.u8(steps.zField[k]![0]);
    w.u16(steps.zField[k]![1]);
  }

  w.u16(SOF);
  w.u16(17);
  w.u8(0); // black
  w.u8(255); // white
  w.u16(height);
  w.u16(width);
  w.u8(shiftScale);
  w.u16(shiftInt);
  w.u8(rangeScale);
  w.u16(rangeInt);
  w.u8(ENCODER_NUMBER);
  w.u16(0); // software implementation number

  const end1 = size1;
  const end2 = end1 + size2;
  const end3 = end2 + size3;
  const code1 = buildHuffmanCode(countSymbols(coefficients, [[0, end1]]));
  const code2 = buildHuffmanCode(
    countSymbols(coefficients, [
      [end1, end2],
      [end2, end3],
    ]),
  );
  writeHuffmanTable(w, 0, code1);
  w.u16(SOB);
  w.u16(3);
  w.u8(0);
  w.append(codeBlock(coefficients, 0, end1, code1));
  writeHuffmanTable(w, 1, code2);
  w.u16(SOB);
  w.u16(3);
  w.u8(1);
  w.append(codeBlock(coefficients, end1, end2, code2));
  w.u16(SOB);
  w.u16(3);
  w.u8(1);
  w.append(codeBlock(coefficients, end2, end3, code2));
  w.u16(EOI);
  return w.result();
}
