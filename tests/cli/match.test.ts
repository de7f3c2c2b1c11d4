import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/context.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import { readFileSync } from 'node:fs';
import { FIXTURES, SFINGE_IMAGES, SHARED_DATA, itWithData } from '../helpers/data.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';

const DATA = FIXTURES;
const ISO = `${DATA}iso19794-2/fvc2002-secugen/DB1_B/`;

function io(): CliIo & { out: string; err: string } {
  const r = { out: '', err: '', exitCode: 0, stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t) };
  return r;
}

describe('afis match', () => {
  it('prints the score of two ISO templates and what it means', async () => {
    const o = io();
    expect(await runCli(['match', `${ISO}101_1.iso`, `${ISO}101_2.iso`], o)).toBe(0);
    const [first, second] = o.out.trim().split('\n');
    expect(Number(first)).toBeGreaterThan(0);
    expect(second).toMatch(/FMR/);
  });

  it('reads our binary form and JSON, and agrees with the ISO reading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-match-'));
    const t = isoToTemplate(readFileSync(`${ISO}101_1.iso`));
    writeFileSync(join(dir, 'a.aft'), encodeTemplate(t));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(t));
    const scores: number[] = [];
    for (const f of [`${ISO}101_1.iso`, join(dir, 'a.aft'), join(dir, 'a.json')]) {
      const o = io();
      expect(await runCli(['match', f, `${ISO}101_3.iso`, '--json'], o)).toBe(0);
      const r = JSON.parse(o.out);
      expect(r.fmr).toBeGreaterThan(0);
      expect(r.fmrRefused).toBeNull();
      expect(r.pairs.length).toBeGreaterThan(3);
      scores.push(r.score);
    }
    expect(Math.abs(scores[1] - scores[0])).toBeLessThan(0.1 * scores[0]);
    expect(scores[2]).toBe(scores[0]);
  });

  it('compares images through capture decoding and extraction', async () => {
    // synthetic fingers: 101_1 and 101_2 are one finger, 102_1 another
    const [probe, mate, other102] = [SFINGE_IMAGES[0]!, SFINGE_IMAGES[1]!, SFINGE_IMAGES[2]!];
    const same = io();
    expect(await runCli(['match', probe, mate], same)).toBe(0);
    const other = io();
    expect(await runCli(['match', probe, other102], other)).toBe(0);
    expect(Number(same.out.split('\n')[0])).toBeGreaterThan(Number(other.out.split('\n')[0]));
  });

  it('claims no FMR for a pair whose smaller template has too few minutiae, with the score unchanged', async () => {
    // in-test templates: 10 minutiae, and the same 10 with 25 more around them (one finger,
    // so the pair scores above 0); and two unrelated templates of 35
    const walk = (seed: number) => { let s = seed; return (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648); };
    const minutiae = (n: number, seed: number) => {
      const next = walk(seed);
      return Array.from({ length: n }, () => ({ x: Math.round(20 + next() * 260), y: Math.round(20 + next() * 360), angle: next() * 2 * Math.PI, type: next() < 0.5 ? 'ending' : 'bifurcation', quality: 80 }));
    };
    const small = minutiae(10, 7);
    const tpl = (m: unknown[]) => JSON.stringify({ width: 300, height: 400, ppi: 500, quality: 80, minutiae: m });
    const dir = mkdtempSync(join(tmpdir(), 'afis-match-'));
    writeFileSync(join(dir, 'small.json'), tpl(small));
    writeFileSync(join(dir, 'large.json'), tpl([...small, ...minutiae(25, 8)]));
    writeFileSync(join(dir, 'other.json'), tpl(minutiae(35, 9)));
    const o = io();
    expect(await runCli(['match', join(dir, 'small.json'), join(dir, 'large.json'), '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.score).toBeGreaterThan(0);
    expect(r.fmr).toBeNull();
    expect(r.fmrRefused).toEqual({ reason: 'too-few-minutiae', minutiae: 10, required: MATCHING_PARAMETERS.fmrClaimMinMinutiae });
    expect(r.measured).toBe(false);
    expect(r.minutiae).toEqual([10, 35]);
    expect(r.thresholds.length).toBe(4);
    const text = io();
    expect(await runCli(['match', join(dir, 'large.json'), join(dir, 'small.json')], text)).toBe(0);
    const [first, second] = text.out.trim().split('\n');
    expect(Number(first)).toBeGreaterThan(0);
    expect(second).toMatch(new RegExp(`no FMR claimed: fewer than ${MATCHING_PARAMETERS.fmrClaimMinMinutiae} minutiae in the smaller template \\(10\\): the calibration measured too few impostor pairs there`));
    expect(second).not.toMatch(/FMR ≈|FMR below/);
    // a pair of 35 and 35 is claimed as before
    const claimed = io();
    expect(await runCli(['match', join(dir, 'large.json'), join(dir, 'other.json'), '--json'], claimed)).toBe(0);
    const c = JSON.parse(claimed.out);
    expect(typeof c.fmr).toBe('number');
    expect(c.fmrRefused).toBeNull();
  });

  it('names the file and exits 2 on a missing or unreadable file', async () => {
    const o = io();
    expect(await runCli(['match', '/nonexistent/x.iso', `${ISO}101_2.iso`], o)).toBe(2);
    expect(o.err).toMatch(/\/nonexistent\/x\.iso/);
    expect(o.err.trim().split('\n')).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'afis-match-'));
    writeFileSync(join(dir, 'bad.json'), '{"minutiae": [{"x": -1}]}');
    const o2 = io();
    expect(await runCli(['match', join(dir, 'bad.json'), `${ISO}101_2.iso`], o2)).toBe(2);
    expect(o2.err).toMatch(/bad\.json/);
    const o3 = io();
    expect(await runCli(['match', `${DATA}iso19794-2/invalid/101_1_truncate_1_byte.iso`, `${ISO}101_2.iso`], o3)).toBe(2);
  });
});

describe('afis bench match', () => {
  it('reports comparisons per second on one thread, on synthetic templates by default', async () => {
    const o = io();
    expect(await runCli(['bench', 'match', '--json', '--per-set', '3', '--seconds', '1'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r.threads).toBe(1);
    expect(r.templates).toBe(12);
    expect(r.source).toBe('synthetic');
    expect(r.data).toMatch(/^synthetic templates/);
    expect(r.comparisonsPerSecond).toBeGreaterThan(0);
  });

  it('refuses --iso without --data, with one line and exit 2', async () => {
    const o = io();
    expect(await runCli(['bench', 'match', '--iso'], o)).toBe(2);
    expect(o.err).toMatch(/--iso needs --data/);
  });

  itWithData('measures the SecuGen templates of the data folder with --data --iso', async () => {
    const o = io();
    expect(await runCli(['bench', 'match', '--json', '--iso', '--data', SHARED_DATA, '--per-set', '3', '--seconds', '1'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect([r.source, r.templates]).toEqual(['iso', 12]);
    expect(r.data).toContain(SHARED_DATA);
  });
});
