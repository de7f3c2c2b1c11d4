import { FormatError } from '../../core/errors.js';
import { createGrayImage, type GrayImage } from '../../core/gray-image.js';
import { WSQ_PARAMETERS, type WsqParameters } from '../../config/parameters/wsq.js';
import { CODED_SUBBANDS, computeSubbandLayout } from './compute-subband-layout.js';
import { buildDecodeLookup, type HuffmanTable, MAX_CODE_LENGTH } from './huffman-codes.js';
import { COM, DHT, DQT, DRT, DTT, EOI, HUFFMAN_TABLE_SLOTS, markerName, RST_FIRST, RST_LAST, SOB, SOF, SOI, SYMBOL } from './markers.js';
import { parseNistCom, ppiFromNistCom } from './nist-com.js';
import { reconstructWavelet } from './transform-wavelet.js';
import { decodeScaledInteger, type FilterBank, STANDARD_FILTER_BANK } from './wavelet-filters.js';

/** Limits a decode is held to; {@link WSQ_PARAMETERS} by default. */
export type WsqLimits = Pick<WsqParameters, 'maxPixels' | 'maxSide' | 'maxBytes' | 'maxPixelsPerByte' | 'defaultPpi'>;

/** The WSQ frame header (SOF segment). */
export interface WsqFrameHeader {
  readonly width: number;
  readonly height: number;
  /** Grey levels the encoder called black and white (0 and 255 in practice). */
  readonly black: number;
  readonly white: number;
  /** Mean and scale the encoder removed before the transform (pixel = value × scale + shift). */
  readonly shift: number;
  readonly scale: number;
  /** Encoder number (2 for the FBI/NBIS v3 encoder) and software implementation number. */
  readonly encoder: number;
  readonly software: number;
}

export interface WsqDecodeResult {
  /** The decoded pixels at the stream's own resolution (`image.ppi === ppi`); not resampled. */
  readonly image: GrayImage;
  /** Pixels per inch from the NIST_COM PPI field, or the default (500) when the stream has none. */
  readonly ppi: number;
  /** Whether `ppi` came from the stream (false: the default was used). */
  readonly ppiFromStream: boolean;
  /** Text of every COM segment, in stream order (Latin-1, trailing NULs removed). */
  readonly comments: readonly string[];
  /** Fields of the first NIST_COM comment, when there is one. */
  readonly nistCom?: Readonly<Record<string, string>>;
  readonly frame: WsqFrameHeader;
  /** Entropy-coded blocks in the stream (3 for standard encoders). */
  readonly blocks: number;
}

/** Longest wavelet filter accepted (the standard's are 9 and 7 taps). */
const MAX_FILTER_TAPS = 31;
/**
 * Most entropy-coded blocks accepted. Encoders write 3; each block may rebuild a 64 K-entry
 * Huffman lookup, so a stream of thousands of tiny blocks would cost time out of proportion
 * to its size.
 */
const MAX_BLOCKS = 64;

/**
 * Working buffers kept between decodes of images up to this many pixels, so a stream of
 * captures does not allocate (and garbage-collect) two float planes each. Decoding is
 * synchronous, so one set per thread (module instance) is never shared by two decodes.
 */
const POOL_MAX_PIXELS = 4_000_000;
let pooledPlane: Float32Array | undefined;
let pooledScratch: Float32Array | undefined;

function workingPlanes(pixels: number): [Float32Array, Float32Array] {
  if (pixels > POOL_MAX_PIXELS) return [new Float32Array(pixels), new Float32Array(pixels)];
  if (pooledPlane === undefined || pooledPlane.length < pixels) {
    pooledPlane = new Float32Array(pixels);
    pooledScratch = new Float32Array(pixels);
  } else {
    pooledPlane.fill(0, 0, pixels);
  }
  return [pooledPlane.subarray(0, pixels), pooledScratch!.subarray(0, pixels)];
}

/** True when the bytes start with the WSQ start-of-image marker FF A0. Cost O(1). */
export function isWsq(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xa0;
}

