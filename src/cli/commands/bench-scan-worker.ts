/**
 * Worker of `afis bench scan`: the two loops that measure this machine's memory bandwidth, run
 * on every thread at once like the scan. `copy` copies a buffer of its own (memcpy: each byte is
 * read once and written once); `read` reads the code region of the given subject chunks with the
 * scan kernel's read loop (the same 16-byte loads the kernel makes, without the arithmetic).
 */
import { SUBJECTS_PER_CHUNK, instantiateScanKernel, loadScanKernel, subjectChunkLayout } from '../../index/index.js';

export type BandwidthTask =
  | { readonly kind: 'copy'; readonly bytes: number; readonly repeats: number }
  | { readonly kind: 'read'; readonly chunks: readonly WebAssembly.Memory[]; readonly slots: readonly number[]; readonly codeStride: number; readonly repeats: number };

/** Best time of `repeats` passes, in ms, and the bytes one pass moves. */
export interface BandwidthResult {
  readonly ms: number;
  readonly bytes: number;
}

export function runBandwidthTask(task: BandwidthTask): BandwidthResult {
  const times: number[] = [];
  if (task.kind === 'copy') {
    const from = new Uint8Array(task.bytes).fill(1);
    const to = new Uint8Array(task.bytes);
    for (let r = 0; r < task.repeats; r++) {
      const t = performance.now();
      to.set(from);
      times.push(performance.now() - t);
    }
    return { ms: Math.min(...times), bytes: task.bytes };
  }
  const module = loadScanKernel();
  if (!module) throw new Error('the scan kernel is not built: run "npm run build"');
  const layout = subjectChunkLayout(task.codeStride);
  const kernels = task.chunks.map((m) => instantiateScanKernel(module, m));
  let bytes = 0;
  for (let r = 0; r < task.repeats; r++) {
    const t = performance.now();
    bytes = 0;
    kernels.forEach((k, i) => {
      // the codes of every finger position for the slots in use (positions are 16,384 codes apart)
      const perPosition = task.slots[i] * task.codeStride * 4;
      for (let f = 0; f < 10; f++) {
        const at = layout.codes + f * SUBJECTS_PER_CHUNK * task.codeStride * 4;
        k.readBytes(at, at + perPosition);
        bytes += perPosition;
      }
    });
    times.push(performance.now() - t);
  }
  return { ms: Math.min(...times), bytes };
}
