import type { FloatMap, GrayImage } from './gray-image.js';

/**
 * What an algorithm stage can hand to a debug sink: an image, a float map (orientation,
 * frequency, coherence, with an optional value range for display), or any JSON value
 * (minutiae lists, scores).
 */
export type DebugArtifact =
  | { readonly kind: 'image'; readonly image: GrayImage }
  | { readonly kind: 'map'; readonly map: FloatMap; readonly min?: number; readonly max?: number }
  | { readonly kind: 'json'; readonly value: unknown };

/**
 * A transparency hook: stages emit intermediate results under a stable key
 * (e.g. `extraction.orientation`). When `enabled` is false, callers skip building artifacts,
 * so a disabled sink costs one property read per stage. Look it up once, outside hot loops.
 */
export interface DebugSink {
  readonly enabled: boolean;
  emit(key: string, artifact: DebugArtifact): void;
}

/** The sink that records nothing. */
export const NO_DEBUG: DebugSink = Object.freeze({ enabled: false, emit: () => {} });

/** A sink that keeps every artifact in memory, in emission order (tests, CLI `--debug`). */
export class CollectingDebugSink implements DebugSink {
  readonly enabled = true;
  readonly artifacts: Array<{ key: string; artifact: DebugArtifact }> = [];
  emit(key: string, artifact: DebugArtifact): void {
    this.artifacts.push({ key, artifact });
  }
}
