import { threadId } from 'node:worker_threads';
import { FINGERS, SCAN_BLOCK, SCAN_LANES, SLOT_ALIVE, SUBJECTS_PER_CHUNK, SUBJECT_CHUNK_BITS, scanLaneLayout, subjectChunkLayout, termTableEntries, type GalleryReader, type SubjectChunkViews } from './gallery-layout.js';
import type { CompiledFilter } from './compile-search-filter.js';
import { popcount32 } from './compute-finger-code.js';
import { instantiateScanKernel, loadScanKernel } from './load-scan-kernel.js';

/** A probe's first-stage codes, packed like the gallery's (see computeProbeCodes). */
export interface ProbeCodes {
  /** [finger·codeStride + w]: zeros where the probe has no finger. */
  readonly codes: Uint32Array;
  /** Bits set per finger code; 0 = finger absent. */
  readonly popcounts: Uint32Array;
}

/** Best subjects of a scan: parallel arrays, best first. */
export interface ScanResult {
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  /** Subjects that passed the filter (the ones scored). */
  readonly eligible: number;
}

/**
 * How the scores are computed (the same values in every case): `wasm` the WebAssembly kernel
 * with 64-bit popcounts (the default: measured fastest here, see bench/RESULTS.md), `wasm-simd`
 * the kernel with i8x16 popcounts, `js` plain JavaScript (also the fallback when the kernel is
 * not built or every lane of a chunk is taken).
 */
export type ScanEngine = 'wasm' | 'wasm-simd' | 'js';

/**
 * The order of a shortlist: by score, and among equal scores by the subjects' tie keys (a hash
 * of the id, see subject-tie-key.ts), then by slot. The tie keys do not depend on where a
 * subject lives, so one process and the shards of a gallery keep the same subjects.
 */
export class ShortlistOrder {
  private readonly keys: readonly Uint32Array[];
  constructor(reader: GalleryReader) {
    this.keys = reader.subjects.map((v) => v.tieKeys);
  }
  /** Whether slot i enters a shortlist after slot j at the same score. */
  after(i: number, j: number): boolean {
    const ki = this.keys[i >>> SUBJECT_CHUNK_BITS];
    const kj = this.keys[j >>> SUBJECT_CHUNK_BITS];
    const oi = (i & (SUBJECTS_PER_CHUNK - 1)) * 2;
    const oj = (j & (SUBJECTS_PER_CHUNK - 1)) * 2;
    if (ki[oi] !== kj[oj]) return ki[oi] > kj[oj];
    if (ki[oi + 1] !== kj[oj + 1]) return ki[oi + 1] > kj[oj + 1];
    return i > j;
  }
  /** Whether (score a, slot i) ranks below (score b, slot j). */
  below(a: number, i: number, b: number, j: number): boolean {
    return a < b || (a === b && this.after(i, j));
  }
}

/** The largest double below x (x itself when ±∞): a kernel asked for scores above it returns scores equal to x too. */
function justBelow(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += x > 0 ? -1n : 1n;
  return f[0];
}

/**
 * A bounded heap of (score, slot) whose root ranks lowest: keeps the `cap` best seen in the
 * {@link ShortlistOrder}, so the subjects kept are the same whatever the order of arrival,
 * however a scan is split between threads, and however a gallery is split into shards.
 */
