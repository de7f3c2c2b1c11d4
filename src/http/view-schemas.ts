import { Type } from '@sinclair/typebox';

/** Response schemas of the transaction routes (they mirror the views of src/transactions). */

export const TransactionStatusSchema = Type.Union(['received', 'searching', 'awaiting-examiner', 'decided'].map((s) => Type.Literal(s)));

export const FingerScoreSchema = Type.Object({ position: Type.Integer(), score: Type.Number() });

export const FingerQualitySchema = Type.Object({
  position: Type.Integer(),
  score: Type.Number({ description: 'finger quality 0–100 (100 best)' }),
  accepted: Type.Boolean(),
});

const BoxSchema = Type.Object({ x: Type.Integer(), y: Type.Integer(), width: Type.Integer(), height: Type.Integer() }, { description: 'slap pixels at 500 ppi' });

export const SlapSchema = Type.Object({
  position: Type.Integer({ description: 'ANSI/NIST 13 right four, 14 left four, 15 both thumbs' }),
  confidence: Type.Number({ description: 'segmentation confidence 0–1; low → recapture the slap' }),
  missing: Type.Array(Type.Integer(), { description: 'fingers of this slap not found' }),
  fingers: Type.Array(Type.Object({ position: Type.Integer(), box: BoxSchema, angle: Type.Number({ description: 'radians from up, clockwise' }) })),
});

export const SequenceSchema = Type.Object({
  checked: Type.Array(Type.Integer()),
  confirmed: Type.Array(Type.Integer()),
  unconfirmed: Type.Array(Type.Integer(), { description: 'rolled prints matching no plain finger: recapture advised' }),
  swapped: Type.Array(Type.Array(Type.Integer()), { description: 'pairs kept despite looking swapped (override)' }),
  overridden: Type.Boolean(),
});

export const RecaptureAdviceSchema = Type.Object({
  target: Type.Union([Type.Literal('finger'), Type.Literal('slap'), Type.Literal('platen')]),
  position: Type.Integer({ description: 'finger 1–10, or slap 13 right four, 14 left four, 15 thumbs, or 0 for the platen (wipe it first)' }),
  required: Type.Boolean({ description: 'true: refused until recaptured; false: accepted, recapture advised while the person is there' }),
  reasons: Type.Array(Type.String(), { description: 'quality-below-minimum, no-fingerprint, low-quality, not-confirmed-by-slap, latent-residue, finger-slid, low-segmentation-confidence, finger-not-found' }),
  message: Type.String(),
});

export const AlterationSchema = Type.Object({
  position: Type.Integer(), score: Type.Integer({ description: '0–100: how altered the print looks; flagged from 50' }), altered: Type.Boolean(), signs: Type.Array(Type.String()),
  withheld: Type.Optional(Type.Literal('platen-residue', { description: 'the score reached the flag, but the capture shows the platen\'s residue (the desk advises a wipe): not flagged, and a no-hit is not routed as altered on it' })),
  regions: Type.Optional(Type.Array(Type.Object({
    sign: Type.String(),
    x: Type.Integer(), y: Type.Integer(), width: Type.Integer(), height: Type.Integer(),
    blockSize: Type.Integer({ description: 'side of each block, px' }),
    blocks: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()]), { description: 'top-left corners (x, y) of the blocks the sign was read on' }),
  }), { description: 'where each sign was read, in image pixels at 500 ppi: the largest stretch its feature measured (bounding box and blocks)' })),
});

export const CaptureAcceptedSchema = Type.Object({
  transactionId: Type.String(),
  referenceNumber: Type.String(),
  status: TransactionStatusSchema,
  quality: Type.Array(FingerQualitySchema),
  slaps: Type.Optional(Type.Array(SlapSchema)),
  sequence: Type.Optional(SequenceSchema),
  alteration: Type.Optional(Type.Array(AlterationSchema, { description: 'how altered each print looks (0–100, flagged from 50)' })),
  recapture: Type.Array(RecaptureAdviceSchema, { description: 'everything the desk should capture again and why, in one list (empty when all is well)' }),
});

export const HitSchema = Type.Object({
  referenceNumber: Type.String(),
  memberState: Type.String(),
  category: Type.Integer(),
  score: Type.Number({ description: 'fused similarity; see the README for its FMR meaning' }),
  confirmed: Type.Boolean(),
  marked: Type.Boolean(),
  capturedAt: Type.String(),
  fingerScores: Type.Array(FingerScoreSchema),
});

export const DublinSchema = Type.Object({
  requestType: Type.Integer({ description: '1 take charge, 2 take back, 3 information request' }),
  requestReference: Type.String(),
  otherReference: Type.String(),
});

export const ResultSchema = Type.Object({
  outcome: Type.Union([Type.Literal('hit'), Type.Literal('no-hit'), Type.Literal('rejected')], { description: 'rejected: the central Eurodac system refused the capture (see rejection); re-send it under the same reference before resendBefore' }),
  hits: Type.Array(HitSchema),
  route: Type.String(),
  dublin: Type.Optional(DublinSchema),
  decidedAt: Type.Optional(Type.String()),
  enrolledReferenceNumber: Type.Optional(Type.String()),
  rejectedHits: Type.Optional(Type.Integer()),
  alteredFingers: Type.Optional(Type.Array(Type.Integer(), { description: 'fingers that look altered; a no-hit with any is routed as such' })),
}, { additionalProperties: true });

