import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import sharp from 'sharp';
import { AfisError, CollectingDebugSink, ConfigError } from '../../core/index.js';
import { type CliIo, parsePositiveInt, readUserFile, withFile } from '../context.js';
import { decodeCapture } from '../../capture/index.js';
import { extractTemplate, renderDebugImages } from '../../extraction/index.js';
import { templateToJson, type Template } from '../../templates/index.js';

const FORMATS = ['iso19794-2', 'incits378', 'json'] as const;
type OutputFormat = (typeof FORMATS)[number];

/** Encodes a template in the requested interchange format (the codecs are loaded on demand). */
async function encodeTemplate(t: Template, format: OutputFormat): Promise<Uint8Array> {
  if (format === 'json') return new TextEncoder().encode(`${JSON.stringify(templateToJson(t))}\n`);
  try {
    if (format === 'iso19794-2') {
      const { templateToIso } = await import('../../formats/iso19794-2/index.js');
      return templateToIso(t);
    }
    const { templateToIncits378 } = await import('../../formats/incits378/index.js');
    return templateToIncits378(t);
  } catch (err) {
    if (err instanceof AfisError) throw err;
    throw new AfisError('AFIS_NOT_IMPLEMENTED', `${format} output is not available in this build (${(err as Error).message})`);
  }
}

export function registerExtract(program: Command, io: CliIo): void {
  program
    .command('extract')
    .description('extract a minutiae template from one finger image')
    .argument('<image>', 'finger image (PNG, JPEG, TIFF, BMP, WSQ, raw)')
    .option('--ppi <n>', 'resolution of the image when the file does not say')
    .option('--format <fmt>', 'output format: iso19794-2 | incits378 | json', 'json')
    .option('-o, --output <file>', 'write the template to FILE instead of stdout (binary formats go to stdout as base64)')
    .option('--debug <dir>', 'write every extraction stage as a PNG into DIR')
    .action(async (path: string, opts: { ppi?: string; format: string; output?: string; debug?: string }) => {
      const format = opts.format as OutputFormat;
      if (!FORMATS.includes(format)) {
        throw new ConfigError('AFIS_CLI_USAGE', `--format must be one of ${FORMATS.join(', ')}, got "${opts.format}"`);
      }
      const ppi = opts.ppi !== undefined ? parsePositiveInt('--ppi', opts.ppi) : undefined;
      const bytes = await readUserFile(path);
      const sink = opts.debug !== undefined ? new CollectingDebugSink() : undefined;
      let template: Template;
      let image;
      try {
        image = await decodeCapture(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), ppi !== undefined ? { ppi } : {});
        template = extractTemplate(image, sink ? { debug: sink } : {});
      } catch (err) {
        if (sink && image && opts.debug !== undefined) await writeDebug(opts.debug, image, sink);
        throw withFile(path, err);
      }
      if (sink && opts.debug !== undefined) await writeDebug(opts.debug, image, sink);
      const encoded = await encodeTemplate(template, format);
      if (opts.output !== undefined) {
        try {
          await writeFile(opts.output, encoded);
        } catch (err) {
          throw new ConfigError('AFIS_FILE_NOT_FOUND', `${opts.output}: cannot write (${(err as Error).message})`);
        }
        io.stderr(`${path}: ${template.minutiae.length} minutiae, quality ${template.quality} → ${opts.output}\n`);
      } else if (format === 'json') {
        io.stdout(new TextDecoder().decode(encoded));
      } else {
        io.stdout(`${Buffer.from(encoded).toString('base64')}\n`);
      }
    });
}

async function writeDebug(dir: string, image: Parameters<typeof renderDebugImages>[0], sink: CollectingDebugSink): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${dir}: cannot create the debug folder (${(err as Error).message})`);
  }
  const pictures = renderDebugImages(image, sink.artifacts);
  let n = 0;
  for (const p of pictures) {
    const file = join(dir, `${String(n++).padStart(2, '0')}-${p.name}.png`);
    await sharp(p.data, { raw: { width: p.width, height: p.height, channels: p.channels } }).png().toFile(file);
  }
  const json = sink.artifacts.filter((a) => a.artifact.kind === 'json');
  for (const { key, artifact } of json) {
    if (artifact.kind === 'json') await writeFile(join(dir, `${key}.json`), `${JSON.stringify(artifact.value)}\n`);
  }
}