class TopK {
  readonly s: Float64Array;
  readonly i: Int32Array;
  size = 0;
  constructor(readonly cap: number, private readonly order: ShortlistOrder) {
    this.s = new Float64Array(cap);
    this.i = new Int32Array(cap);
  }
  /**
   * The score a newcomer must reach (−∞ until full). A newcomer scoring exactly the root's
   * score is kept only if it comes before the root in the tie order: the kernel is asked for
   * scores above the double just below this floor, so it stops at such ties too.
   */
  get floor(): number {
    return this.size < this.cap ? -Infinity : this.cap === 0 ? Infinity : this.s[0];
  }
  push(score: number, slot: number): void {
    const hs = this.s;
    const hi = this.i;
    const o = this.order;
    if (this.size < this.cap) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!o.below(score, slot, hs[parent], hi[parent])) break;
        hs[i] = hs[parent];
        hi[i] = hi[parent];
        i = parent;
      }
      hs[i] = score;
      hi[i] = slot;
      return;
    }
    if (this.cap === 0 || !o.below(hs[0], hi[0], score, slot)) return;
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && o.below(hs[r], hi[r], hs[l], hi[l]) ? r : l;
      if (!o.below(hs[c], hi[c], score, slot)) break;
      hs[i] = hs[c];
      hi[i] = hi[c];
      i = c;
    }
    hs[i] = score;
    hi[i] = slot;
  }
  /** Best first, in the shortlist order. */
  sorted(): { slots: Int32Array; scores: Float64Array } {
    const o = this.order;
    const order = Array.from({ length: this.size }, (_, k) => k).sort((a, b) => this.s[b] - this.s[a] || (o.after(this.i[a], this.i[b]) ? 1 : -1));
    return { slots: Int32Array.from(order, (k) => this.i[k]), scores: Float64Array.from(order, (k) => this.s[k]) };
  }
}

/** What one scan needs in every chunk. */
interface ScanContext {
  readonly reader: GalleryReader;
  readonly probe: ProbeCodes;
  readonly filter: CompiledFilter;
  /** Probe fingers present, and each one's bit count. */
  readonly present: Int32Array;
  readonly probeBits: Float64Array;
  /** Bits of a code as computed (the scale of the expected overlap). */
  readonly bits: number;
  /**
   * The kernel's term tables, [k][g] = (e, sqrt(e + 1)) for the k-th present finger and gallery
   * popcount g, with the same operations as {@link scanChunkInJs} (so the same values); made
   * once per scan when the kernel runs.
   */
  tables: Float64Array | null;
  readonly top: TopK;
}

/**
 * The first stage: scores every eligible subject in slots [from, to) by the sum over the fingers
 * present on both sides of the code similarity, and keeps the `keep` best:
 *
 *   Σ_f (shared_f − e_f) / sqrt(e_f + 1),  e_f = probeBits_f · galleryBits_f / bits
 *
 * shared_f = bits set in both codes: the excess of shared bits over what independent codes with
 * these fill levels would share, in units of its standard deviation (so fingers with many and
 * few bits weigh alike). With `score` false, returns every eligible subject unscored
 * (brute-force mode).
 *
 * How: for each subject chunk, the WebAssembly kernel (scan-kernel.wat) scores the chunk's codes
 * (stored per finger position, packed) in blocks, one finger position at a time, with per-probe
 * tables of each finger's expected overlap by gallery popcount, and stops only at a subject that
 * reaches the current floor of the best `keep`, which is all the heap needs: the same candidates
 * as scoring and pushing every subject, with the fused score of a subject kept in the lane
 * (nothing is allocated per subject). Pure over shared memory (it writes only the scan lane it
 * holds); this is the loop the workers run.
 * With `claim` (a counter in shared memory, 0 at the start, the same for every thread of one
 * scan), the subject chunks of [from, to) are not all scanned here: each thread takes the next
 * unclaimed one until none is left, so a thread slowed by other work takes fewer; the results of
 * the threads, merged by {@link mergeScans}, are the same subjects as one scan of the range (the
 * heap ranks ties in the ShortlistOrder, and each thread takes its chunks in increasing order).
 * Cost: reads the packed codes of the probe's fingers once (memory-bound: about
 * 10 × 192 bytes per subject with stop bits); O(keep · log(span / keep)) heap pushes.
 */
