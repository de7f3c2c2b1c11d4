import type { FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type {} from '@fastify/multipart';
import { AfisError } from '../core/errors.js';
import { decodeMessage, loadMessages } from '../messages/index.js';
import type { CaptureInput, FingerInput } from '../transactions/index.js';

/** Image encodings a finger may declare. */
export const FINGER_FORMATS = ['png', 'jpeg', 'tiff', 'bmp', 'wsq', 'raw'] as const;
export type FingerFormat = (typeof FINGER_FORMATS)[number];

const Position = Type.Integer({ minimum: 1, maximum: 15, description: 'ANSI/NIST finger position: 1 right thumb … 10 left little; 11–15 plain thumbs and slaps' });

export const FingerSchema = Type.Object(
  {
    position: Position,
    impression: Type.Optional(Type.Union([Type.Literal('rolled'), Type.Literal('plain')], { description: 'rolled when absent' })),
    image: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9+/=\\s]+$', description: 'the encoded image, base64' }),
    format: Type.Optional(Type.Union(FINGER_FORMATS.map((f) => Type.Literal(f)))),
    ppi: Type.Optional(Type.Integer({ minimum: 250, maximum: 2000 })),
    width: Type.Optional(Type.Integer({ minimum: 1, maximum: 8000 })),
    height: Type.Optional(Type.Integer({ minimum: 1, maximum: 8000 })),
  },
  { additionalProperties: false },
);

