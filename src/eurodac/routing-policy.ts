import { ConfigError } from '../core/index.js';
import { DUBLIN_REQUEST_TYPES, type DublinRequestKind } from './reference-number.js';
import type { Purpose } from './regime.js';
import { deepFreeze } from './regime-603-2013.js';
import defaultPolicyJson from './policies/routing-policy-default.json' with { type: 'json' };

/** A condition on one hit; every field given must hold. */
export interface HitPredicate {
  /** `own`: the hit record is our member state's; `other`: another state's. */
  readonly origin?: 'own' | 'other';
  readonly categories?: readonly number[];
  readonly memberStates?: readonly string[];
  readonly marked?: boolean;
}

/** When a rule applies; every field given must hold. */
export interface RuleCondition {
  readonly transactionCategories?: readonly number[];
  readonly purposes?: readonly Purpose[];
  readonly outcome?: 'hit' | 'no-hit';
  /** At least one confirmed hit satisfies it (implies outcome hit). */
  readonly anyHit?: HitPredicate;
  /** There is a confirmed hit and every one satisfies it (implies outcome hit). */
  readonly everyHit?: HitPredicate;
  /** true: the transaction has fingers that look altered (burnt, cut, abraded); false: none do. */
  readonly alteredFingers?: boolean;
}

export interface RuleAction {
  /** Route name (kebab-case): `zaventem`, `regular-reception`, `subsequent-application`, … */
  readonly route: string;
  /** Dublin request the result asks the Dublin unit to send, based on the deciding hit. */
  readonly dublinRequest?: DublinRequestKind;
  /** Link the transaction to our own earlier record (the deciding own hit). */
  readonly linkOwnRecord?: boolean;
  /** Units to inform (free names, e.g. `dublin-unit`, `asylum-authority`). */
  readonly inform?: readonly string[];
}

export interface RoutingRule {
  readonly id: string;
  readonly description?: string;
  readonly when: RuleCondition;
  readonly then: RuleAction;
}

/**
 * The routing policy as data: ordered rules, strongest first; the first rule whose condition
 * holds decides. `fallback` applies when no rule does, so every transaction gets a route.
 */
export interface RoutingPolicy {
  readonly id: string;
  readonly version: number;
  readonly description?: string;
  readonly rules: readonly RoutingRule[];
  readonly fallback: { readonly hit: RuleAction; readonly noHit: RuleAction };
}

const PURPOSES: readonly Purpose[] = ['asylum', 'migration-control', 'law-enforcement', 'access-request'];
const NAME = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Validates a routing policy read from JSON and returns it frozen. Unknown keys are refused
 * (a typo must not silently drop a condition). Throws AFIS_CONFIG_INVALID naming the path.
 */