export function scanGalleryCodes(reader: GalleryReader, probe: ProbeCodes, filter: CompiledFilter, from: number, to: number, keep: number, score = true, engine: ScanEngine = 'wasm', claim?: Int32Array): ScanResult {
  const C = reader.codeStride;
  if (probe.codes.length !== FINGERS * C) throw new RangeError(`probe codes of ${probe.codes.length} words for stored codes of ${C} words`);
  const start = Math.max(0, from);
  const end = Math.min(to, reader.slotCount);
  const span = Math.max(0, end - start);
  const presentList: number[] = [];
  for (let f = 0; f < FINGERS; f++) if (probe.popcounts[f] > 0) presentList.push(f);
  const ctx: ScanContext = {
    reader,
    probe,
    filter,
    present: Int32Array.from(presentList),
    probeBits: Float64Array.from(probe.popcounts),
    bits: reader.codeWords * 32,
    tables: null as Float64Array | null,
    top: new TopK(Math.min(keep, span), new ShortlistOrder(reader)),
  };
  const module = score && engine !== 'js' && span > 0 ? loadScanKernel() : null;
  if (module) ctx.tables = termTables(ctx.present, ctx.probeBits, ctx.bits, C);
  const simd = engine === 'wasm-simd' && C / 8 <= 15 ? 1 : 0;
  let eligible = 0;
  const first = start >>> SUBJECT_CHUNK_BITS;
  const last = (end - 1) >>> SUBJECT_CHUNK_BITS;
  for (let next = 0; span > 0; next++) {
    // with a claim counter, the threads of one scan take the chunks in turn until none is left
    const c = first + (claim ? Atomics.add(claim, 0, 1) : next);
    if (c > last) break;
    const base = c * SUBJECTS_PER_CHUNK;
    const lo = Math.max(start, base) - base;
    const hi = Math.min(end, base + SUBJECTS_PER_CHUNK) - base;
    if (!score) {
      const v = reader.subjects[c];
      for (let s = lo; s < hi; s++) {
        if (!isEligible(v, s, filter)) continue;
        eligible++;
        ctx.top.push(0, base + s);
      }
      continue;
    }
    const counted = module ? scanChunkWithKernel(ctx, module, c, lo, hi, simd) : -1;
    eligible += counted >= 0 ? counted : scanChunkInJs(ctx, c, lo, hi);
  }
  return { ...ctx.top.sorted(), eligible };
}

/** The term tables of the present fingers: (e, sqrt(e + 1)) for every gallery popcount g a stored code can have. */
function termTables(present: Int32Array, probeBits: Float64Array, bits: number, codeStride: number): Float64Array {
  const G = termTableEntries(codeStride);
  const t = new Float64Array(present.length * G * 2);
  for (let k = 0; k < present.length; k++) {
    const pb = probeBits[present[k]];
    for (let g = 0; g < G; g++) {
      const expected = (pb * g) / bits;
      t[(k * G + g) * 2] = expected;
      t[(k * G + g) * 2 + 1] = Math.sqrt(expected + 1);
    }
  }
  return t;
}

/** Whether chunk slot s passes the filter (alive, allowed category and member state, no excluded flag). */
function isEligible(v: SubjectChunkViews, s: number, filter: CompiledFilter): boolean {
  if (v.status[s] !== SLOT_ALIVE) return false;
  const cat = v.category[s];
  const ms = v.memberState[s];
  if (filter.categories && filter.categories[cat] === 0) return false;
  if (filter.memberStates && filter.memberStates[ms] === 0) return false;
  if (filter.pairs && filter.pairs[cat * 677 + ms] === 0) return false;
  return (v.flags[s] & filter.excludeFlags) === 0;
}

/**
 * Scans chunk slots [lo, hi) with the kernel in a lane of the chunk; returns the subjects found
 * eligible, or −1 when every lane is taken (the caller scores the chunk in JavaScript).
 */
