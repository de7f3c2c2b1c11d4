/**
 * FBI WSQ (IAFIS-IC-0110 v3) grey-scale fingerprint image codec: a decoder that matches the
 * NIST reference decoder to ±1 grey level and an encoder producing standard streams with a
 * NIST_COM comment. Pure functions on byte arrays; no I/O.
 */
export { decodeWsq, isWsq, type WsqDecodeResult, type WsqFrameHeader, type WsqLimits } from './decode-wsq.js';
export { encodeWsq, type WsqEncodeOptions } from './encode-wsq.js';
