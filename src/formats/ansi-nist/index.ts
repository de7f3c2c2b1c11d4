/**
 * ANSI/NIST-ITL transactions in the traditional encoding: read, write, and the fingers they
 * carry. Field values are text exactly as stored (no trimming); binary image data is `data`.
 */
export * from './ansi-nist-record.js';
export { isAnsiNist, parseAnsiNist } from './parse-ansi-nist.js';
export { writeAnsiNist } from './write-ansi-nist.js';
export {
  type FingerImageInfo,
  type ImageCompression,
  type ImpressionKind,
  describeFingerImages,
  imageCompression,
  impressionKind,
} from './describe-finger-record.js';
export {
  type AnsiNistFinger,
  type ImageDecoder,
  type ReadFingersOptions,
  type WsqDecoder,
  decodeFingerImage,
  readAnsiNistFingers,
} from './read-ansi-nist-fingers.js';
export {
  type Type14Values,
  type Type1Values,
  type Type4Values,
  buildType14Record,
  buildType1Record,
  buildType2Record,
  buildType4Record,
} from './build-records.js';
export { type FingerSegmentPosition, SEG_FIELD, readSegmentPositions, segmentPositionsField, withSegmentPositions } from './segment-positions.js';
export { type Type9Minutiae, type Type9Options, buildType9Record, readType9Minutiae } from './convert-type9-minutiae.js';
export { dumpAn2kText } from './dump-an2k-text.js';
export {
  EURODAC_DESTINATION,
  EURODAC_TYPE2,
  type EurodacFingerImage,
  type EurodacTransaction,
  type EurodacTransactionValues,
  readEurodacTransaction,
  toAnsiNistTime,
  writeEurodacTransaction,
} from './eurodac-profile.js';
