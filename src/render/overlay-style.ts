/**
 * How minutiae are drawn for people. Sizes are pixels at 500 ppi before the output scale; colours
 * are chosen to stay readable on a grey print (saturated, with a dark halo on labels).
 */
export interface OverlayStyle {
  /** Radius of the circle (ending) or half side of the square (bifurcation). */
  readonly markRadius: number;
  /** Length of the direction tick beyond the mark. */
  readonly tickLength: number;
  readonly strokeWidth: number;
  readonly pairedStrokeWidth: number;
  readonly endingColour: string;
  readonly bifurcationColour: string;
  /** Opacity of unpaired minutiae when pairs are shown (0–1). */
  readonly unpairedOpacity: number;
  /** Colours of paired minutiae, cycled by pair number; the same on both sides. */
  readonly pairPalette: readonly string[];
  /** Font size of pair numbers. */
  readonly labelSize: number;
  readonly labelHalo: string;
}

export const OVERLAY_STYLE: OverlayStyle = Object.freeze({
  markRadius: 4.5,
  tickLength: 9,
  strokeWidth: 1.5,
  pairedStrokeWidth: 2.2,
  endingColour: '#e8590c',
  bifurcationColour: '#1c7ed6',
  unpairedOpacity: 0.6,
  // Distinct hues that read on grey (from a qualitative palette; no red/green-only pairs).
  pairPalette: Object.freeze(['#00c853', '#d500f9', '#ffab00', '#00b8d4', '#ff1744', '#651fff', '#aeea00', '#ff6d00', '#2979ff', '#c51162']),
  labelSize: 11,
  labelHalo: '#000000',
});
