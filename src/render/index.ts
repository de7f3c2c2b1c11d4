/**
 * Pictures for people: a finger image with its minutiae drawn over it (the examiner's and the
 * desk's pages, `GET .../fingers/:position/image`). Pure: data in, PNG bytes out; uses sharp.
 */
export { renderFingerImage, MAX_RENDER_SCALE, type RenderFingerOptions } from './render-finger-image.js';
export { drawMinutiaeSvg, pairColour, type MinutiaeSvgOptions, type PairLabels } from './draw-minutiae-svg.js';
export { OVERLAY_STYLE, type OverlayStyle } from './overlay-style.js';
