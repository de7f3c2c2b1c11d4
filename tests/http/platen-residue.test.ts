/**
 * A capture taken on a platen that keeps a latent print, through HTTP as a desk sends it: the 202's
 * advice starts with the platen (wipe it), and the alteration check's flags on its fingers are
 * withheld (a burnt finger's among them), so its no-hit is not routed as altered prints. A clean
 * capture gets neither (bench/RESULTS.md, issue 12, "latentwipe" and "latentalter").
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { multipartBody } from '../helpers/multipart.js';
import { personFinger, type Person } from '../helpers/persons.js';
import { alterFinger } from '../../bench/alteration/alter-finger.mjs';
import { seededRandom } from '../../bench/segmentation/compose-slap.mjs';

const DESK = { authorization: 'Bearer desk-key-platen' };

interface Answer {
  readonly recapture: ReadonlyArray<{ readonly target: string; readonly position: number; readonly reasons: readonly string[]; readonly message: string }>;
  readonly alteration?: ReadonlyArray<{ readonly position: number; readonly score: number; readonly altered: boolean; readonly withheld?: string }>;
}

async function capture(person: Person, impression: number, ghost: boolean): Promise<Array<[string, Uint8Array]>> {
  return Promise.all(Array.from({ length: 10 }, async (_, i) => {
    const bytes = personFinger(person, i + 1, impression);
    if (!ghost) return [`finger-${i + 1}`, bytes] as [string, Uint8Array];
    // fingers 4 and 8 carry a burn (bench/alteration/alter-finger.mjs), so the check has something
    // to flag on a platen whose residue withholds it; then the `ghost` perturbation: one synthetic
    // finger's latent darkens every image at the same place
    const decoded = await decodeCapture(bytes);
    const finger = i === 3 || i === 7 ? alterFinger(decoded, 'obliteration', seededRandom(5)) : decoded;
    const image = perturbImage(finger, 'ghost', 60 + i).image;
    const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).withMetadata({ density: 500 }).png().toBuffer();
    return [`finger-${i + 1}`, new Uint8Array(png)] as [string, Uint8Array];
  }));
}

describe('a capture on a platen with a latent print, through HTTP', () => {
  let test: TestApp;
  const answers = new Map<string, Answer>();
  beforeAll(async () => {
    test = await startTestApp({ AFIS_API_KEYS: 'desk:desk-key-platen' });
    for (const [name, person, impression, ghost] of [['ghost', 'B', 4, true], ['clean', 'A', 3, false]] as const) {
      const { body, headers } = multipartBody({ category: 1, memberState: 'BE' }, await capture(person, impression, ghost), DESK);
      const r = await test.app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
      expect(r.statusCode, r.body).toBe(202);
      answers.set(name, r.json() as Answer);
      await test.runtime.service.whenIdle();
    }
  }, 120_000);
  afterAll(async () => {
    await test?.close();
  });

  it('advises the platen first, and withholds the alteration flags its latent raises', () => {
    const ghost = answers.get('ghost')!;
    expect(ghost.recapture[0]).toMatchObject({ target: 'platen', position: 0, reasons: ['latent-residue'] });
    expect(ghost.recapture[0]!.message).toMatch(/^platen: a residue shows under every image \(\d+ % of the capture's area\)/);
    const alteration = ghost.alteration ?? [];
    expect(alteration).toHaveLength(10);
    expect(alteration.filter((a) => a.altered)).toEqual([]);
    // a burnt finger's flag (a score from 50) is withheld on a platen to be wiped, and named in the
    // answer (the latent's own ridges no longer raise flags since altfaint3, altopen and altstrong)
    const withheld = alteration.filter((a) => a.withheld === 'platen-residue');
    expect(withheld.map((a) => a.position)).toContain(4);
    for (const a of withheld) expect(a.score).toBeGreaterThanOrEqual(50);
  });

  it('advises nothing of the kind for a clean capture, and withholds nothing', () => {
    const clean = answers.get('clean')!;
    expect(clean.recapture.filter((r) => r.target === 'platen' || r.reasons.includes('latent-residue'))).toEqual([]);
    expect((clean.alteration ?? []).filter((a) => a.withheld !== undefined)).toEqual([]);
  });
});
