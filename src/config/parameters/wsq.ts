/**
 * WSQ codec (FBI IAFIS-IC-0110 v3) settings. The standard's own constants (filter taps, subband
 * weights, the 0.44 bin centre) live in src/formats/wsq because they are part of the format,
 * not tunable; what is here is our choice.
 */
export interface WsqParameters {
  readonly defaultBitRate: number;
  readonly defaultPpi: number;
  readonly maxPixels: number;
  readonly maxSide: number;
  readonly maxBytes: number;
  readonly maxPixelsPerByte: number;
}

export const WSQ_PARAMETERS: WsqParameters = Object.freeze({
  /**
   * Target bit rate of the encoder, bits per pixel. 0.75 is the FBI's figure for 500 ppi
   * exchange (about 15:1 on fingerprints; NBIS `cwsq` uses the same number).
   */
  defaultBitRate: 0.75,
  /** Resolution reported when a stream has no NIST_COM PPI field (the WSQ frame holds none). */
  defaultPpi: 500,
  /** Largest decoded image, pixels; checked on the frame header before any allocation. */
  maxPixels: 16_000_000,
  /** Largest width or height, pixels (the frame header allows 65535). */
  maxSide: 16_000,
  /** Largest WSQ stream accepted, bytes. */
  maxBytes: 50 * 1024 * 1024,
  /**
   * Largest ratio of decoded pixels to stream bytes. Real captures code at 10–50:1; a header
   * claiming millions of pixels from a few kilobytes (a cheap way to make a server spend
   * seconds and hundreds of MB) is refused before the pixel planes are allocated. Only a
   * blank frame above ~700 × 700 pixels would code tighter than this.
   */
  maxPixelsPerByte: 1000,
});
