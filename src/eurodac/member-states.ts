import { DomainError } from '../core/index.js';

/** How a state takes part in Eurodac. */
export type ParticipationBasis = 'eu' | 'eu-agreement' | 'eu-opt-in' | 'associated';

export interface MemberStateInfo {
  /** ISO 3166-1 alpha-2. Greece is `GR` here (ISO), although EU documents often write `EL`. */
  readonly code: string;
  readonly name: string;
  readonly basis: ParticipationBasis;
  /** Why the state participates where that is not simply EU membership. */
  readonly note?: string;
}

/**
 * The states participating in Eurodac (the 27 EU member states and the four Dublin-associated
 * states). Denmark takes part through the 2006 EC–Denmark agreement (Council Decision
 * 2006/188/EC) and, for law-enforcement access, its 2019 protocol (Council Decision
 * 2019/836). Ireland is bound by Regulation 603/2013 (it opted in under Protocol 21); its
 * participation in the 2024/1358 recast depends on its post-adoption opt-in — listed as
 * participating, flag it in configuration if that changes. The United Kingdom left in 2020.
 */
export const MEMBER_STATES: readonly MemberStateInfo[] = Object.freeze(([
  { code: 'AT', name: 'Austria', basis: 'eu' },
  { code: 'BE', name: 'Belgium', basis: 'eu' },
  { code: 'BG', name: 'Bulgaria', basis: 'eu' },
  { code: 'HR', name: 'Croatia', basis: 'eu' },
  { code: 'CY', name: 'Cyprus', basis: 'eu' },
  { code: 'CZ', name: 'Czechia', basis: 'eu' },
  { code: 'DK', name: 'Denmark', basis: 'eu-agreement', note: 'EC–Denmark agreement, Council Decision 2006/188/EC; law-enforcement protocol, Council Decision 2019/836' },
  { code: 'EE', name: 'Estonia', basis: 'eu' },
  { code: 'FI', name: 'Finland', basis: 'eu' },
  { code: 'FR', name: 'France', basis: 'eu' },
  { code: 'DE', name: 'Germany', basis: 'eu' },
  { code: 'GR', name: 'Greece', basis: 'eu' },
  { code: 'HU', name: 'Hungary', basis: 'eu' },
  { code: 'IE', name: 'Ireland', basis: 'eu-opt-in', note: 'Protocol 21 opt-in: bound by 603/2013; recast participation by post-adoption opt-in' },
  { code: 'IT', name: 'Italy', basis: 'eu' },
  { code: 'LV', name: 'Latvia', basis: 'eu' },
  { code: 'LT', name: 'Lithuania', basis: 'eu' },
  { code: 'LU', name: 'Luxembourg', basis: 'eu' },
  { code: 'MT', name: 'Malta', basis: 'eu' },
  { code: 'NL', name: 'Netherlands', basis: 'eu' },
  { code: 'PL', name: 'Poland', basis: 'eu' },
  { code: 'PT', name: 'Portugal', basis: 'eu' },
  { code: 'RO', name: 'Romania', basis: 'eu' },
  { code: 'SK', name: 'Slovakia', basis: 'eu' },
  { code: 'SI', name: 'Slovenia', basis: 'eu' },
  { code: 'ES', name: 'Spain', basis: 'eu' },
  { code: 'SE', name: 'Sweden', basis: 'eu' },
  { code: 'IS', name: 'Iceland', basis: 'associated', note: 'Dublin association agreement' },
  { code: 'NO', name: 'Norway', basis: 'associated', note: 'Dublin association agreement' },
  { code: 'CH', name: 'Switzerland', basis: 'associated', note: 'Dublin association agreement' },
  { code: 'LI', name: 'Liechtenstein', basis: 'associated', note: 'Dublin association protocol' },
] satisfies MemberStateInfo[]).map((m) => Object.freeze(m)));

const BY_CODE: ReadonlyMap<string, MemberStateInfo> = new Map(MEMBER_STATES.map((m) => [m.code, m]));

/** True if `code` is the alpha-2 code (upper case) of a participating state. */
export function isMemberState(code: unknown): code is string {
  return typeof code === 'string' && BY_CODE.has(code);
}

/** The participating state with that code, or undefined. */
export function findMemberState(code: string): MemberStateInfo | undefined {
  return BY_CODE.get(code);
}

/**
 * Returns `code` if it names a participating state; otherwise throws
 * AFIS_EURODAC_MEMBER_STATE_INVALID. Codes are case-sensitive (ISO writes them upper case);
 * `EL` (the EU's code for Greece) is refused with a hint to use `GR`.
 */
export function validateMemberState(code: unknown): string {
  if (isMemberState(code)) return code;
  const shown = typeof code === 'string' ? JSON.stringify(code.slice(0, 16)) : typeof code;
  const hint = code === 'EL' ? ' (Greece is GR in ISO 3166)' : '';
  throw new DomainError('AFIS_EURODAC_MEMBER_STATE_INVALID', `member state ${shown} is not a participating state's ISO 3166 alpha-2 code${hint}`);
}
