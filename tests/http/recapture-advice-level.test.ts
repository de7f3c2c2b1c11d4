/**
 * The desk's recapture advice level is a site setting (AFIS_RECAPTURE_ADVICE_BELOW_QUALITY): the
 * same ten synthetic fingers are advised for recapture as `low-quality` exactly where their
 * quality is below the site's level, and a bad level stops the service from starting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { multipartBody } from '../helpers/multipart.js';
import { personFinger } from '../helpers/persons.js';

const DESK = { authorization: 'Bearer desk-key-advice' };
const fingers = Array.from({ length: 10 }, (_, i) => [`finger-${i + 1}`, personFinger('A', i + 1, 1)] as [string, Uint8Array]);

interface Answer {
  readonly quality: ReadonlyArray<{ readonly position: number; readonly score: number }>;
  readonly recapture: ReadonlyArray<{ readonly target: string; readonly position: number; readonly reasons: readonly string[] }>;
}

describe('the recapture advice level of a site', () => {
  const apps: TestApp[] = [];
  const answers = new Map<string, Answer>();
  beforeAll(async () => {
    for (const level of ['70', '100']) {
      const test = await startTestApp({ AFIS_API_KEYS: 'desk:desk-key-advice', AFIS_RECAPTURE_ADVICE_BELOW_QUALITY: level });
      apps.push(test);
      const { body, headers } = multipartBody({ category: 1, memberState: 'BE' }, fingers, DESK);
      const r = await test.app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
      expect(r.statusCode, r.body).toBe(202);
      answers.set(level, r.json() as Answer);
      await test.runtime.service.whenIdle();
    }
  }, 120_000);
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  const lowQuality = (a: Answer): number[] => a.recapture.filter((r) => r.target === 'finger' && r.reasons.includes('low-quality')).map((r) => r.position).sort((x, y) => x - y);
  const below = (a: Answer, level: number): number[] => a.quality.filter((q) => q.score < level).map((q) => q.position).sort((x, y) => x - y);

  it('advises exactly the fingers below the configured level', () => {
    const shipped = answers.get('70')!, strict = answers.get('100')!;
    expect(shipped.quality).toHaveLength(10);
    // the same prints give the same qualities whatever the level
    expect(strict.quality).toEqual(shipped.quality);
    expect(lowQuality(shipped)).toEqual(below(shipped, 70));
    expect(lowQuality(strict)).toEqual(below(strict, 100));
    // a synthetic finger is never perfect, so the strict site asks for more than the default one
    expect(lowQuality(strict).length).toBeGreaterThan(lowQuality(shipped).length);
  });

  it('refuses a level outside 0–100 or not a number, naming the variable', () => {
    for (const bad of ['101', '-1', 'high']) {
      expect(() => loadConfig({ AFIS_RECAPTURE_ADVICE_BELOW_QUALITY: bad })).toThrow(/AFIS_RECAPTURE_ADVICE_BELOW_QUALITY/);
    }
    expect(loadConfig({}).recaptureAdviceBelowQuality).toBe(70);
    expect(loadConfig({ AFIS_RECAPTURE_ADVICE_BELOW_QUALITY: '80' }).recaptureAdviceBelowQuality).toBe(80);
  });
});