export const MissingFingerSchema = Type.Object(
  { position: Type.Integer({ minimum: 1, maximum: 10 }), reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** Metadata of a capture (everything but the images). */
export const CaptureMetadataSchema = Type.Object(
  {
    category: Type.Integer({ minimum: 1, maximum: 99, description: 'Eurodac category digit of the configured regime' }),
    memberState: Type.String({ pattern: '^[A-Z]{2}$' }),
    referenceNumber: Type.Optional(Type.String({ minLength: 3, maxLength: 64 })),
    sex: Type.Optional(Type.String({ maxLength: 16 })),
    capturedAt: Type.Optional(Type.String({ format: 'date-time' })),
    operatorId: Type.Optional(Type.String({ maxLength: 128 })),
    birthDate: Type.Optional(Type.String({ format: 'date' })),
    place: Type.Optional(Type.String({ maxLength: 200 })),
    missingFingers: Type.Optional(Type.Array(MissingFingerSchema, { maxItems: 10 })),
    sequenceOverride: Type.Optional(Type.Object(
      { reason: Type.String({ minLength: 3, maxLength: 500 }) },
      { additionalProperties: false, description: 'keep rolled fingers the sequence check found in the wrong boxes (audited)' },
    )),
  },
  { additionalProperties: false },
);

/** The JSON body of a capture: metadata plus fingers with base64 images. */
export const CaptureBodySchema = Type.Composite([
  CaptureMetadataSchema,
  Type.Object({ fingers: Type.Array(FingerSchema, { minItems: 1, maxItems: 25, description: 'rolled 1–10, plain 1–10 beside them, plain thumbs 11/12, slaps 13/14/15' }) }),
], { additionalProperties: false, $id: 'CaptureBody' });
export type CaptureBody = Static<typeof CaptureBodySchema>;

/** Content types a capture route accepts besides JSON. */
export const CAPTURE_CONTENT_TYPES = {
  protobuf: 'application/x-protobuf',
  ansiNist: 'application/vnd.ansi-nist',
  multipart: 'multipart/form-data',
} as const;

/** Reads the fingers of an ANSI/NIST-ITL transaction (injected: formats module). */
export type AnsiNistFingerReader = (bytes: Uint8Array) => Promise<FingerInput[]>;

export type { CaptureInput, FingerInput };

function decodeBase64(s: string, position: number): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 4 === 1) throw new AfisError('AFIS_VALIDATION', `finger ${position}: image is not valid base64`);
  const bytes = Buffer.from(clean, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** JSON body (already schema-validated by fastify) → CaptureInput. */
export function captureFromJson(body: CaptureBody): CaptureInput {
  const { fingers, missingFingers, ...meta } = body;
  return {
    ...meta,
    fingers: fingers.map((f) => ({
      position: f.position,
      impression: f.impression ?? 'rolled',
      image: decodeBase64(f.image, f.position),
      ...(f.format ? { format: f.format } : {}),
      ...(f.ppi ? { ppi: f.ppi } : {}),
      ...(f.width ? { width: f.width } : {}),
      ...(f.height ? { height: f.height } : {}),
    })),
    missingFingers: missingFingers ?? [],
  };
}

function checkMetadata(meta: unknown): Static<typeof CaptureMetadataSchema> {
  const err = Value.Errors(CaptureMetadataSchema, meta).First();
  if (err) throw new AfisError('AFIS_VALIDATION', `invalid capture metadata at ${err.path || '/'}: ${err.message}`);
  return meta as Static<typeof CaptureMetadataSchema>;
}

/** Protobuf `afis.v1.CaptureRequest` → CaptureInput. */
export async function captureFromProtobuf(bytes: Uint8Array): Promise<CaptureInput> {
  const m = await loadMessages();
  let msg: {
    category: number; memberState: string; referenceNumber: string; sex: string; capturedAtMs: number; operatorId: string;
    fingers: Array<{ position: number; impression: string; image: Uint8Array; format: string; ppi: number; width: number; height: number }>;
    missingFingers: Array<{ position: number; reason: string }>;
  };
  try {
    msg = decodeMessage(m.CaptureRequest, bytes);
  } catch {
    throw new AfisError('AFIS_BAD_REQUEST', 'the body is not a valid afis.v1.CaptureRequest protobuf message');
  }
  const meta = checkMetadata({
    category: msg.category,
    memberState: msg.memberState,
    ...(msg.referenceNumber ? { referenceNumber: msg.referenceNumber } : {}),
    ...(msg.sex ? { sex: msg.sex } : {}),
    ...(msg.capturedAtMs ? { capturedAt: new Date(msg.capturedAtMs).toISOString() } : {}),
    ...(msg.operatorId ? { operatorId: msg.operatorId } : {}),
    missingFingers: msg.missingFingers.map((f) => ({ position: f.position, reason: f.reason })),
  });
  if (msg.fingers.length === 0) throw new AfisError('AFIS_VALIDATION', 'the capture has no fingers');
  const fingers = msg.fingers.map((f) => {
    if (!Number.isInteger(f.position) || f.position < 1 || f.position > 15) throw new AfisError('AFIS_VALIDATION', `finger position ${f.position} is not 1–15`);
    if (f.format && !(FINGER_FORMATS as readonly string[]).includes(f.format)) throw new AfisError('AFIS_VALIDATION', `finger ${f.position}: unknown format ${f.format}`);
    return {
      position: f.position,
      impression: f.impression === 'PLAIN' ? ('plain' as const) : ('rolled' as const),
      image: f.image,
      ...(f.format ? { format: f.format } : {}),
      ...(f.ppi ? { ppi: f.ppi } : {}),
      ...(f.width ? { width: f.width } : {}),
      ...(f.height ? { height: f.height } : {}),
    };
  });
  return { ...meta, fingers, missingFingers: meta.missingFingers ?? [] };
}

/** Multipart names of the slaps → ANSI/NIST positions. */
const SLAP_PARTS: Readonly<Record<string, number>> = { 'slap-right': 13, 'slap-left': 14, 'slap-thumbs': 15 };

/**
 * Multipart capture: a `metadata` field holding the JSON metadata, and one file part per finger
 * named `finger-<position>` (rolled) or `finger-<position>-plain`, the slaps as `slap-right`,
 * `slap-left` and `slap-thumbs` (positions 13, 14, 15); the format is detected from the bytes
 * (raw grey is not accepted here: it needs its size).
 */
export async function captureFromMultipart(request: FastifyRequest): Promise<CaptureInput> {
  try {
    return await readMultipartCapture(request);
  } catch (err) {
    // the multipart reader's own refusals (no boundary, a body that ends mid-part, a malformed
    // part header) are plain Errors: the client's mistake, not ours; its limits keep their FST_ codes
    if (err instanceof AfisError || (typeof (err as { code?: unknown })?.code === 'string' && String((err as { code: string }).code).startsWith('FST_'))) throw err;
    throw new AfisError('AFIS_BAD_REQUEST', `the multipart body is malformed: ${String((err as Error)?.message ?? err).slice(0, 120)}`);
  }
}

async function readMultipartCapture(request: FastifyRequest): Promise<CaptureInput> {
  let metadata: unknown;
  const fingers: FingerInput[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname !== 'metadata') throw new AfisError('AFIS_VALIDATION', `unexpected multipart field "${part.fieldname}"`);
      try {
        metadata = JSON.parse(String(part.value));
      } catch {
        throw new AfisError('AFIS_VALIDATION', 'the metadata field is not JSON');
      }
      continue;
    }
    const slap = Object.hasOwn(SLAP_PARTS, part.fieldname) ? SLAP_PARTS[part.fieldname] : undefined;
    const m = /^finger-(\d{1,2})(?:-(rolled|plain))?$/.exec(part.fieldname);
    if (!m && slap === undefined) {
      throw new AfisError('AFIS_VALIDATION', `unexpected multipart file "${part.fieldname}" (name fingers finger-<position>[-plain], slaps slap-right, slap-left, slap-thumbs)`);
    }
    const image = await part.toBuffer();
    const bytes = new Uint8Array(image.buffer, image.byteOffset, image.length);
    fingers.push(slap !== undefined
      ? { position: slap, impression: 'plain', image: bytes }
      : { position: Number(m![1]), impression: m![2] === 'plain' ? 'plain' : 'rolled', image: bytes });
  }
  if (metadata === undefined) throw new AfisError('AFIS_VALIDATION', 'the multipart capture has no metadata field');
  const meta = checkMetadata(metadata);
  if (fingers.length === 0) throw new AfisError('AFIS_VALIDATION', 'the capture has no fingers');
  for (const f of fingers) if (f.position < 1 || f.position > 15) throw new AfisError('AFIS_VALIDATION', `finger position ${f.position} is not 1–15`);
  return { ...meta, fingers, missingFingers: meta.missingFingers ?? [] };
}

/**
 * ANSI/NIST-ITL transaction body: the fingers come from its Type-4/14 records; category,
 * member state and reference come from the query string (`?category=1&memberState=BE`).
 */
export async function captureFromAnsiNist(bytes: Uint8Array, query: Record<string, unknown>, read: AnsiNistFingerReader): Promise<CaptureInput> {
  const meta = checkMetadata({
    ...query,
    ...(query.category !== undefined ? { category: Number(query.category) } : {}),
  });
  const fingers = await read(bytes);
  if (fingers.length === 0) throw new AfisError('AFIS_VALIDATION', 'the ANSI/NIST transaction holds no finger image record');
  return { ...meta, fingers, missingFingers: meta.missingFingers ?? [] };
}