function invalid(message: string, offset?: number): never {
  throw new FormatError('AFIS_WSQ_INVALID', offset === undefined ? `WSQ: ${message}` : `WSQ: ${message} (at byte ${offset})`);
}

function truncated(what: string): never {
  throw new FormatError('AFIS_FORMAT_TRUNCATED', `WSQ: the stream ends inside ${what}`);
}

interface QuantizationTable {
  readonly binCenter: number;
  readonly q: Float64Array;
  readonly z: Float64Array;
}

/** Reads big-endian fields and bounds every read by the end of the stream or segment. */
class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  /** Past `end`: the stream ended (truncated) or a segment is shorter than its content (invalid). */
  private overrun(end: number, what: string): never {
    if (end >= this.bytes.length) truncated(what);
    invalid(`the ${what} segment is shorter than its content`, this.pos);
  }
  u8(end: number, what: string): number {
    if (this.pos >= end) this.overrun(end, what);
    return this.bytes[this.pos++]!;
  }
  u16(end: number, what: string): number {
    if (this.pos + 2 > end) this.overrun(end, what);
    const v = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(end: number, what: string): number {
    if (this.pos + 4 > end) this.overrun(end, what);
    const b = this.bytes;
    const v = b[this.pos]! * 0x1000000 + ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
    this.pos += 4;
    return v;
  }
  /** Reads a segment's length field and returns the offset just past the segment. */
  segment(name: string, minLength: number): number {
    const start = this.pos;
    const length = this.u16(this.bytes.length, `the ${name} length`);
    if (length < minLength) invalid(`${name} segment length ${length} is below its minimum ${minLength}`, start);
    const end = start + length;
    if (end > this.bytes.length) truncated(`the ${name} segment`);
    return end;
  }
}

function readTransformTable(r: Reader): FilterBank {
  const end = r.segment('DTT', 4);
  const lowLength = r.u8(end, 'DTT');
  const highLength = r.u8(end, 'DTT');
  if (lowLength === 0 || highLength === 0) invalid('DTT declares an empty filter');
  if (lowLength % 2 === 0 || highLength % 2 === 0) {
    throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `WSQ: even-length wavelet filters (${lowLength}/${highLength} taps) are not supported`);
  }
  if (lowLength > MAX_FILTER_TAPS || highLength > MAX_FILTER_TAPS) {
    // the standard's filters have 9 and 7 taps; long ones only multiply the decoding time
    throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `WSQ: wavelet filters of ${lowLength}/${highLength} taps are longer than the ${MAX_FILTER_TAPS} supported`);
  }
  const readHalf = (length: number) => {
    const half = new Float64Array((length + 1) / 2);
    for (let k = 0; k < half.length; k++) {
      const sign = r.u8(end, 'DTT');
      const scale = r.u8(end, 'DTT');
      const value = decodeScaledInteger(r.u32(end, 'DTT'), scale);
      half[k] = sign === 0 ? value : -value;
    }
    return half;
  };
  const analysisLow = readHalf(lowLength);
  const analysisHigh = readHalf(highLength);
  r.pos = end;
  return { analysisLow, analysisHigh };
}

function readQuantizationTable(r: Reader): QuantizationTable {
  const end = r.segment('DQT', 2 + 3 + 64 * 6);
  const centerScale = r.u8(end, 'DQT');
  const binCenter = decodeScaledInteger(r.u16(end, 'DQT'), centerScale);
  const q = new Float64Array(64);
  const z = new Float64Array(64);
  for (let s = 0; s < 64; s++) {
    const qs = r.u8(end, 'DQT');
    q[s] = decodeScaledInteger(r.u16(end, 'DQT'), qs);
    const zs = r.u8(end, 'DQT');
    z[s] = decodeScaledInteger(r.u16(end, 'DQT'), zs);
  }
  r.pos = end;
  return { binCenter, q, z };
}

