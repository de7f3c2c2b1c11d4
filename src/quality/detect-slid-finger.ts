import type { GrayImage } from '../core/index.js';
import { QUALITY_PARAMETERS, type QualityParameters } from '../config/parameters.js';
import { estimateSmear, smearProbability, type SmearEstimate } from '../extraction/index.js';

/** Whether a finger slid while it was captured, and how far: what the desk tells the operator. */
export interface SlidFinding {
  readonly slid: boolean;
  /** The smear's estimated length, pixels at 500 ppi (0 when the image holds no print to read). */
  readonly length: number;
  /** The direction of the slide, degrees 0–180 counter-clockwise from the image's x axis. */
  readonly direction: number;
  /** The cepstral correlation of the estimate (0–1; extraction's undo-smear.ts). */
  readonly correlation: number;
  /**
   * The estimate itself (null: no print to read), for the extraction of the same image
   * (`extractTemplate`'s `smearEstimate`), which then does not estimate it again.
   */
  readonly smear: SmearEstimate | null;
}

/**
 * A finger that slid on the platen (issue 12, smear): the smear's line estimated as extraction
 * estimates it (undo-smear.ts), flagged when its correlation is above `slidMinCorrelation`, its
 * length at least `slidMinLength` px, where a smear starts to cost matches, and the learned smear
 * gate's probability at least `slidGateThreshold` (the extraction's own gate). The desk asks for the
 * finger again: extraction can undo part of a smear, a still finger gives all of it back. About
 * 1–2 ms a finger.
 */
export function detectSlidFinger(image: GrayImage, params: QualityParameters = QUALITY_PARAMETERS): SlidFinding {
  const e = estimateSmear(image.data, image.width, image.height);
  if (!e) return { slid: false, length: 0, direction: 0, correlation: 0, smear: null };
  // image angles run clockwise on screen (y down): counter-clockwise is the negated angle
  const direction = Math.round(((180 - (e.theta * 180) / Math.PI) % 180 + 180) % 180);
  // the learned gate is read only for an estimate the correlation and the length let through
  const slid = e.correlation > params.slidMinCorrelation && e.length >= params.slidMinLength
    && (!(params.slidGateThreshold > 0) || smearProbability(e) >= params.slidGateThreshold);
  return {
    slid,
    length: e.length, direction, correlation: Math.round(e.correlation * 1000) / 1000, smear: e,
  };
}
