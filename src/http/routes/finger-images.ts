import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AfisError, type GrayImage } from '../../core/index.js';
import type { Template } from '../../templates/index.js';
import { compareTemplatesDetailed, prepareTemplate } from '../../matching/index.js';
import { MAX_RENDER_SCALE, renderFingerImage, type PairLabels } from '../../render/index.js';
import { requireRole } from '../auth.js';
import { errorResponses } from '../schemas.js';

/** One stored finger as the image routes need it: the decoded image and the template the matcher used. */
export interface FingerForDisplay {
  /** The finger image at the resolution its template refers to (500 ppi after capture decoding). */
  readonly image: GrayImage;
  /** The template stored with the finger: the one the 1:N search and the examiner's comparison use. */
  readonly template: Template;
  /** The finger's quality 0–100 as measured at intake (sent as `x-finger-quality`). */
  readonly quality?: number;
}

/** Which transaction and which gallery record an examination compares. */
export interface ExaminationLink {
  readonly transactionId: string;
  readonly candidateReference: string;
}

/**
 * Where the image routes read fingers from. `main.ts`/`app.ts` build it over the stores (see
 * `createStoreFingerSource` in `src/ui/`); tests may give their own.
 */
export interface FingerImageSource {
  /** A finger of a transaction's capture; undefined when the transaction or finger does not exist. */
  transactionFinger(transactionId: string, position: number): Promise<FingerForDisplay | undefined>;
  /**
   * The API key id (`Principal.keyId`) that submitted the transaction, so a desk sees only its
   * own; undefined when the transaction does not exist or its submitter is not recorded.
   */
  transactionOwner(transactionId: string): Promise<string | undefined>;
  /** A finger of a stored gallery record; undefined when absent (or erased). */
  recordFinger(referenceNumber: string, position: number): Promise<FingerForDisplay | undefined>;
  /**
   * A finger of an examination's candidate that is not in our store (a central Eurodac hit: its
   * prints came with the reply); undefined when the examination has none for `referenceNumber`.
   */
  examinationCandidateFinger?(examinationId: string, referenceNumber: string, position: number): Promise<FingerForDisplay | undefined>;
  /** The transaction and candidate an examination compares; undefined when there is no such examination. */
  examination(examinationId: string): Promise<ExaminationLink | undefined>;
  /**
   * Logs that a person viewed a finger (biometric data): called once per image served, before it
   * is sent. Absent: views are not logged.
   */
  recordView?(view: FingerImageView): Promise<void>;
}

/** One served finger image, for the audit log. */
export interface FingerImageView {
  /** The API key id of the viewer. */
  readonly actor: string;
  readonly role: string;
  readonly purpose: string;
  readonly action: 'finger-image.transaction' | 'finger-image.record';
  /** `<transaction id or reference number>/<position>`. */
  readonly target: string;
  readonly outcome: 'shown';
  readonly details?: { readonly examinationId?: string; readonly overlay?: string };
}

// Path and query values arrive as strings and the app does not coerce types: patterns, then parsed.
const Position = Type.String({ pattern: '^(?:[1-9]|1[0-5])$', description: 'ANSI/NIST finger position: 1 right thumb … 10 left little; 11–15 plain thumbs and slaps' });

const ImageQuery = Type.Object(
  {
    overlay: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('minutiae')], { description: '`minutiae` draws the stored template over the image', default: 'none' })),
    pairedWith: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'an examination id: colours and numbers the minutiae paired between its probe and candidate on this finger' }),
    ),
    examination: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'an examination id whose candidate this record is: a hit of the central Eurodac system is shown from the prints its reply brought (they are not in our store)' }),
    ),
    scale: Type.Optional(Type.String({ pattern: `^[1-${MAX_RENDER_SCALE}]$`, description: `output pixels per image pixel, 1–${MAX_RENDER_SCALE} (default 1)` })),
  },
  { additionalProperties: false },
);
type ImageQueryT = Static<typeof ImageQuery>;

const TransactionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }), position: Position }, { additionalProperties: false });
const RecordParams = Type.Object({ referenceNumber: Type.String({ minLength: 1, maxLength: 64 }), position: Position }, { additionalProperties: false });

/** The image as PNG bytes (documented as `image/png`; a Buffer is sent as is, never serialised). */
const PngResponse = {
  description: 'the finger as PNG; headers x-minutiae-count, x-paired-minutiae (with pairedWith), x-finger-quality',
  content: { 'image/png': { schema: Type.String({ format: 'binary' }) } },
};

const imageSchema = (params: typeof TransactionParams | typeof RecordParams, summary: string) => ({
  tags: ['images'],
  summary,
  description:
    'The stored finger image as PNG. `overlay=minutiae` draws the minutiae of the template the matcher used: endings as circles, ' +
    'bifurcations as squares, each with a direction tick. With `pairedWith=<examination id>` the minutiae paired between the ' +
    "examination's probe and candidate on this finger are coloured and numbered alike on both images.",
  params,
  querystring: ImageQuery,
  response: { 200: PngResponse, ...errorResponses },
});

/**
 * `GET /v1/transactions/:id/fingers/:position/image` (examiner; desk for its own transactions) and
 * `GET /v1/records/:referenceNumber/fingers/:position/image` (examiner): a finger as PNG for people,
 * optionally with its minutiae and the paired minutiae of an examination drawn over it.
 * Rendering costs a few milliseconds per finger; the pairing of `pairedWith` is recomputed by the
 * matcher (tens of microseconds), so it always shows what the matcher pairs for these templates.
 */
export async function fingerImageRoutes(app: FastifyInstance, opts: { source: FingerImageSource }): Promise<void> {
  const { source } = opts;

  app.get<{ Params: Static<typeof TransactionParams>; Querystring: ImageQueryT }>(
    '/v1/transactions/:id/fingers/:position/image',
    { schema: imageSchema(TransactionParams, "a finger of a transaction's capture, as PNG"), onRequest: requireRole('examiner', 'desk') },
    async (request, reply) => {
      const { id } = request.params;
      const position = Number(request.params.position);
      if (request.principal!.role === 'desk') await checkDeskOwns(request, source, id);
      const finger = await source.transactionFinger(id, position);
      if (!finger) throw new AfisError('AFIS_NOT_FOUND', `transaction ${id} has no finger image at position ${position}`);
      let pairs: PairLabels | undefined;
      if (request.query.pairedWith !== undefined) {
        const link = await findExamination(source, request.query.pairedWith);
        if (link.transactionId !== id) throw new AfisError('AFIS_BAD_REQUEST', `examination ${request.query.pairedWith} does not concern transaction ${id}`);
        const candidate = await source.recordFinger(link.candidateReference, position)
          ?? await source.examinationCandidateFinger?.(request.query.pairedWith, link.candidateReference, position);
        pairs = candidate ? pairLabels(finger.template, candidate.template).probe : new Map();
      }
      await logView(source, request, 'finger-image.transaction', `${id}/${position}`);
      return sendPng(reply, finger, request.query, pairs);
    },
  );

  app.get<{ Params: Static<typeof RecordParams>; Querystring: ImageQueryT }>(
    '/v1/records/:referenceNumber/fingers/:position/image',
    { schema: imageSchema(RecordParams, 'a finger of a stored record, as PNG'), onRequest: requireRole('examiner') },
    async (request, reply) => {
      const { referenceNumber } = request.params;
      const position = Number(request.params.position);
      const examinationId = request.query.examination ?? request.query.pairedWith;
      const finger = await source.recordFinger(referenceNumber, position)
        ?? (examinationId === undefined ? undefined : await source.examinationCandidateFinger?.(examinationId, referenceNumber, position));
      if (!finger) throw new AfisError('AFIS_NOT_FOUND', `record ${referenceNumber} has no finger image at position ${position}`);
      let pairs: PairLabels | undefined;
      if (request.query.pairedWith !== undefined) {
        const link = await findExamination(source, request.query.pairedWith);
        if (link.candidateReference !== referenceNumber) {
          throw new AfisError('AFIS_BAD_REQUEST', `examination ${request.query.pairedWith} does not concern record ${referenceNumber}`);
        }
        const probe = await source.transactionFinger(link.transactionId, position);
        pairs = probe ? pairLabels(probe.template, finger.template).candidate : new Map();
      }
      await logView(source, request, 'finger-image.record', `${referenceNumber}/${position}`);
      return sendPng(reply, finger, request.query, pairs);
    },
  );
}

