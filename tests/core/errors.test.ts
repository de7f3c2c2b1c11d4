import { describe, expect, it } from 'vitest';
import { AfisError, CaptureError, ERROR_TABLE, ExtractionError, httpStatusOf, isErrorCode, isFailureToEnrol } from '../../src/core/index.js';
import { toErrorResponse } from '../../src/http/index.js';

describe('the error table', () => {
  const codes = Object.keys(ERROR_TABLE) as Array<keyof typeof ERROR_TABLE>;

  it("tells a failure to enrol (the capture's fault) from a system fault", () => {
    expect(isFailureToEnrol(new ExtractionError('AFIS_EXTRACTION_FAILED', 'no print'))).toBe(true);
    expect(isFailureToEnrol(new CaptureError('AFIS_CAPTURE_CORRUPT', 'bad bytes'))).toBe(true);
    expect(isFailureToEnrol(new ExtractionError('AFIS_MODEL_UNAVAILABLE', 'no model'))).toBe(false);
    expect(isFailureToEnrol(new AfisError('AFIS_INTERNAL', 'bug'))).toBe(false);
    expect(isFailureToEnrol(new Error('plain'))).toBe(false);
  });

  it('has stable, well-formed codes mapped to HTTP error statuses', () => {
    expect(codes.length).toBeGreaterThan(30);
    for (const code of codes) {
      expect(code).toMatch(/^AFIS_[A-Z0-9_]+$/);
      const { status, description } = ERROR_TABLE[code];
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(description.length).toBeGreaterThan(10);
      expect(httpStatusOf(code)).toBe(status);
      expect(isErrorCode(code)).toBe(true);
    }
    expect(httpStatusOf('AFIS_NO_SUCH_CODE')).toBe(500);
    expect(isErrorCode('AFIS_NO_SUCH_CODE')).toBe(false);
  });

  it('walks every code through the HTTP error mapping: 4xx keep the message, 5xx never show it', () => {
    for (const code of codes) {
      const secret = `secret detail of ${code} at /srv/afis/x.ts:12`;
      const { status, body } = toErrorResponse(new AfisError(code, secret, { field: 'x' }));
      expect(status).toBe(ERROR_TABLE[code].status);
      expect(body.code).toBe(code);
      if (status >= 500) {
        expect(body.message).not.toContain('secret');
        expect(body).not.toHaveProperty('details');
      } else {
        expect(body.message).toBe(secret);
        expect(body.details).toEqual({ field: 'x' });
      }
    }
  });

  it('hides unexpected errors behind AFIS_INTERNAL', () => {
    const { status, body, internal } = toErrorResponse(new TypeError('cannot read properties of undefined (reading "x")'));
    expect(status).toBe(500);
    expect(internal).toBe(true);
    expect(body).toEqual({ code: 'AFIS_INTERNAL', message: 'internal error; the incident is logged' });
  });

  it('keeps the subclass name and status on area errors', () => {
    const e = new CaptureError('AFIS_CAPTURE_TRUNCATED', 'PNG file ends inside its IDAT chunk');
    expect(e).toBeInstanceOf(AfisError);
    expect(e.name).toBe('CaptureError');
    expect(e.status).toBe(422);
  });
});
