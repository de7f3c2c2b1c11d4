import { describe, expect, it } from 'vitest';
import { decodeSearchRequest, encodeSearchRequest } from '../../src/cluster/shard-messages.js';
import { validateTemplate, type Template } from '../../src/templates/index.js';
import { loopMap, tenPrint } from '../index/helpers.js';

describe('shard search requests', () => {
  it('carry a probe with its orientation map and valid area to the shard as it was (byte arrays included)', () => {
    const t = tenPrint(5, 2, 1)[0].template;
    const columns = Math.ceil(t.width / 16), rows = Math.ceil(t.height / 16);
    const withParts: Template = { ...t, orientationMap: loopMap(t.width, t.height, 16), validArea: { cell: 16, columns, rows, bits: Uint8Array.from({ length: Math.ceil((columns * rows) / 8) }, (_, i) => (i * 37) & 255) } };
    const fingers = [{ position: 1, template: withParts }, { position: 2, template: tenPrint(5, 2, 1)[1].template }];
    const back = decodeSearchRequest(encodeSearchRequest({ fingers, options: { maxCandidates: 5 }, priority: 'police', stopBitsGeneration: 2 }));
    expect(back).toEqual({ fingers, options: { maxCandidates: 5 }, priority: 'police', stopBitsGeneration: 2 });
    expect(back.fingers[0].template.orientationMap!.codes).toBeInstanceOf(Uint8Array);
    expect(back.fingers[0].template.validArea!.bits).toBeInstanceOf(Uint8Array);
    // what the shard's search does first
    expect(() => back.fingers.forEach((f) => validateTemplate(f.template))).not.toThrow();
  });

  it('refuses fingers that are not objects, and templates that are not ones', () => {
    const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
    expect(() => decodeSearchRequest(bytes({ fingers: [1] }))).toThrow(/without fingers/);
    expect(() => decodeSearchRequest(bytes({ fingers: [{ position: 1, template: { width: 10 } }] }))).toThrow(/not a template/);
  });
});
