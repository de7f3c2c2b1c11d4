/** Capture encodings afis reads. `raw` is 8-bit grey with declared width, height and ppi. */
export type CaptureFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'wsq' | 'ansi-nist' | 'raw';

export const CAPTURE_FORMATS: readonly CaptureFormat[] = ['png', 'jpeg', 'tiff', 'bmp', 'wsq', 'ansi-nist', 'raw'];

/**
 * Recognises an encoding from its leading bytes (magic numbers). Raw grey has no signature and
 * is never detected: the caller declares it. Returns undefined for anything else.
 */
export function detectCaptureFormat(bytes: Uint8Array): Exclude<CaptureFormat, 'raw'> | undefined {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))) return 'tiff';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  // WSQ streams open with the SOI marker FFA0 followed by another marker (FFA8 comment, FFA4 DTT…).
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xa0 && b[2] === 0xff) return 'wsq';
  // ANSI/NIST-ITL traditional encoding: the first record is Type-1 with its LEN field first,
  // tagged "1.001:", "1.01:" or "1.1:" depending on the writer.
  if (b.length >= 4 && /^1\.0{0,2}1:/.test(String.fromCharCode(...b.subarray(0, 6)))) return 'ansi-nist';
  return undefined;
}