function readHuffmanTables(r: Reader, tables: (HuffmanTable | undefined)[], lookups: (Uint16Array | undefined)[]): void {
  const end = r.segment('DHT', 2 + 17);
  while (r.pos < end) {
    const id = r.u8(end, 'DHT');
    if (id >= HUFFMAN_TABLE_SLOTS) invalid(`Huffman table id ${id} is above ${HUFFMAN_TABLE_SLOTS - 1}`, r.pos - 1);
    const counts = new Uint8Array(MAX_CODE_LENGTH);
    let total = 0;
    for (let i = 0; i < MAX_CODE_LENGTH; i++) {
      counts[i] = r.u8(end, 'DHT');
      total += counts[i]!;
    }
    if (total === 0 || total > 256) invalid(`Huffman table ${id} declares ${total} codes`);
    if (r.pos + total > end) {
      if (end >= r.bytes.length) truncated('the DHT segment');
      invalid(`Huffman table ${id} declares ${total} symbols, more than its DHT segment holds`);
    }
    const symbols = r.bytes.slice(r.pos, r.pos + total);
    r.pos += total;
    tables[id] = { counts, symbols };
    lookups[id] = undefined;
  }
}

function readFrameHeader(r: Reader): WsqFrameHeader {
  const end = r.segment('SOF', 17);
  const black = r.u8(end, 'SOF');
  const white = r.u8(end, 'SOF');
  const height = r.u16(end, 'SOF');
  const width = r.u16(end, 'SOF');
  const shiftScale = r.u8(end, 'SOF');
  const shift = decodeScaledInteger(r.u16(end, 'SOF'), shiftScale);
  const scaleScale = r.u8(end, 'SOF');
  const scale = decodeScaledInteger(r.u16(end, 'SOF'), scaleScale);
  const encoder = r.u8(end, 'SOF');
  const software = r.u16(end, 'SOF');
  r.pos = end;
  return { width, height, black, white, shift, scale, encoder, software };
}

function readComment(r: Reader): string {
  const end = r.segment('COM', 2);
  let text = '';
  for (let i = r.pos; i < end; i += 4096) text += String.fromCharCode(...r.bytes.subarray(i, Math.min(end, i + 4096)));
  r.pos = end;
  return text.replace(/\0+$/, '');
}

/**
 * Where decoded coefficients go: the coded subbands (non-zero quantiser step, non-empty) in
 * stream order, walked row by row. Coefficients are dequantised as they are written, so no
 * integer plane is kept.
 */
interface BandSet {
  readonly count: number;
  readonly x: Int32Array;
  readonly y: Int32Array;
  readonly w: Int32Array;
  readonly h: Int32Array;
  readonly q: Float64Array;
  readonly halfZ: Float64Array;
}

function codedBands(width: number, height: number, dqt: QuantizationTable): BandSet {
  const layout = computeSubbandLayout(width, height);
  const x = new Int32Array(CODED_SUBBANDS);
  const y = new Int32Array(CODED_SUBBANDS);
  const w = new Int32Array(CODED_SUBBANDS);
  const h = new Int32Array(CODED_SUBBANDS);
  const q = new Float64Array(CODED_SUBBANDS);
  const halfZ = new Float64Array(CODED_SUBBANDS);
  let count = 0;
  for (let s = 0; s < CODED_SUBBANDS; s++) {
    const band = layout.subbands[s]!;
    if (dqt.q[s] === 0 || band.width === 0 || band.height === 0) continue;
    x[count] = band.x;
    y[count] = band.y;
    w[count] = band.width;
    h[count] = band.height;
    q[count] = dqt.q[s]!;
    halfZ[count] = dqt.z[s]! / 2;
    count++;
  }
  return { count, x, y, w, h, q, halfZ };
}

/** Decoding state carried across blocks: the write cursor in the coefficient plane. */
class CoefficientWriter {
  band = -1;
  pos = 0;
  rowEnd = 0;
  rowsLeft = 0;
  constructor(readonly plane: Float32Array, readonly stride: number, readonly bands: BandSet, readonly binCenter: number) {
    this.nextBand();
  }
  nextBand(): void {
    this.band++;
    if (this.band < this.bands.count) {
      const b = this.band;
      this.pos = this.bands.y[b]! * this.stride + this.bands.x[b]!;
      this.rowEnd = this.pos + this.bands.w[b]!;
      this.rowsLeft = this.bands.h[b]!;
    }
  }
  nextRow(): void {
    if (--this.rowsLeft > 0) {
      const w = this.bands.w[this.band]!;
      this.pos += this.stride - w;
      this.rowEnd = this.pos + w;
    } else {
      this.nextBand();
    }
  }
  get done(): boolean {
    return this.band >= this.bands.count;
  }
  skip(n: number): void {
    while (n > 0) {
      if (this.done) invalid('the coded coefficients run past the last subband');
      const left = this.rowEnd - this.pos;
      if (n < left) {
        this.pos += n;
        return;
      }
      n -= left;
      this.pos = this.rowEnd;
      this.nextRow();
    }
  }
}