function scanChunkWithKernel(ctx: ScanContext, module: WebAssembly.Module, c: number, lo: number, hi: number, simd: number): number {
  const { reader, probe, filter, present, top } = ctx;
  const tables = ctx.tables!;
  const C = reader.codeStride;
  const memory = reader.chunks[c];
  const buf = memory.buffer;
  const layout = subjectChunkLayout(C);
  const lock = new Int32Array(buf, layout.lanes, (SCAN_LANES * layout.laneBytes) / 4);
  const laneWords = layout.laneBytes / 4;
  // each thread starts at its own lane; a lane is held only for this synchronous call
  let lane = -1;
  for (let k = 0; k < SCAN_LANES && lane < 0; k++) {
    const l = (threadId + k) % SCAN_LANES;
    if (Atomics.compareExchange(lock, l * laneWords + 63, 0, 1) === 0) lane = l;
  }
  if (lane < 0) return -1;
  const at = layout.lanes + lane * layout.laneBytes;
  try {
    const parts = scanLaneLayout(C);
    const head = new Int32Array(buf, at, 64);
    const v = reader.subjects[c];
    const stride = C * 4;
    const G = termTableEntries(C);
    head.fill(0, 0, 63); // not the lock word (63)
    head[0] = layout.status;
    head[1] = layout.flags;
    head[2] = filter.excludeFlags;
    head[3] = 0;
    head[4] = C / 8;
    head[5] = present.length;
    head[6] = stride;
    head[7] = SCAN_BLOCK;
    for (let k = 0; k < present.length; k++) {
      const f = present[k];
      head[8 + 4 * k] = layout.codes + f * SUBJECTS_PER_CHUNK * stride;
      head[9 + 4 * k] = at + parts.probe + f * stride;
      head[10 + 4 * k] = layout.info + f * SUBJECTS_PER_CHUNK * 4;
      head[11 + 4 * k] = at + parts.tables + k * G * 16;
    }
    head[48] = at + parts.totals;
    head[49] = at + parts.list;
    // head[50], head[51]: no block scored yet (0, 0)
    new Uint32Array(buf, at + parts.probe, FINGERS * C).set(probe.codes);
    new Float64Array(buf, at + parts.tables, tables.length).set(tables);
    if (filter.categories || filter.memberStates || filter.pairs) {
      const mask = new Uint8Array(buf, at + parts.mask, SUBJECTS_PER_CHUNK);
      for (let s = lo; s < hi; s++) mask[s] = isEligible(v, s, filter) ? 1 : 0;
      head[3] = at + parts.mask;
    }
    const kernel = instantiateScanKernel(module, memory);
    kernel.eligible.value = 0;
    const base = c * SUBJECTS_PER_CHUNK;
    for (let s = lo; ;) {
      const hit = kernel.next(at, s, hi, justBelow(top.floor), simd);
      if (hit < 0) break;
      top.push(kernel.score.value, base + hit);
      s = hit + 1;
    }
    return kernel.eligible.value;
  } finally {
    Atomics.store(lock, lane * laneWords + 63, 0);
  }
}

/** The same scan of chunk slots [lo, hi) in JavaScript; returns the subjects found eligible. */
function scanChunkInJs(ctx: ScanContext, c: number, lo: number, hi: number): number {
  const { reader, probe, filter, present, probeBits, bits, top } = ctx;
  const C = reader.codeStride;
  const v = reader.subjects[c];
  const codes = v.codes;
  const pc = probe.codes;
  const base = c * SUBJECTS_PER_CHUNK;
  let eligible = 0;
  for (let s = lo; s < hi; s++) {
    if (!isEligible(v, s, filter)) continue;
    eligible++;
    let total = 0;
    for (let k = 0; k < present.length; k++) {
      const f = present[k];
      const e = f * SUBJECTS_PER_CHUNK + s;
      const g = v.info[e] >>> 16;
      // a finger with an empty code (or none) adds (0 − 0) / 1
      if (g === 0) continue;
      let shared = 0;
      const go = e * C;
      const po = f * C;
      for (let w = 0; w < C; w++) shared += popcount32(codes[go + w] & pc[po + w]);
      const expected = (probeBits[f] * g) / bits;
      total += (shared - expected) / Math.sqrt(expected + 1);
    }
    top.push(total, base + s);
  }
  return eligible;
}
