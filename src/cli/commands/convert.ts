import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';
import { decodeCaptureDetailed } from '../../capture/index.js';
import { ConfigError } from '../../core/errors.js';
import { type GrayImage, STANDARD_PPI } from '../../core/gray-image.js';
import { encodeWsq } from '../../formats/wsq/index.js';
import { type CliIo, parsePositiveInt, readUserFile, withFile } from '../context.js';

/** Output encodings, chosen by the output file's extension. */
const OUTPUT_FORMATS = ['.png', '.wsq', '.raw'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function outputFormatOf(path: string): OutputFormat {
  const ext = extname(path).toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(ext)) return ext as OutputFormat;
  throw new ConfigError('AFIS_CLI_USAGE', `${path}: unknown output extension "${ext || '(none)'}"; use ${OUTPUT_FORMATS.join(', ')}`);
}

/** Encodes a 500 ppi grey image in the output format. */
export async function encodeImage(image: GrayImage, format: OutputFormat): Promise<Uint8Array> {
  switch (format) {
    case '.wsq':
      return encodeWsq(image, { ppi: image.ppi });
    case '.raw':
      return image.data;
    case '.png':
      // 8-bit, one channel (sharp would otherwise widen grey to sRGB), pHYs = 500 ppi
      return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
        .toColourspace('b-w')
        .withDensity(image.ppi)
        .png()
        .toBuffer();
  }
}

/**
 * `afis convert IN OUT [--ppi N]`: any capture afis reads (PNG, JPEG, TIFF, BMP, WSQ, a
 * single-finger ANSI/NIST-ITL file) → 8-bit grey at 500 ppi, written as PNG (density 500 ppi),
 * WSQ (0.75 bpp, NIST_COM with PPI 500) or raw bytes, by OUT's extension. `--ppi` states the
 * input's resolution when the file does not (or overrides it); the image is resampled to 500.
 * Prints one line describing what was written.
 */
export async function convertCapture(input: string, output: string, options: { ppi?: number } = {}): Promise<{ width: number; height: number; bytes: number; format: string; sourcePpi: number; resampled: boolean }> {
  const format = outputFormatOf(output);
  const bytes = await readUserFile(input);
  let decoded;
  try {
    decoded = await decodeCaptureDetailed(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), options.ppi !== undefined ? { ppi: options.ppi } : {});
  } catch (err) {
    throw withFile(input, err);
  }
  const encoded = await encodeImage(decoded.image, format);
  try {
    await writeFile(output, encoded);
  } catch (err) {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${output}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const resampled = decoded.sourceWidth !== decoded.image.width || decoded.sourceHeight !== decoded.image.height;
  return { width: decoded.image.width, height: decoded.image.height, bytes: encoded.length, format: decoded.format, sourcePpi: decoded.sourcePpi, resampled };
}

export function registerConvert(program: Command, io: CliIo): void {
  program
    .command('convert')
    .description('convert a capture by file extension: any readable capture to .png, .wsq or .raw (8-bit grey, 500 ppi)')
    .argument('<in>', 'input capture')
    .argument('<out>', 'output file (.png, .wsq, .raw)')
    .option('--ppi <n>', 'resolution of the input when the file does not say')
    .action(async (input: string, output: string, opts: { ppi?: string }) => {
      const ppi = opts.ppi === undefined ? undefined : parsePositiveInt('--ppi', opts.ppi);
      const r = await convertCapture(input, output, ppi === undefined ? {} : { ppi });
      const resampled = r.resampled ? ` (resampled from ${r.sourcePpi} ppi)` : '';
      io.stdout(`${output}: ${r.width}x${r.height} 8-bit grey at ${STANDARD_PPI} ppi${resampled} from ${r.format}, ${r.bytes} bytes\n`);
    });
}