/**
 * Removes byte stuffing from the entropy-coded data starting at `start` up to the next marker,
 * writing into `out`. Restart markers split the data into segments (their end offsets in `out`
 * are pushed to `segmentEnds`). Returns the offset of the marker that ends the block.
 */
function unstuffBlock(bytes: Uint8Array, start: number, out: Uint8Array, segmentEnds: number[]): number {
  let n = 0;
  let i = start;
  const end = bytes.length;
  for (;;) {
    if (i >= end) truncated('entropy-coded data (no marker after it)');
    const b = bytes[i]!;
    if (b !== 0xff) {
      out[n++] = b;
      i++;
      continue;
    }
    if (i + 1 >= end) truncated('entropy-coded data (no marker after it)');
    const next = bytes[i + 1]!;
    if (next === 0x00) {
      out[n++] = 0xff;
      i += 2;
      continue;
    }
    const marker = 0xff00 | next;
    if (marker >= RST_FIRST && marker <= RST_LAST) {
      segmentEnds.push(n);
      i += 2;
      continue;
    }
    segmentEnds.push(n);
    return i;
  }
}

/**
 * Huffman-decodes one restart segment (out[from…to)) into the coefficient plane. The segment
 * ends when its remaining bits cannot hold a whole code (the encoder pads with 1-bits).
 */
function decodeSegment(data: Uint8Array, from: number, to: number, lookup: Uint16Array, writer: CoefficientWriter): void {
  const totalBits = (to - from) * 8;
  let consumed = 0;
  let p = from;
  let buffer = 0;
  let buffered = 0;
  const plane = writer.plane;
  const bands = writer.bands;
  const center = writer.binCenter;
  const fill = () => {
    while (buffered <= 24) {
      buffer = ((buffer << 8) | (p < to ? data[p]! : 0xff)) >>> 0;
      p++;
      buffered += 8;
    }
  };
  const extraBits = (n: number): number => {
    fill();
    const v = (buffer >>> (buffered - n)) & ((1 << n) - 1);
    buffered -= n;
    consumed += n;
    if (consumed > totalBits) invalid('an escaped value is cut short by a marker');
    return v;
  };
  while (consumed < totalBits) {
    fill();
    const entry = lookup[(buffer >>> (buffered - 16)) & 0xffff]!;
    const length = entry & 31;
    if (length === 0) {
      if (totalBits - consumed >= MAX_CODE_LENGTH) invalid('a bit sequence matches no Huffman code');
      return;
    }
    if (consumed + length > totalBits) return;
    buffered -= length;
    consumed += length;
    const symbol = entry >>> 5;
    let value: number;
    if (symbol >= SYMBOL.firstValue && symbol <= SYMBOL.lastValue) {
      value = symbol - SYMBOL.valueOffset;
    } else if (symbol >= 1 && symbol <= SYMBOL.maxShortRun) {
      writer.skip(symbol);
      continue;
    } else if (symbol === SYMBOL.run8) {
      writer.skip(extraBits(8));
      continue;
    } else if (symbol === SYMBOL.run16) {
      writer.skip(extraBits(16));
      continue;
    } else if (symbol === SYMBOL.positive8) {
      value = extraBits(8);
    } else if (symbol === SYMBOL.negative8) {
      value = -extraBits(8);
    } else if (symbol === SYMBOL.positive16) {
      value = extraBits(16);
    } else if (symbol === SYMBOL.negative16) {
      value = -extraBits(16);
    } else {
      invalid(`Huffman symbol ${symbol} has no meaning in WSQ`);
    }
    if (writer.done) invalid('the coded coefficients run past the last subband');
    if (value !== 0) {
      const b = writer.band;
      plane[writer.pos] = value > 0 ? bands.q[b]! * (value - center) + bands.halfZ[b]! : bands.q[b]! * (value + center) - bands.halfZ[b]!;
    }
    if (++writer.pos === writer.rowEnd) writer.nextRow();
  }
}