export function parseRoutingPolicy(input: unknown): RoutingPolicy {
  const fail = (path: string, why: string): never => {
    throw new ConfigError('AFIS_CONFIG_INVALID', `routing policy ${path}: ${why}`);
  };
  const obj = (v: unknown, path: string, keys: readonly string[], required: readonly string[] = []): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'must be an object');
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, 'unknown key');
    for (const k of required) if (o[k] === undefined) fail(`${path}.${k}`, 'is required');
    return o;
  };
  const name = (v: unknown, path: string): string => (typeof v === 'string' && NAME.test(v) ? v : fail(path, 'must be a kebab-case name'));
  const digits = (v: unknown, path: string): number[] => {
    if (!Array.isArray(v) || v.length === 0 || !v.every((d) => Number.isInteger(d) && d >= 0 && d <= 9)) fail(path, 'must be a non-empty list of category digits 0–9');
    return [...(v as number[])];
  };
  const bool = (v: unknown, path: string): boolean => (typeof v === 'boolean' ? v : fail(path, 'must be true or false'));
  const hitPredicate = (v: unknown, path: string): HitPredicate => {
    const o = obj(v, path, ['origin', 'categories', 'memberStates', 'marked']);
    const p: { -readonly [K in keyof HitPredicate]: HitPredicate[K] } = {};
    if (o.origin !== undefined) p.origin = o.origin === 'own' || o.origin === 'other' ? o.origin : fail(`${path}.origin`, 'must be own or other');
    if (o.categories !== undefined) p.categories = digits(o.categories, `${path}.categories`);
    if (o.memberStates !== undefined) {
      if (!Array.isArray(o.memberStates) || !o.memberStates.every((s) => typeof s === 'string' && /^[A-Z]{2}$/.test(s))) fail(`${path}.memberStates`, 'must be a list of alpha-2 codes');
      p.memberStates = [...(o.memberStates as string[])];
    }
    if (o.marked !== undefined) p.marked = bool(o.marked, `${path}.marked`);
    return p;
  };
  const action = (v: unknown, path: string): RuleAction => {
    const o = obj(v, path, ['route', 'dublinRequest', 'linkOwnRecord', 'inform'], ['route']);
    const a: { -readonly [K in keyof RuleAction]: RuleAction[K] } = { route: name(o.route, `${path}.route`) };
    if (o.dublinRequest !== undefined) {
      a.dublinRequest = typeof o.dublinRequest === 'string' && Object.hasOwn(DUBLIN_REQUEST_TYPES, o.dublinRequest)
        ? (o.dublinRequest as DublinRequestKind)
        : fail(`${path}.dublinRequest`, `must be one of ${Object.keys(DUBLIN_REQUEST_TYPES).join(', ')}`);
    }
    if (o.linkOwnRecord !== undefined) a.linkOwnRecord = bool(o.linkOwnRecord, `${path}.linkOwnRecord`);
    if (o.inform !== undefined) {
      if (!Array.isArray(o.inform)) fail(`${path}.inform`, 'must be a list of names');
      a.inform = (o.inform as unknown[]).map((n, i) => name(n, `${path}.inform[${i}]`));
    }
    return a;
  };
  const condition = (v: unknown, path: string): RuleCondition => {
    const o = obj(v, path, ['transactionCategories', 'purposes', 'outcome', 'anyHit', 'everyHit', 'alteredFingers']);
    const c: { -readonly [K in keyof RuleCondition]: RuleCondition[K] } = {};
    if (o.transactionCategories !== undefined) c.transactionCategories = digits(o.transactionCategories, `${path}.transactionCategories`);
    if (o.purposes !== undefined) {
      if (!Array.isArray(o.purposes) || o.purposes.length === 0 || !o.purposes.every((p) => PURPOSES.includes(p as Purpose))) {
        fail(`${path}.purposes`, `must be a non-empty list of ${PURPOSES.join(', ')}`);
      }
      c.purposes = [...(o.purposes as Purpose[])];
    }
    if (o.outcome !== undefined) c.outcome = o.outcome === 'hit' || o.outcome === 'no-hit' ? o.outcome : fail(`${path}.outcome`, 'must be hit or no-hit');
    if (o.anyHit !== undefined) c.anyHit = hitPredicate(o.anyHit, `${path}.anyHit`);
    if (o.everyHit !== undefined) c.everyHit = hitPredicate(o.everyHit, `${path}.everyHit`);
    if (o.alteredFingers !== undefined) c.alteredFingers = bool(o.alteredFingers, `${path}.alteredFingers`);
    if (c.outcome === 'no-hit' && (c.anyHit !== undefined || c.everyHit !== undefined)) fail(path, 'outcome no-hit cannot have hit conditions');
    return c;
  };

  const root = obj(input, '$', ['id', 'version', 'description', 'rules', 'fallback', '$schema'], ['id', 'version', 'rules', 'fallback']);
  const id = name(root.id, '$.id');
  if (!Number.isInteger(root.version) || (root.version as number) < 1) fail('$.version', 'must be a positive integer');
  if (!Array.isArray(root.rules)) fail('$.rules', 'must be a list');
  const seen = new Set<string>();
  const rules = (root.rules as unknown[]).map((r, i): RoutingRule => {
    const path = `$.rules[${i}]`;
    const o = obj(r, path, ['id', 'description', 'when', 'then'], ['id', 'when', 'then']);
    const ruleId = name(o.id, `${path}.id`);
    if (seen.has(ruleId)) fail(`${path}.id`, `duplicate rule id ${ruleId}`);
    seen.add(ruleId);
    const rule: RoutingRule = { id: ruleId, when: condition(o.when, `${path}.when`), then: action(o.then, `${path}.then`) };
    return o.description === undefined ? rule : { ...rule, description: String(o.description) };
  });
  const fb = obj(root.fallback, '$.fallback', ['hit', 'noHit'], ['hit', 'noHit']);
  const policy: RoutingPolicy = {
    id,
    version: root.version as number,
    ...(root.description === undefined ? {} : { description: String(root.description) }),
    rules,
    fallback: { hit: action(fb.hit, '$.fallback.hit'), noHit: action(fb.noHit, '$.fallback.noHit') },
  };
  return deepFreeze(policy);
}

/** The policy of domain.md, from `policies/routing-policy-default.json`. */
export const DEFAULT_ROUTING_POLICY: RoutingPolicy = parseRoutingPolicy(defaultPolicyJson);

/** Every route a policy can produce (rules and fallbacks), in first-mention order. */
export function routesOf(policy: RoutingPolicy): string[] {
  const routes = [...policy.rules.map((r) => r.then.route), policy.fallback.hit.route, policy.fallback.noHit.route];
  return [...new Set(routes)];
}