export const TransactionViewSchema = Type.Object({
  transactionId: Type.String(),
  kind: Type.String(),
  status: TransactionStatusSchema,
  referenceNumber: Type.Optional(Type.String()),
  category: Type.Integer(),
  memberState: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  result: Type.Optional(ResultSchema),
  eurodac: Type.Optional(Type.Object({
    state: Type.Union(['waiting-transmission', 'awaiting-reply', 'answered', 'refused'].map((s) => Type.Literal(s))),
    transmitDueBy: Type.String({ description: 'the 72-hour transmission deadline' }),
    attempts: Type.Integer(),
    overdue: Type.Optional(Type.Union([Type.Literal('transmission'), Type.Literal('reply')], { description: 'a Eurodac deadline passed' })),
  }, { additionalProperties: true, description: 'where the capture stands with the central Eurodac system (only when the service transmits: AFIS_CENTRAL_URL)' })),
  alteration: Type.Optional(Type.Array(AlterationSchema, { description: 'how altered each print looked at intake, as the capture\'s answer said' })),
}, { additionalProperties: true });

export const CandidateSchema = Type.Object({
  subjectId: Type.String(),
  referenceNumber: Type.String(),
  memberState: Type.String(),
  category: Type.Integer(),
  score: Type.Number(),
  fingerScores: Type.Array(FingerScoreSchema),
  marked: Type.Boolean(),
  capturedAt: Type.String(),
  fpir: Type.Optional(Type.Number({ description: 'what the fused score means: the probability that an unrelated person in a gallery of gallerySize subjects scores this high (the candidate\'s FPIR)' })),
  fingersCompared: Type.Optional(Type.Integer({ description: 'fingers compared on both sides' })),
  gallerySize: Type.Optional(Type.Integer({ description: 'subjects in the gallery the FPIR refers to' })),
  targetFpir: Type.Optional(Type.Number({ description: 'the FPIR at or below which a candidate is a hit' })),
});

export const ExaminationSchema = Type.Object({
  examinationId: Type.String(),
  transactionId: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('rejected')]),
  createdAt: Type.String(),
  candidate: CandidateSchema,
  decision: Type.Optional(Type.Object({
    decision: Type.Union([Type.Literal('confirmed'), Type.Literal('rejected')]),
    examinerId: Type.String(),
    decidedAt: Type.String(),
    comment: Type.Optional(Type.String()),
  })),
}, { additionalProperties: true });

export const MinutiaViewSchema = Type.Object({ x: Type.Number(), y: Type.Number(), angle: Type.Number(), type: Type.String(), quality: Type.Number() });
export const TemplateViewSchema = Type.Object({
  width: Type.Integer(), height: Type.Integer(), ppi: Type.Number(), quality: Type.Number(), minutiae: Type.Array(MinutiaViewSchema),
});

export const ComparedFingerSchema = Type.Object({
  position: Type.Integer(),
  probe: Type.Optional(Type.Object({ template: TemplateViewSchema, imageUrl: Type.Optional(Type.String()) })),
  candidate: Type.Optional(Type.Object({ template: TemplateViewSchema, imageUrl: Type.Optional(Type.String()) })),
  score: Type.Union([Type.Number(), Type.Null()]),
  pairs: Type.Optional(Type.Array(Type.Object({ probe: Type.Integer(), candidate: Type.Integer() }))),
  inPlace: Type.Optional(Type.Integer({ description: 'probe minutiae lying on the candidate\'s in place, without alignment (images of one size)' })),
  residueSuspected: Type.Optional(Type.Boolean({ description: 'inPlace reaches latentMinRepeats: the hit may come from the candidate\'s residue on the platen or one image submitted twice' })),
});

export const ExaminationDetailSchema = Type.Intersect([ExaminationSchema, Type.Object({ fingers: Type.Array(ComparedFingerSchema), alteration: Type.Optional(Type.Array(AlterationSchema)) })]);

export const PoliceResultSchema = Type.Object({
  outcome: Type.Union([Type.Literal('hit'), Type.Literal('no-hit')]),
  route: Type.String(),
  hits: Type.Array(Type.Intersect([HitSchema, Type.Object({ status: Type.Object({ markedAt: Type.Optional(Type.String()), blockedAt: Type.Optional(Type.String()) }) })])),
});

export const VerificationResultSchema = Type.Object({
  referenceNumber: Type.String(),
  match: Type.Boolean(),
  score: Type.Number(),
  threshold: Type.Number(),
  fingerScores: Type.Array(FingerScoreSchema),
});

export const ImportResultSchema = Type.Object({
  imported: Type.Array(Type.Object({ referenceNumber: Type.String(), subjectId: Type.String(), replaced: Type.Boolean() })),
});

export const RecordStatusSchema = Type.Object({
  referenceNumber: Type.String(),
  memberState: Type.String(),
  category: Type.Integer(),
  capturedAt: Type.String(),
  retentionUntil: Type.Optional(Type.String()),
  markedAt: Type.Optional(Type.String()),
  blockedAt: Type.Optional(Type.String()),
  erasedAt: Type.Optional(Type.String()),
});