/**
 * Restores grey levels: value × scale + shift, rounded and clamped to 0…255. Kept out of
 * decodeWsq so the loop is compiled on its own rather than on-stack-replaced each call.
 */
function toPixels(plane: Float32Array, scale: number, shift: number, count: number): Uint8Array {
  const pixels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    // single precision as in the reference decoder, so .5 cases round the same way
    const v = Math.fround(Math.fround(Math.fround(plane[i]! * scale) + shift) + 0.5);
    pixels[i] = v < 0 ? 0 : v > 255 ? 255 : v | 0;
  }
  return pixels;
}

/**
 * Decodes an FBI WSQ stream (IAFIS-IC-0110 v3) to 8-bit grey. Reads every marker segment (SOI,
 * DTT, DQT, DHT, SOF, SOB, COM, DRT, RST0–7, EOI), Huffman-decodes the blocks straight into the
 * dequantised coefficient plane, inverts the 64-subband wavelet decomposition and restores the
 * frame's shift and scale. Pixel values match the NIST reference decoder to ±1 grey level.
 *
 * Resolution: the NIST_COM comment's PPI when present, otherwise `defaultPpi` (500).
 * The image is not resampled; capture decoding does that.
 *
 * Safety: sizes are checked against the limits (`options` over {@link WSQ_PARAMETERS}: pixels,
 * sides, bytes, pixels per stream byte) before the pixel planes are allocated; every read is
 * bounds-checked; every loop consumes input or output; filter length (≤ 31 taps) and block
 * count (≤ 64) are capped. A malformed stream throws `FormatError` with code
 * AFIS_WSQ_INVALID, AFIS_FORMAT_TRUNCATED, AFIS_FORMAT_UNSUPPORTED (even-length or overlong
 * filters) or AFIS_CAPTURE_TOO_LARGE, never another exception.
 *
 * Cost: O(pixels + stream bytes); about 31–34 megapixels per CPU second (bench/RESULTS.md), so
 * ≈ 5 ms for a 500 ppi plain impression. Memory ≈ 9 bytes per pixel (two float planes, kept
 * between calls up to 4 MP, plus the output). Synchronous and free of shared state between
 * calls: safe in any number of worker threads.
 */
