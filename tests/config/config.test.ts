import { describe, expect, it } from 'vitest';
import { AfisError } from '../../src/core/index.js';
import { loadConfig, parseApiKeys } from '../../src/config/index.js';

function configError(env: Record<string, string>, overrides = {}): string {
  try {
    loadConfig(env, overrides);
  } catch (err) {
    expect(err).toBeInstanceOf(AfisError);
    expect((err as AfisError).code).toBe('AFIS_CONFIG_INVALID');
    return (err as AfisError).message;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('has the contract defaults: 127.0.0.1:8080, embedded store in ./data, regime 603/2013', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(8080);
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.redisUrl).toBeUndefined();
    expect(c.regime).toBe('603/2013');
    expect(c.memberState).toBe('BE');
    expect(c.bodyLimitBytes).toBe(50 * 1024 * 1024);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes flags over environment variables', () => {
    const c = loadConfig({ PORT: '9000', AFIS_REDIS_URL: 'redis://127.0.0.1:6379' }, { port: '9100', dataDir: '/tmp/x' });
    expect(c.port).toBe(9100);
    expect(c.dataDir).toBe('/tmp/x');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('names the variable of a bad value', () => {
    expect(configError({ PORT: 'eighty' })).toContain('PORT');
    expect(configError({ PORT: '70000' })).toContain('PORT');
    expect(configError({ AFIS_REGIME: '2013' })).toContain('AFIS_REGIME');
    expect(configError({ AFIS_MEMBER_STATE: 'Belgium' })).toContain('AFIS_MEMBER_STATE');
    expect(configError({ AFIS_REDIS_URL: 'localhost:6379' })).toContain('AFIS_REDIS_URL');
    expect(configError({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL');
    expect(configError({ AFIS_API_KEYS: 'janitor:abcdefgh12' })).toContain('roles');
  });

  it('gives the extraction workers a 96 MB young generation unless AFIS_EXTRACTION_YOUNG_MB says otherwise (0: V8\'s own; extspeed)', () => {
    expect(loadConfig({}).extractionYoungMb).toBe(96);
    expect(loadConfig({ AFIS_EXTRACTION_YOUNG_MB: '0' }).extractionYoungMb).toBe(0);
    expect(loadConfig({ AFIS_EXTRACTION_YOUNG_MB: '128' }).extractionYoungMb).toBe(128);
    expect(configError({ AFIS_EXTRACTION_YOUNG_MB: '-1' })).toContain('AFIS_EXTRACTION_YOUNG_MB');
    expect(configError({ AFIS_EXTRACTION_YOUNG_MB: 'lots' })).toContain('AFIS_EXTRACTION_YOUNG_MB');
  });

  it('parses API keys with roles', () => {
    expect(parseApiKeys('desk:KEY1-abcdef, examiner:KEY2-abcdef')).toEqual([
      { role: 'desk', key: 'KEY1-abcdef' },
      { role: 'examiner', key: 'KEY2-abcdef' },
    ]);
    expect(() => parseApiKeys('desk:short')).toThrow(/shorter/);
    expect(() => parseApiKeys('desk:same-key-1,police:same-key-1')).toThrow(/twice/);
  });
});
