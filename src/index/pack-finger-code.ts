import { FINGERS } from './gallery-layout.js';
import { popcount32 } from './compute-finger-code.js';

/**
 * How first-stage codes are stored: which bits of each finger position's code are kept (the stop
 * bits are dropped, see Gallery.applyStopBits) and where each kept bit goes.
 *
 * Why pack: the stop bits are zero in every stored code of their position, so reading them is
 * wasted memory bandwidth (the scan is bound by the bytes it reads). Packing moves the kept bits
 * of position f, in their order, to bits 0..kept_f − 1 of the stored code, whose length
 * (`stride`) is the most kept bits of any position rounded up to 8 words: with a quarter of
 * 2,048 bits dropped, 48 words instead of 64. A probe code packed the same way shares exactly
 * the same bits with a gallery code as before packing, so every score is unchanged.
 */
export interface CodePacking {
  /** Words of a code as computed (`codeWords` of the parameters). */
  readonly codeWords: number;
  /** Words of a stored (packed) code: a multiple of 8 (the scan kernel reads 32-byte blocks). */
  readonly stride: number;
  /** [f·codeWords + w]: the bits kept (1) of position f's code. */
  readonly masks: Uint32Array;
  /** [f·codeWords·32 + bit]: where a kept bit goes in the stored code, −1 for a dropped bit. */
  readonly target: Int16Array;
  /** [f·stride·32 + stored bit]: the code bit it holds, −1 for padding. */
  readonly source: Int16Array;
  /** True when no bit is dropped (stored bit = code bit). */
  readonly identity: boolean;
}

/** The packing for these kept-bit masks (10 × codeWords words; all ones = identity). */
export function planCodePacking(codeWords: number, masks: Uint32Array = new Uint32Array(FINGERS * codeWords).fill(0xffffffff)): CodePacking {
  if (masks.length !== FINGERS * codeWords) throw new RangeError(`code masks: ${masks.length} words for ${FINGERS} × ${codeWords}`);
  const bits = codeWords * 32;
  let kept = 0;
  for (let f = 0; f < FINGERS; f++) {
    let n = 0;
    for (let w = 0; w < codeWords; w++) n += popcount32(masks[f * codeWords + w]);
    kept = Math.max(kept, n);
  }
  const stride = Math.max(8, Math.ceil(Math.ceil(kept / 32) / 8) * 8);
  if (stride * 32 > 32768) throw new RangeError(`codes of ${codeWords} words are too long to pack`);
  const target = new Int16Array(FINGERS * bits).fill(-1);
  const source = new Int16Array(FINGERS * stride * 32).fill(-1);
  let identity = kept === bits && stride === codeWords;
  for (let f = 0; f < FINGERS; f++) {
    let next = 0;
    for (let b = 0; b < bits; b++) {
      if (((masks[f * codeWords + (b >>> 5)] >>> (b & 31)) & 1) === 0) continue;
      target[f * bits + b] = next;
      source[f * stride * 32 + next] = b;
      if (next !== b) identity = false;
      next++;
    }
  }
  return { codeWords, stride, masks: Uint32Array.from(masks), target, source, identity };
}

/**
 * Packs finger position f's code `src[srcAt .. srcAt + codeWords)` into
 * `dst[dstAt .. dstAt + stride)` (dropped bits removed, padding zero). Returns the bits set.
 * Cost: O(codeWords) (a table look-up per byte).
 */
export function packFingerCode(p: CodePacking, f: number, src: Uint32Array, srcAt: number, dst: Uint32Array, dstAt: number): number {
  if (p.identity) {
    let count = 0;
    for (let w = 0; w < p.codeWords; w++) {
      const x = src[srcAt + w];
      dst[dstAt + w] = x;
      count += popcount32(x);
    }
    return count;
  }
  return moveBits(moveBetween(null, p), f, src, srcAt, dst, dstAt, p.stride);
}