export function decodeWsq(bytes: Uint8Array, options: Partial<WsqLimits> = {}): WsqDecodeResult {
  const limits: WsqLimits = { ...WSQ_PARAMETERS, ...options };
  if (bytes.length > limits.maxBytes) {
    throw new FormatError('AFIS_CAPTURE_TOO_LARGE', `WSQ: the stream has ${bytes.length} bytes, above the limit of ${limits.maxBytes}`);
  }
  const r = new Reader(bytes);
  if (r.u16(bytes.length, 'the SOI marker') !== SOI) invalid('the stream does not start with the SOI marker FF A0', 0);

  let bank: FilterBank | undefined;
  let dqt: QuantizationTable | undefined;
  const tables: (HuffmanTable | undefined)[] = new Array(HUFFMAN_TABLE_SLOTS).fill(undefined);
  const lookups: (Uint16Array | undefined)[] = new Array(HUFFMAN_TABLE_SLOTS).fill(undefined);
  const comments: string[] = [];
  let frame: WsqFrameHeader | undefined;

  const readTableSegment = (marker: number, afterFirstBlock: boolean): boolean => {
    switch (marker) {
      case DTT:
        bank = readTransformTable(r);
        return true;
      case DQT:
        if (afterFirstBlock) invalid('a DQT segment after the first block would change decoded coefficients', r.pos - 2);
        dqt = readQuantizationTable(r);
        return true;
      case DHT:
        readHuffmanTables(r, tables, lookups);
        return true;
      case COM:
        comments.push(readComment(r));
        return true;
      case DRT:
        // The restart interval only tells an encoder where it put RST markers; decoding
        // realigns at each marker it meets, so the value itself is not needed.
        r.pos = r.segment('DRT', 4);
        return true;
      default:
        return false;
    }
  };

  // Tables and comments up to the frame header.
  for (;;) {
    const at = r.pos;
    const marker = r.u16(bytes.length, 'a marker before the frame header');
    if (marker === SOF) {
      frame = readFrameHeader(r);
      break;
    }
    if (!readTableSegment(marker, false)) invalid(`expected a table, comment or SOF marker, found ${markerName(marker)}`, at);
  }

  const { width, height } = frame;
  if (width === 0 || height === 0) invalid(`the frame is ${width} × ${height} pixels`);
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    throw new FormatError('AFIS_CAPTURE_TOO_LARGE', `WSQ: the frame is ${width} × ${height} pixels, above the limits (${limits.maxSide} per side, ${limits.maxPixels} pixels)`);
  }
  if (width * height > bytes.length * limits.maxPixelsPerByte) {
    invalid(`a ${width} × ${height} frame cannot be coded in ${bytes.length} bytes`);
  }
  if (frame.scale === 0) invalid('the frame scale is zero');

  let plane: Float32Array | undefined;
  let scratch: Float32Array | undefined;
  let writer: CoefficientWriter | undefined;
  let unstuffed: Uint8Array | undefined;
  let blocks = 0;
  for (;;) {
    const at = r.pos;
    const marker = r.u16(bytes.length, 'the marker after the frame header (EOI missing)');
    if (marker === EOI) break;
    if (marker === SOB) {
      const end = r.segment('SOB', 3);
      const tableId = r.u8(end, 'SOB');
      r.pos = end;
      if (tableId >= HUFFMAN_TABLE_SLOTS || tables[tableId] === undefined) invalid(`block ${blocks + 1} uses Huffman table ${tableId}, which is not defined`, at);
      if (dqt === undefined) invalid('a block starts before the quantisation table (DQT)', at);
      let lookup = lookups[tableId];
      if (lookup === undefined) {
        lookup = buildDecodeLookup(tables[tableId]!);
        if (lookup === undefined) invalid(`Huffman table ${tableId} has more codes than its lengths allow`);
        lookups[tableId] = lookup;
      }
      if (writer === undefined) {
        [plane, scratch] = workingPlanes(width * height);
        writer = new CoefficientWriter(plane, width, codedBands(width, height, dqt), dqt.binCenter);
        unstuffed = new Uint8Array(bytes.length);
      }
      if (++blocks > MAX_BLOCKS) invalid(`more than ${MAX_BLOCKS} coded blocks`, at);
      const segmentEnds: number[] = [];
      r.pos = unstuffBlock(bytes, r.pos, unstuffed!, segmentEnds);
      let from = 0;
      for (const to of segmentEnds) {
        decodeSegment(unstuffed!, from, to, lookup, writer);
        from = to;
      }
      continue;
    }
    if (!readTableSegment(marker, writer !== undefined)) invalid(`unexpected ${markerName(marker)} marker after the frame header`, at);
  }
  if (plane === undefined || blocks === 0) invalid('the stream has no coded blocks');

  reconstructWavelet(plane, width, height, computeSubbandLayout(width, height), bank ?? STANDARD_FILTER_BANK, scratch);
  const pixels = toPixels(plane, frame.scale, frame.shift, width * height);

  let nistCom: Record<string, string> | undefined;
  for (const c of comments) {
    nistCom = parseNistCom(c);
    if (nistCom !== undefined) break;
  }
  const statedPpi = ppiFromNistCom(nistCom);
  const ppi = statedPpi ?? limits.defaultPpi;
  return {
    image: createGrayImage(width, height, pixels, ppi),
    ppi,
    ppiFromStream: statedPpi !== undefined,
    comments,
    ...(nistCom !== undefined ? { nistCom } : {}),
    frame,
    blocks,
  };
}
