import type { EurodacRecord } from '../eurodac/index.js';
import type { SubjectRecord } from '../index/ports.js';
import type { Template } from '../templates/index.js';
import type { JsonObject } from './ports.js';
import type { CandidateView, RecordStatusView, TemplateView } from './types.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The Eurodac status fields of a stored subject (epoch ms → ISO). */
export function toEurodacRecord(s: SubjectRecord): EurodacRecord {
  return {
    referenceNumber: s.referenceNumber,
    memberState: s.memberState,
    category: s.category,
    takenAt: iso(s.capturedAt),
    ...(s.sentAt === undefined ? {} : { transmittedAt: iso(s.sentAt) }),
    ...(s.markedAt === undefined ? {} : { markedAt: iso(s.markedAt) }),
    ...(s.blockedAt === undefined ? {} : { blockedAt: iso(s.blockedAt) }),
    ...(s.erasedAt === undefined ? {} : { erasedAt: iso(s.erasedAt) }),
  };
}

export function toRecordStatusView(s: SubjectRecord, erasedAt?: number): RecordStatusView {
  const erased = erasedAt ?? s.erasedAt;
  return {
    referenceNumber: s.referenceNumber,
    memberState: s.memberState,
    category: s.category,
    capturedAt: iso(s.capturedAt),
    ...(s.retentionUntil === undefined ? {} : { retentionUntil: iso(s.retentionUntil) }),
    ...(s.markedAt === undefined ? {} : { markedAt: iso(s.markedAt) }),
    ...(s.blockedAt === undefined ? {} : { blockedAt: iso(s.blockedAt) }),
    ...(erased === undefined ? {} : { erasedAt: iso(erased) }),
  };
}

export function toTemplateView(t: Template): TemplateView {
  return {
    width: t.width, height: t.height, ppi: t.ppi, quality: t.quality,
    minutiae: t.minutiae.map((m) => ({ x: m.x, y: m.y, angle: m.angle, type: m.type, quality: m.quality })),
  };
}

/** Candidates are kept as JSON in the transaction's steps and the examinations. */
export function candidateToJson(c: CandidateView): JsonObject {
  return {
    subjectId: c.subjectId, referenceNumber: c.referenceNumber, memberState: c.memberState, category: c.category,
    score: c.score, fingerScores: c.fingerScores.map((f) => ({ position: f.position, score: f.score })),
    marked: c.marked, capturedAt: c.capturedAt,
    ...meaningOf(c),
  };
}

/** The optional FPIR fields of a candidate, those that are numbers. */
function meaningOf(j: object): Pick<CandidateView, 'fpir' | 'fingersCompared' | 'gallerySize' | 'targetFpir'> {
  const out: { fpir?: number; fingersCompared?: number; gallerySize?: number; targetFpir?: number } = {};
  for (const k of ['fpir', 'fingersCompared', 'gallerySize', 'targetFpir'] as const) {
    const v = (j as Record<string, unknown>)[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

export function candidateFromJson(j: JsonObject): CandidateView {
  return {
    subjectId: String(j.subjectId),
    referenceNumber: String(j.referenceNumber),
    memberState: String(j.memberState),
    category: Number(j.category),
    score: Number(j.score),
    fingerScores: Array.isArray(j.fingerScores)
      ? j.fingerScores.map((f) => ({ position: Number((f as JsonObject).position), score: Number((f as JsonObject).score) }))
      : [],
    marked: j.marked === true,
    capturedAt: String(j.capturedAt),
    ...meaningOf(j),
  };
}
