/**
 * Image-sized scratch arrays kept from one extraction to the next (one set per thread: each worker
 * has its own module instance). A fresh image-sized typed array costs more than its fill: its
 * bytes are new pages the kernel zeroes on first touch, and the external memory it adds is what
 * starts most of the extraction's full garbage collections (bench/RESULTS.md, extspeed). A stage
 * takes a slot's array only for the length of one call (extraction is synchronous) and must
 * write every entry it reads; the contents left by the last call are unspecified.
 */
const float64 = new Map<string, Float64Array>();
const float32 = new Map<string, Float32Array>();
const int32 = new Map<string, Int32Array>();
const uint8 = new Map<string, Uint8Array>();
const int8 = new Map<string, Int8Array>();

/**
 * The longest array a slot keeps (entries): 2^20, an image of about 1,000 × 1,000 pixels, far above
 * a finger at 500 ppi (FVC2002's largest, 296 × 560). A longer one is made fresh for its call and
 * not kept, so that one large capture (the service takes images up to 8 inches wide, 4,000 pixels at
 * 500 ppi, whose summed-area tables alone are 2 × 128 MB) does not stay in every worker for good:
 * the nine slots together hold at most 35 MB a thread.
 */
export const SCRATCH_MAX_ENTRIES = 1 << 20;

function take<T extends Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array>(slots: Map<string, T>, slot: string, length: number, make: (n: number) => T): T {
  if (length > SCRATCH_MAX_ENTRIES) return make(length);
  let held = slots.get(slot);
  if (!held || held.length < length) {
    held = make(length);
    slots.set(slot, held);
  }
  return held.length === length ? held : (held.subarray(0, length) as T);
}

/** A Float64Array of `length` entries for the slot `slot`, its contents unspecified. */
export function scratchFloat64(slot: string, length: number): Float64Array {
  return take(float64, slot, length, (n) => new Float64Array(n));
}

/** A Float32Array of `length` entries for the slot `slot`, its contents unspecified. */
export function scratchFloat32(slot: string, length: number): Float32Array {
  return take(float32, slot, length, (n) => new Float32Array(n));
}

/** An Int32Array of `length` entries for the slot `slot`, its contents unspecified. */
export function scratchInt32(slot: string, length: number): Int32Array {
  return take(int32, slot, length, (n) => new Int32Array(n));
}

/** A Uint8Array of `length` entries for the slot `slot`, its contents unspecified. */
export function scratchUint8(slot: string, length: number): Uint8Array {
  return take(uint8, slot, length, (n) => new Uint8Array(n));
}

/** An Int8Array of `length` entries for the slot `slot`, its contents unspecified. */
export function scratchInt8(slot: string, length: number): Int8Array {
  return take(int8, slot, length, (n) => new Int8Array(n));
}
