import { parseIsoDate } from './dates.js';
import {
  DUBLIN_REQUEST_TYPES, formatDublinRequestReference, type DublinRequestKind, type DublinRequestType,
} from './reference-number.js';
import type { Purpose } from './regime.js';
import type { HitPredicate, RoutingPolicy, RoutingRule, RuleAction, RuleCondition } from './routing-policy.js';

/** The transaction being routed. */
export interface RoutingTransaction {
  readonly category: number;
  /** Our member state (the one that made the search). */
  readonly memberState: string;
  readonly purpose: Purpose;
  /** Positions of fingers that look altered (see src/quality `detectAlteration`); none when absent. */
  readonly alteredFingers?: readonly number[];
}

/** A hit an examiner confirmed: the other record's Eurodac data. */
export interface ConfirmedHit {
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly category: number;
  readonly marked: boolean;
  /** When the hit record's prints were taken (ISO); the earliest record decides Dublin requests. */
  readonly takenAt?: string;
  /** Fused similarity score of the search (higher is more similar); breaks ties only. */
  readonly score?: number;
}

export interface DublinRequest {
  /** 1 take charge, 2 take back, 3 information request. */
  readonly requestType: DublinRequestType;
  readonly requestKind: DublinRequestKind;
  readonly otherMemberState: string;
  /** The other state's Eurodac reference the request rests on. */
  readonly otherReference: string;
  /** Our letters + request type + the other reference, e.g. `BE2FR1000123`. */
  readonly requestReference: string;
}

/** One reported hit with the strongest rule that hit alone would trigger. */
export interface ClassifiedHit extends ConfirmedHit {
  readonly origin: 'own' | 'other';
  readonly ruleId: string | null;
  readonly route: string | null;
}

export interface RoutingDecision {
  readonly outcome: 'hit' | 'no-hit';
  readonly route: string;
  /** The deciding rule's id, or `fallback:hit` / `fallback:no-hit`. */
  readonly ruleId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly dublin?: DublinRequest;
  /** Our own earlier record this transaction is linked to (subsequent application). */
  readonly linkedReferenceNumber?: string;
  readonly inform: readonly string[];
  /** Every confirmed hit, not only the deciding one. */
  readonly hits: readonly ClassifiedHit[];
}

function hitMatches(p: HitPredicate, hit: ConfirmedHit, own: string): boolean {
  if (p.origin !== undefined && (p.origin === 'own') !== (hit.memberState === own)) return false;
  if (p.categories !== undefined && !p.categories.includes(hit.category)) return false;
  if (p.memberStates !== undefined && !p.memberStates.includes(hit.memberState)) return false;
  if (p.marked !== undefined && p.marked !== hit.marked) return false;
  return true;
}

/** The hits that make the condition true, or null if it is false. An empty list means "true, no hit involved". */
function evaluate(c: RuleCondition, tx: RoutingTransaction, hits: readonly ConfirmedHit[]): ConfirmedHit[] | null {
  if (c.transactionCategories !== undefined && !c.transactionCategories.includes(tx.category)) return null;
  if (c.purposes !== undefined && !c.purposes.includes(tx.purpose)) return null;
  const outcome = hits.length > 0 ? 'hit' : 'no-hit';
  if (c.outcome !== undefined && c.outcome !== outcome) return null;
  if (c.alteredFingers !== undefined && c.alteredFingers !== (tx.alteredFingers ?? []).length > 0) return null;
  let deciding: ConfirmedHit[] = [...hits];
  if (c.anyHit !== undefined) {
    const p = c.anyHit;
    deciding = deciding.filter((h) => hitMatches(p, h, tx.memberState));
    if (deciding.length === 0) return null;
  }
  if (c.everyHit !== undefined) {
    const p = c.everyHit;
    if (hits.length === 0 || !hits.every((h) => hitMatches(p, h, tx.memberState))) return null;
  }
  return deciding;
}

/** Dublin responsibility follows the earliest registration; then the stronger score; then the reference. */
function earliest(hits: readonly ConfirmedHit[]): ConfirmedHit | undefined {
  const time = (h: ConfirmedHit) => (h.takenAt === undefined ? Number.POSITIVE_INFINITY : parseIsoDate(h.takenAt, 'hit takenAt').getTime());
  return [...hits].sort((a, b) =>
    time(a) - time(b) || (b.score ?? 0) - (a.score ?? 0) || (a.referenceNumber < b.referenceNumber ? -1 : a.referenceNumber > b.referenceNumber ? 1 : 0))[0];
}

function firstRule(policy: RoutingPolicy, tx: RoutingTransaction, hits: readonly ConfirmedHit[]): { rule: RoutingRule; deciding: ConfirmedHit[] } | null {
  for (const rule of policy.rules) {
    const deciding = evaluate(rule.when, tx, hits);
    if (deciding !== null) return { rule, deciding };
  }
  return null;
}

/**
 * Applies the routing policy to a transaction and its CONFIRMED hits (rejected hits must be
 * removed first: a false hit never routes). The first rule (strongest) whose condition holds
 * decides the route; Dublin requests rest on the earliest matching hit; every hit is reported
 * with the rule it alone would trigger. Pure; cost O(rules × hits).
 */
export function decideRoute(tx: RoutingTransaction, confirmedHits: readonly ConfirmedHit[], policy: RoutingPolicy): RoutingDecision {
  const outcome = confirmedHits.length > 0 ? 'hit' : 'no-hit';
  const found = firstRule(policy, tx, confirmedHits);
  const action: RuleAction = found?.rule.then ?? (outcome === 'hit' ? policy.fallback.hit : policy.fallback.noHit);
  const ruleId = found?.rule.id ?? `fallback:${outcome}`;
  const deciding = found?.deciding ?? [...confirmedHits];

  let dublin: DublinRequest | undefined;
  if (action.dublinRequest !== undefined) {
    const basis = earliest(deciding.filter((h) => h.memberState !== tx.memberState));
    if (basis !== undefined) {
      const requestType = DUBLIN_REQUEST_TYPES[action.dublinRequest];
      dublin = {
        requestType,
        requestKind: action.dublinRequest,
        otherMemberState: basis.memberState,
        otherReference: basis.referenceNumber,
        requestReference: formatDublinRequestReference(tx.memberState, requestType, basis.referenceNumber),
      };
    }
  }
  let linkedReferenceNumber: string | undefined;
  if (action.linkOwnRecord === true) {
    linkedReferenceNumber = earliest(deciding.filter((h) => h.memberState === tx.memberState))?.referenceNumber;
  }

  const hits: ClassifiedHit[] = confirmedHits.map((h) => {
    const alone = firstRule(policy, tx, [h]);
    return {
      ...h,
      origin: h.memberState === tx.memberState ? 'own' : 'other',
      ruleId: alone?.rule.id ?? null,
      route: alone?.rule.then.route ?? null,
    };
  });

  return {
    outcome,
    route: action.route,
    ruleId,
    policyId: policy.id,
    policyVersion: policy.version,
    ...(dublin === undefined ? {} : { dublin }),
    ...(linkedReferenceNumber === undefined ? {} : { linkedReferenceNumber }),
    inform: action.inform ?? [],
    hits,
  };
}