/**
 * Re-packs a stored code of position f from packing `from` to packing `to` (whose masks keep a
 * subset of `from`'s bits). Returns the bits set. Cost: O(stride).
 */
export function repackFingerCode(from: CodePacking, to: CodePacking, f: number, src: Uint32Array, srcAt: number, dst: Uint32Array, dstAt: number): number {
  return moveBits(moveBetween(from, to), f, src, srcAt, dst, dstAt, to.stride);
}

/**
 * A move of stored bits between two packings, byte by byte: both keep bits in code order, so the
 * bits of one source byte that survive land on consecutive target bits. Per (finger, source
 * word, byte): which of its bits survive, and the target bit of the first survivor.
 */
interface PackingMove {
  readonly sourceWords: number;
  readonly keep: Uint8Array;
  readonly at: Uint16Array;
}

const moves = new WeakMap<CodePacking, Map<CodePacking | null, PackingMove>>();

/** The move from `from` (null: codes as computed) to `to`, made once per pair. */
function moveBetween(from: CodePacking | null, to: CodePacking): PackingMove {
  let byTarget = moves.get(to);
  if (!byTarget) moves.set(to, (byTarget = new Map()));
  const hit = byTarget.get(from);
  if (hit) return hit;
  const bits = to.codeWords * 32;
  const sourceWords = from ? from.stride : to.codeWords;
  const keep = new Uint8Array(FINGERS * sourceWords * 4);
  const at = new Uint16Array(FINGERS * sourceWords * 4);
  for (let f = 0; f < FINGERS; f++) {
    let next = 0;
    for (let sb = 0; sb < sourceWords * 32; sb++) {
      const c = from ? from.source[f * sourceWords * 32 + sb] : sb;
      const t = c < 0 ? -1 : to.target[f * bits + c];
      const k = f * sourceWords * 4 + (sb >>> 3);
      if ((sb & 7) === 0) at[k] = next;
      if (t < 0) continue;
      if (t !== next) throw new RangeError('code packings do not keep bits in the same order');
      keep[k] |= 1 << (sb & 7);
      next++;
    }
  }
  const move = { sourceWords, keep, at };
  byTarget.set(from, move);
  return move;
}

let pext8: Uint8Array | undefined;

/** [mask·256 + value]: the bits of `value` under `mask`, gathered to the low end. */
function gatherTable(): Uint8Array {
  if (pext8) return pext8;
  const t = new Uint8Array(65536);
  for (let m = 0; m < 256; m++) {
    for (let v = 0; v < 256; v++) {
      let out = 0;
      let k = 0;
      for (let b = 0; b < 8; b++) {
        if (((m >> b) & 1) === 0) continue;
        if ((v >> b) & 1) out |= 1 << k;
        k++;
      }
      t[(m << 8) | v] = out;
    }
  }
  return (pext8 = t);
}

function moveBits(move: PackingMove, f: number, src: Uint32Array, srcAt: number, dst: Uint32Array, dstAt: number, stride: number): number {
  const table = gatherTable();
  const { keep, at, sourceWords } = move;
  dst.fill(0, dstAt, dstAt + stride);
  const base = f * sourceWords * 4;
  // branch-free: a byte with no surviving bit ORs zeros (the bits are too sparse and irregular
  // for branches to be predicted)
  const last = dstAt + stride - 1;
  for (let w = 0; w < sourceWords; w++) {
    const x = src[srcAt + w];
    for (let j = 0; j < 4; j++) {
      const k = base + w * 4 + j;
      const g = table[(keep[k] << 8) | ((x >>> (8 * j)) & 0xff)];
      const t = at[k];
      const sh = t & 31;
      const i = dstAt + (t >>> 5);
      dst[i] |= g << sh;
      // the bits of g past bit 31 − sh go to the next word (none when sh ≤ 24)
      if (i < last) dst[i + 1] |= (g >>> 1) >>> (31 - sh);
    }
  }
  let count = 0;
  for (let w = 0; w < stride; w++) count += popcount32(dst[dstAt + w]);
  return count;
}