async function logView(
  source: FingerImageSource,
  request: FastifyRequest<{ Querystring: ImageQueryT }>,
  action: FingerImageView['action'],
  target: string,
): Promise<void> {
  if (!source.recordView) return;
  const p = request.principal!;
  const q = request.query;
  await source.recordView({
    actor: p.keyId, role: p.role, purpose: p.role === 'examiner' ? 'hit verification' : 'capture quality check', action, target, outcome: 'shown',
    ...(q.pairedWith !== undefined || q.overlay !== undefined
      ? { details: { ...(q.pairedWith === undefined ? {} : { examinationId: q.pairedWith }), ...(q.overlay === undefined ? {} : { overlay: q.overlay }) } }
      : {}),
  });
}

async function checkDeskOwns(request: FastifyRequest, source: FingerImageSource, transactionId: string): Promise<void> {
  const owner = await source.transactionOwner(transactionId);
  // An unknown owner is refused too: a desk sees only what it can be shown to have sent. Another
  // desk's transaction answers like an unknown one, so a desk cannot learn that an id exists.
  if (owner === undefined || owner !== request.principal!.keyId) {
    throw new AfisError('AFIS_TRANSACTION_NOT_FOUND', `no transaction ${JSON.stringify(transactionId.slice(0, 80))} of this desk`);
  }
}

async function findExamination(source: FingerImageSource, id: string): Promise<ExaminationLink> {
  const link = await source.examination(id);
  if (!link) throw new AfisError('AFIS_EXAMINATION_NOT_FOUND', `no examination ${id}`);
  return link;
}

/**
 * The matcher's pairing of two templates as pair numbers on each side. Pairs are numbered from
 * the best supported down, so number 1 is the strongest correspondence.
 */
export function pairLabels(probe: Template, candidate: Template): { probe: PairLabels; candidate: PairLabels } {
  const detail = compareTemplatesDetailed(prepareTemplate(probe), prepareTemplate(candidate));
  const ordered = [...detail.pairs].sort((a, b) => b.support - a.support || a.probe - b.probe);
  const p = new Map<number, number>();
  const c = new Map<number, number>();
  ordered.forEach((pair, i) => {
    p.set(pair.probe, i + 1);
    c.set(pair.candidate, i + 1);
  });
  return { probe: p, candidate: c };
}

async function sendPng(
  reply: import('fastify').FastifyReply,
  finger: FingerForDisplay,
  query: ImageQueryT,
  pairs: PairLabels | undefined,
): Promise<unknown> {
  const png = await renderFingerImage(finger.image, {
    scale: query.scale === undefined ? 1 : Number(query.scale),
    ...(query.overlay === 'minutiae' || pairs ? { template: finger.template } : {}),
    ...(pairs ? { pairs } : {}),
  });
  // Biometric data: never cached by shared caches, and not kept by the browser beyond the session.
  void reply.header('cache-control', 'private, no-store').header('x-minutiae-count', String(finger.template.minutiae.length));
  if (finger.quality !== undefined) void reply.header('x-finger-quality', String(Math.round(finger.quality)));
  if (pairs) void reply.header('x-paired-minutiae', String(pairs.size));
  return reply.type('image/png').send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
}
