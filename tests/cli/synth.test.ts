/**
 * `afis synth` (issue 11): the folder layout `afis eval fvc` reads, truth next to each image,
 * one ANSI/NIST-ITL transaction per person that the HTTP intake accepts, identical files for
 * a seed, no partial files left, and usage mistakes exit 2.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnsiNist, readSegmentPositions } from '../../src/formats/ansi-nist/index.js';
import { SYNTHETIC_IMAGE_PARAMETERS, SYNTHETIC_IMPRESSION_PARAMETERS } from '../../src/config/parameters.js';
import { afis } from '../helpers/cli.js';
import { startTestApp } from '../helpers/app.js';

const root = mkdtempSync(join(tmpdir(), 'afis-synth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('afis synth', () => {
  const out = join(root, 'a');
  /** One optical series of person 1 at seed 5 into root/NAME, with EXTRA options; returns the folder. */
  const synthInto = async (name: string, impressions: number, ...extra: string[]): Promise<string> => {
    const dir = join(root, name);
    const r = await afis('synth', '--subjects', '1', '--impressions', String(impressions), '--style', 'optical', '--seed', '5', '--no-persons', '--threads', '1', ...extra, '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    return dir;
  };

  it('writes F_I images, their truth, and a ten-print transaction per person', { timeout: 180_000 }, async () => {
    const r = await afis('synth', '--subjects', '2', '--impressions', '2', '--style', 'mixed', '--altered', '0.3', '--seed', '5', '--threads', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('4 images of 2 persons');
    const names = readdirSync(out).sort();
    expect(names).toEqual(['1_1.png', '1_2.png', '2_1.png', '2_2.png', 'persons', 'synth.json', 'truth']);
    const fingerFiles = (p: string) => Array.from({ length: 10 }, (_, i) => `${p}-finger${i + 1}.png`);
    expect(readdirSync(join(out, 'persons')).sort()).toEqual([...fingerFiles('0001'), '0001.an2', '0001.json', ...fingerFiles('0002'), '0002.an2', '0002.json'].sort());
    expect(readdirSync(out).concat(readdirSync(join(out, 'truth'))).some((n) => n.includes('.partial-'))).toBe(false);
    const truth = JSON.parse(readFileSync(join(out, 'truth', '1_2.json'), 'utf8'));
    expect(truth).toMatchObject({ format: 'afis-synthetic-truth/1', seed: 5, subject: 1, impression: 2, ppi: 500, position: 1 });
    expect(truth.minutiae.length).toBeGreaterThan(5);
    expect(truth.mask.rows.length).toBe(Math.ceil(truth.height / 8));
    const t = parseAnsiNist(new Uint8Array(readFileSync(join(out, 'persons', '0002.an2'))));
    expect(t.records.filter((x) => x.type === 14).map((x) => Number(x.fields.find((f) => f.tag === 13)!.subfields[0]![0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // with 30 % altered fingers, 20 fingers: some altered, and their truth says where
    const persons = ['0001', '0002'].map((p) => JSON.parse(readFileSync(join(out, 'persons', `${p}.json`), 'utf8')));
    expect(persons[0].alterations.length + persons[1].alterations.length).toBeGreaterThan(0);
  });

  it('adds slaps with each finger\'s box to the transaction (--slaps)', { timeout: 180_000 }, async () => {
    const dir = join(root, 'slaps');
    const r = await afis('synth', '--subjects', '1', '--impressions', '1', '--slaps', '--seed', '6', '--threads', '1', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'persons')).filter((n) => !n.includes('-finger')).sort()).toEqual(['0001-slap13.png', '0001-slap14.png', '0001-slap15.png', '0001.an2', '0001.json']);
    const fingers = parseAnsiNist(new Uint8Array(readFileSync(join(dir, 'persons', '0001.an2')))).records.filter((x) => x.type === 14);
    expect(fingers.map((x) => Number(x.fields.find((f) => f.tag === 13)!.subfields[0]![0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15]);
    // 14.021 SEG: position, left, right, top, bottom per finger (right and bottom one past the box), as the person's truth says
    const person = JSON.parse(readFileSync(join(dir, 'persons', '0001.json'), 'utf8'));
    fingers.slice(10).forEach((slap, k) => {
      const seg = readSegmentPositions(slap);
      expect(seg.map((s) => s.position)).toEqual([[2, 3, 4, 5], [10, 9, 8, 7], [6, 1]][k]);
      expect(seg.map((s) => [s.left, s.top, s.right - 1, s.bottom - 1])).toEqual(person.slaps[k].fingers.map((f: { box: number[] }) => f.box));
    });
  });

  it('afis eval extraction scores our extractor against the truth, per style and skin condition', { timeout: 180_000 }, async () => {
    const r = await afis('eval', 'extraction', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.images).toBe(4);
    for (const k of ['precision', 'recall', 'maskIoU']) {
      expect(e[k]).toBeGreaterThan(0);
      expect(e[k]).toBeLessThanOrEqual(1);
    }
    expect(e.positionErrorPx).toBeLessThan(15);
    expect(e.directionErrorDeg).toBeLessThan(30);
    // the extractor and the truth agree on the ridge flow to within a few degrees on clean synthetic prints
    expect(e.orientationErrorDeg).toBeLessThan(20);
    const styles = new Set(readdirSync(join(out, 'truth')).map((n) => JSON.parse(readFileSync(join(out, 'truth', n), 'utf8')).style));
    expect(Object.keys(e.byStyle).sort()).toEqual([...styles].sort());
    for (const s of Object.values(e.byStyle) as Array<Record<string, number>>) expect(Object.keys(s)).toEqual(expect.arrayContaining(['images', 'precision', 'recall', 'positionErrorPx', 'directionErrorDeg', 'maskIoU', 'orientationErrorDeg']));
    const fvc = await afis('eval', 'fvc', out, '--json');
    expect(fvc.code, fvc.stderr).toBe(0);
    expect(JSON.parse(fvc.stdout).images).toBe(4);
  });

  it('afis eval extraction on a folder without truth exits 2', async () => {
    const r = await afis('eval', 'extraction', join(out, 'persons'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AFIS_CLI_USAGE');
  });

  it('--encounter 2 captures the same persons again: same fingers, new impressions', { timeout: 180_000 }, async () => {
    const dir = join(root, 'encounter2');
    const r = await afis('synth', '--subjects', '1', '--impressions', '1', '--encounter', '2', '--seed', '5', '--threads', '1', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    const first = JSON.parse(readFileSync(join(out, 'persons', '0001.json'), 'utf8'));
    const second = JSON.parse(readFileSync(join(dir, 'persons', '0001.json'), 'utf8'));
    expect(second.controlNumber).toBe('SYN-5-0001-2');
    expect(second.rolled.map((f: { patternClass: string }) => f.patternClass)).toEqual(first.rolled.map((f: { patternClass: string }) => f.patternClass));
    expect(readFileSync(join(dir, 'persons', '0001-finger3.png')).equals(readFileSync(join(out, 'persons', '0001-finger3.png')))).toBe(false);
  });

  it('gives the same bytes for the same seed', { timeout: 180_000 }, async () => {
    const again = join(root, 'b');
    const r = await afis('synth', '--subjects', '2', '--impressions', '2', '--style', 'mixed', '--altered', '0.3', '--seed', '5', '--threads', '1', '--out', again);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['1_1.png', '2_2.png', 'truth/2_1.json', 'persons/0001.an2']) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
    }
  });

  // --master (the master prints' settings) and --impression (the impressions'): the defaults spelled out give the
  // same bytes, another value others, and the settings given are recorded in synth.json
  for (const { flag, key, spelled, other, sameTruth } of [
    {
      flag: '--master', key: 'master', other: '{"periodMean":9}', sameTruth: false,
      spelled: { coreHairpin: SYNTHETIC_IMAGE_PARAMETERS.coreHairpin, loopArmsDown: SYNTHETIC_IMAGE_PARAMETERS.loopArmsDown },
    },
    {
      // the sensor's noise form: the truth (where the minutiae are) does not depend on it
      flag: '--impression', key: 'impression', other: '{"noiseGrain":1.2,"sensorNoiseShare":0.1}', sameTruth: true,
      spelled: { noiseGrain: SYNTHETIC_IMPRESSION_PARAMETERS.noiseGrain, sensorNoiseShare: SYNTHETIC_IMPRESSION_PARAMETERS.sensorNoiseShare },
    },
  ]) {
    it(`${flag} sets ${key} settings: the defaults spelled out give the same bytes, another value others`, { timeout: 180_000 }, async () => {
      const plain = await synthInto(`${key}0`, 1);
      const pinned = await synthInto(`${key}1`, 1, flag, JSON.stringify(spelled));
      const changed = await synthInto(`${key}2`, 1, flag, other);
      const bytes = (dir: string, f: string) => readFileSync(join(dir, f));
      expect(bytes(pinned, '1_1.png').equals(bytes(plain, '1_1.png'))).toBe(true);
      expect(bytes(changed, '1_1.png').equals(bytes(plain, '1_1.png'))).toBe(false);
      if (sameTruth) expect(bytes(changed, 'truth/1_1.json').equals(bytes(plain, 'truth/1_1.json'))).toBe(true);
      expect(JSON.parse(readFileSync(join(pinned, 'synth.json'), 'utf8'))[key]).toEqual(spelled);
      expect(JSON.parse(readFileSync(join(changed, 'synth.json'), 'utf8'))[key]).toEqual(JSON.parse(other));
      expect(JSON.parse(readFileSync(join(plain, 'synth.json'), 'utf8'))[key]).toBeUndefined();
    });
  }

  it('--plain-contact sets the series\' plain contact: the default spelled out gives the same bytes, a larger one a larger print', { timeout: 180_000 }, async () => {
    const run = (name: string, ...extra: string[]) => synthInto(name, 2, ...extra);
    const [w, h] = SYNTHETIC_IMPRESSION_PARAMETERS.plainContact;
    const plain = await run('c0');
    const spelled = await run('c1', '--plain-contact', `${w},${h}`);
    const small = await run('c2', '--plain-contact', '0.6,0.6');
    const large = await run('c3', '--plain-contact', '1.1,1.1');
    const maskBlocks = (dir: string, f: string): number => (JSON.parse(readFileSync(join(dir, 'truth', f), 'utf8')) as { mask: { rows: string[] } }).mask.rows.join('').split('').filter((c) => c === '1').length;
    for (const f of ['1_1', '1_2']) {
      expect(readFileSync(join(spelled, `${f}.png`)).equals(readFileSync(join(plain, `${f}.png`))), f).toBe(true);
      expect(maskBlocks(large, `${f}.json`), f).toBeGreaterThan(maskBlocks(small, `${f}.json`) * 1.3);
    }
    expect(JSON.parse(readFileSync(join(large, 'synth.json'), 'utf8')).plainContact).toEqual([1.1, 1.1]);
    expect(JSON.parse(readFileSync(join(plain, 'synth.json'), 'utf8')).plainContact).toBeUndefined();
  });

  it('a synthetic person goes through POST /v1/transactions', { timeout: 180_000 }, async () => {
    const test = await startTestApp({ AFIS_API_KEYS: 'desk:desk-key-synth' });
    try {
      const r = await test.app.inject({
        method: 'POST', url: '/v1/transactions?category=1&memberState=BE',
        headers: { authorization: 'Bearer desk-key-synth', 'content-type': 'application/vnd.ansi-nist' },
        payload: readFileSync(join(out, 'persons', '0001.an2')),
      });
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json().quality.map((q: { position: number }) => q.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await test.runtime.service.whenIdle();
    } finally {
      await test.close();
    }
  });

  for (const args of [
    ['--subjects', '0', '--out', join(root, 'x')],
    ['--subjects', '2', '--style', 'pencil', '--out', join(root, 'x')],
    ['--subjects', '2', '--seed', '-1', '--out', join(root, 'x')],
    ['--subjects', '2', '--impressions', 'many', '--out', join(root, 'x')],
    ['--subjects', '2', '--format', 'jpeg', '--out', join(root, 'x')],
    ['--subjects', '2', '--altered', '1.5', '--out', join(root, 'x')],
    ['--subjects', '2', '--encounter', '0', '--out', join(root, 'x')],
    ['--subjects', '2', '--slaps', '--no-persons', '--out', join(root, 'x')],
    ['--subjects', '2', '--master', 'hairpin', '--out', join(root, 'x')],
    ['--subjects', '2', '--master', '{"noSuchSetting":1}', '--out', join(root, 'x')],
    ['--subjects', '2', '--master', '{"coreHairpin":"1"}', '--out', join(root, 'x')],
    ['--subjects', '2', '--impression', '{"noSuchSetting":1}', '--out', join(root, 'x')],
    ['--subjects', '2', '--impression', '[1]', '--out', join(root, 'x')],
    ['--subjects', '2', '--plain-contact', '0.95', '--out', join(root, 'x')],
    ['--subjects', '2', '--plain-contact', '0.95,0.92,0.9', '--out', join(root, 'x')],
    ['--subjects', '2', '--plain-contact', '0,0.92', '--out', join(root, 'x')],
    ['--subjects', '2', '--plain-contact', '0.95,2', '--out', join(root, 'x')],
    ['--subjects', '2', '--plain-contact', 'wide,tall', '--out', join(root, 'x')],
    ['--subjects', '2', '--plain-contact', '0.95,', '--out', join(root, 'x')],
    ['--subjects', '2'],
  ]) {
    it(`exits 2 on a usage mistake: ${args.join(' ')}`, async () => {
      const r = await afis('synth', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
