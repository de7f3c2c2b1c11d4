import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { AfisError, CaptureError, createGrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { decodeWsq } from '../../src/formats/index.js';
import { detectAlteration, detectSlidFinger, flattenPlaten, platenResidueShare } from '../../src/quality/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { TRANSACTION_PARAMETERS } from '../../src/config/parameters.js';
import { segmentSlap } from '../../src/segmentation/index.js';
import { compareTemplateGrid, compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { composeSlap, seededRandom } from '../../bench/segmentation/compose-slap.mjs';
import { createExtractionPool } from '../../src/workers/extraction-pool.js';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SFINGE_IMAGES, fixturePath } from '../helpers/data.js';
import { smeared } from '../helpers/smeared.js';
import { personFinger } from '../helpers/persons.js';

describe('extraction on worker threads (npm test builds the worker first)', () => {
  const pool = createExtractionPool(2);
  afterAll(() => pool.close());

  it('gives exactly the template the calling thread gives', async () => {
    const images = await Promise.all([0, 2, 3].map((i) => decodeCapture(readFileSync(SFINGE_IMAGES[i]!))));
    const pooled = await Promise.all(images.map((img) => pool.extract(img)));
    expect(pooled).toEqual(images.map((img) => extractTemplate(img)));
  });

  it('keeps the typed error of an image without a print', async () => {
    const blank = createGrayImage(300, 300, new Uint8Array(300 * 300).fill(255));
    let inThread: unknown;
    try {
      extractTemplate(blank);
    } catch (err) {
      inThread = err;
    }
    const pooled = await pool.extract(blank).then(() => undefined, (err: unknown) => err);
    expect(pooled).toBeInstanceOf(AfisError);
    expect((pooled as AfisError).code).toBe((inThread as AfisError | undefined)?.code ?? 'none');
  });
});

describe("a capture's other per-image work on the workers (off the event loop)", () => {
  const pool = createExtractionPool(2);
  afterAll(() => pool.close());

  it('decodes a WSQ and a PNG capture as the calling thread does, and keeps a bad capture\'s error class and code', async () => {
    const wsq = readFileSync(fixturePath('wsq-nbis', 'fvc2002-DB2_B-101_1.wsq'));
    const png = readFileSync(SFINGE_IMAGES[1]!);
    expect(await pool.decode(wsq, {})).toEqual(await decodeCapture(wsq));
    // an ANSI/NIST record's WSQ stream, at its own resolution
    expect(await pool.decodeWsq(wsq)).toEqual(decodeWsq(wsq).image);
    const torn = await pool.decodeWsq(wsq.subarray(0, 40)).then(() => undefined, (err: unknown) => err);
    expect(torn).toBeInstanceOf(AfisError);
    expect((torn as AfisError).code).toBe((() => { try { decodeWsq(wsq.subarray(0, 40)); return 'none'; } catch (err) { return (err as AfisError).code; } })());
    expect(await pool.decode(png, { ppi: 600 })).toEqual(await decodeCapture(png, { ppi: 600 }));
    const empty = await pool.decode(new Uint8Array(0), {}).then(() => undefined, (err: unknown) => err);
    expect(empty).toBeInstanceOf(CaptureError);
    expect((empty as CaptureError).code).toBe('AFIS_CAPTURE_EMPTY');
    const raw = await pool.decode(new Uint8Array(10), { format: 'raw', width: 4, height: 2 }).then(() => undefined, (err: unknown) => err);
    expect((raw as CaptureError).code).toBe('AFIS_CAPTURE_BAD_PARAMETERS');
  });

  it('cuts a slap, reads a slid finger and an altered one, and compares a grid, exactly as the calling thread does', async () => {
    const images = await Promise.all(SFINGE_IMAGES.map((f) => decodeCapture(readFileSync(f))));
    const slap = composeSlap(images.map((image) => ({ image })), {
      kind: 'right-four', rnd: seededRandom(3), handAngle: 0, spacing: 290, fingerJitter: 0, offsetY: 0,
    }).image;
    expect(await pool.segmentSlap(slap, 'right-four', [])).toEqual(segmentSlap(slap, 'right-four', { declaredMissing: [] }));
    const slid = smeared(await decodeCapture(personFinger('C', 3, 2)), 5, 0.3);
    const read = await pool.detectSlidFinger(slid);
    expect(read).toEqual(detectSlidFinger(slid));
    expect(read.slid).toBe(true);
    // the read's estimate handed to the extraction (the desk's way): the calling thread's template
    expect(await pool.extract(slid, read.smear)).toEqual(extractTemplate(slid));
    // a capture's flat field: the calling thread's images, an image left as it was given back as itself
    const odd = createGrayImage(120, 100, new Uint8Array(12_000).fill(90));
    const capture = [...images.slice(0, 3), odd];
    const flatParams = { ...TRANSACTION_PARAMETERS, latentFlattenRadius: 4 };
    const flat = await pool.flattenPlaten(capture, flatParams);
    expect(flat.slice(0, 3)).toEqual(flattenPlaten(capture, flatParams).slice(0, 3));
    expect(flat[3]).toBe(odd);
    expect(flat[0]).not.toBe(capture[0]);
    // the residue under every image of a capture: the calling thread's share (the odd-sized image not read)
    const ghosted = [...images.slice(0, 3).map((im, i) => perturbImage(im, 'ghost', 60 + i).image), odd];
    const share = await pool.platenResidueShare(ghosted, flatParams);
    expect(share).toBe(platenResidueShare(ghosted, flatParams));
    expect(share).toBeGreaterThan(0);
    const template = extractTemplate(images[2]!);
    expect(await pool.detectAlteration(images[2]!, template)).toEqual(detectAlteration(images[2]!, template));
    const templates = images.map((im) => extractTemplate(im));
    const grid = await pool.compareGrid(templates.slice(0, 2), templates);
    expect(grid).toEqual(compareTemplateGrid(templates.slice(0, 2), templates));
    expect(grid[1]![2]).toBe(compareTemplates(prepareTemplate(templates[1]!), prepareTemplate(templates[2]!)));
    const blank = createGrayImage(1600, 1500, new Uint8Array(1600 * 1500).fill(250));
    const failed = await pool.segmentSlap(blank, 'thumbs', []).then(() => undefined, (err: unknown) => err);
    expect(failed).toBeInstanceOf(CaptureError);
    expect((failed as CaptureError).code).toBe('AFIS_SEGMENTATION_FAILED');
  });
});

describe('closing the extraction pool while extractions run', () => {
  // Every extraction runs the ridge network in onnxruntime-node's native session; a worker thread
  // terminated inside that call aborted the whole process ("terminate called after throwing an
  // instance of 'Napi::Error'"). close() must let every extraction asked for finish before it
  // ends a thread, and refuse later ones. In a child process, since the failure is an abort of the
  // process itself.
  it('lets every extraction asked for finish, refuses later ones with AFIS_NOT_READY, and the process exits normally', () => {
    const pool = fileURLToPath(new URL('../../dist/workers/extraction-pool.js', import.meta.url));
    const capture = fileURLToPath(new URL('../../dist/capture/index.js', import.meta.url));
    const script = `
      import { readFileSync } from 'node:fs';
      const { createExtractionPool } = await import(${JSON.stringify(pool)});
      const { decodeCapture } = await import(${JSON.stringify(capture)});
      const images = await Promise.all(${JSON.stringify(SFINGE_IMAGES.slice(0, 4))}.map((f) => decodeCapture(readFileSync(f))));
      const outcomes = [];
      for (let round = 0; round < 3; round++) {
        const p = createExtractionPool(2);
        const tasks = [...images, ...images, ...images].map((im) => p.extract(im).then(() => 'ok', (e) => e.code ?? e.message));
        await tasks[0]; // the threads are busy: two extractions run, the rest wait
        const closed = p.close();
        outcomes.push(await p.extract(images[0]).then(() => 'ok', (e) => e.code ?? e.message));
        await closed;
        outcomes.push(...(await Promise.all(tasks)));
      }
      process.stdout.write(JSON.stringify(outcomes));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(/terminate called/);
    expect(run.status).toBe(0);
    const outcomes = JSON.parse(run.stdout) as string[];
    // per round: the extraction asked for after close() is refused, the twelve before it all end
    expect(outcomes).toEqual([0, 1, 2].flatMap(() => ['AFIS_NOT_READY', ...Array<string>(12).fill('ok')]));
  });
});

describe('extraction workers with a larger young generation (AFIS_EXTRACTION_YOUNG_MB, extspeed)', () => {
  const pool = createExtractionPool(1, { youngGenerationMb: 96 });
  afterAll(() => pool.close());

  it('give the same templates', async () => {
    const images = await Promise.all([0, 2].map((i) => decodeCapture(readFileSync(SFINGE_IMAGES[i]!))));
    const pooled = await Promise.all(images.map((img) => pool.extract(img)));
    expect(pooled).toEqual(images.map((img) => extractTemplate(img)));
  });
});
