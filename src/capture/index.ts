export { decodeCapture, decodeCaptureDetailed, type DecodeCaptureOptions, type DecodedCapture } from './decode-capture.js';
export { detectCaptureFormat, CAPTURE_FORMATS, type CaptureFormat } from './detect-format.js';
export { resampleToStandard } from './resample.js';
export { decodeAnsiNistFingers, type CapturedFinger } from './decode-ansi-nist.js';
