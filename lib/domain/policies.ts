import type { ReferrerKind, ScreeningFlag } from './vocabulary.js';
import { referrerKinds } from './vocabulary.js';

/**
 * Department policies: one preset per seed document (see DOMAIN.md, "Department policies").
 * A rule the seed is silent on is `null` (off); a department switches it on by editing its preset.
 */
export interface DepartmentPolicy {
  id: PolicyId;
  /** Shown to people (forms, exports). */
  label: string;
  /** Initial durations, in months, that a decision may grant. */
  initialDurationsMonths: readonly number[];
  renewal: {
    /** How many renewals one measure may have; null = no stated limit. */
    maxCount: number | null;
    /** Durations, in months, that one renewal may grant. */
    durationsMonths: readonly number[];
    /** A renewal needs a bilan that recommends it. */
    requiresBilanRecommendation: boolean;
  } | null;
  /** Longest total length of a measure, renewals included; null = none stated. */
  totalCapMonths: number | null;
  bilan: {
    /** Days before the planned end at which the bilan is due (0 = at the end). */
    leadDays: number;
    /** A bilan is also due when the measure stops early. */
    onEarlyStop: boolean;
  } | null;
  followUp: { monthsAfterEnd: number; withSectorWorker: boolean } | null;
  visitCadence: { minMeetingsPerMonth: number } | null;
  /** The delays of the deadlines job (DOMAIN.md "Deadlines"), in calendar days. */
  deadlines: {
    /** A referral still waiting this long after its receipt calls for a decision. */
    decisionDays: number;
    /** A measure still awaiting its contract this long after its decision calls for the signature. */
    contractDays: number;
    /** How long before a bilan or a follow-up visit falls due its task appears. */
    noticeDays: number;
  };
  /** The measure is carried mainly through home visits (seed 003). */
  homeVisitsExpected: boolean;
  /** Who may send a referral. */
  allowedReferrerKinds: readonly ReferrerKind[];
  /** The referrer signs the contract too (convention tripartite). */
  tripartiteContract: boolean;
  /** Exclusion criteria of the seed that screening flags (a person decides). */
  screeningExclusions: readonly ScreeningFlag[];
  /**
   * Territories of the statistics (UTAS, MDS…), each the postcodes starting with its prefixes;
   * null or absent = the department as a whole only (DOMAIN.md "Statistics for the PDALPD").
   */
  territories?: readonly Territory[] | null;
}

export interface Territory {
  name: string;
  postcodePrefixes: readonly string[];
}

export const policyIds = ['meuse', 'plateforme', 'departement-generique', 'asell-intensif', 'dordogne'] as const;
export type PolicyId = (typeof policyIds)[number];

const monthsFrom = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

const everyReferrer = referrerKinds.values;

/** The delays of DOMAIN.md "Deadlines": no seed states its own, so every preset starts from these. */
const defaultDeadlines: DepartmentPolicy['deadlines'] = { decisionDays: 15, contractDays: 30, noticeDays: 15 };

export const policies: Record<PolicyId, DepartmentPolicy> = {
  // Seed 000 — UDAF de la Meuse.
  meuse: {
    id: 'meuse',
    label: 'Meuse (UDAF 55)',
    initialDurationsMonths: [3],
    renewal: { maxCount: 3, durationsMonths: [3], requiresBilanRecommendation: true },
    totalCapMonths: 12,
    bilan: { leadDays: 10, onEarlyStop: true },
    followUp: { monthsAfterEnd: 6, withSectorWorker: true },
    visitCadence: { minMeetingsPerMonth: 2 },
    deadlines: { ...defaultDeadlines },
    homeVisitsExpected: false,
    allowedReferrerKinds: everyReferrer,
    tripartiteContract: false,
    screeningExclusions: ['protection_measure'],
    territories: null,
  },
  // Seed 001 — plate-forme d’offre de services, commissions ASLL, dispositif de veille.
  plateforme: {
    id: 'plateforme',
    label: 'Plate-forme d’offre de services',
    initialDurationsMonths: monthsFrom(3, 6),
    renewal: { maxCount: null, durationsMonths: monthsFrom(3, 6), requiresBilanRecommendation: true },
    totalCapMonths: 24,
    bilan: { leadDays: 0, onEarlyStop: false },
    followUp: null,
    visitCadence: null,
    deadlines: { ...defaultDeadlines },
    homeVisitsExpected: false,
    allowedReferrerKinds: everyReferrer,
    tripartiteContract: false,
    screeningExclusions: ['in_supported_structure', 'other_budget_support'],
    territories: null,
  },
  // Seed 002 — fiche départementale générique.
  'departement-generique': {
    id: 'departement-generique',
    label: 'Département (règles génériques)',
    initialDurationsMonths: [3, 6, 12],
    renewal: { maxCount: null, durationsMonths: [3, 6, 12], requiresBilanRecommendation: true },
    totalCapMonths: null,
    bilan: null,
    followUp: null,
    visitCadence: null,
    deadlines: { ...defaultDeadlines },
    homeVisitsExpected: false,
    allowedReferrerKinds: everyReferrer,
    tripartiteContract: false,
    screeningExclusions: [],
    territories: null,
  },
  // Seed 003 — A.S.E.L.L., accompagnement intensif orienté par le travailleur social de secteur.
  'asell-intensif': {
    id: 'asell-intensif',
    label: 'ASELL — accompagnement intensif',
    initialDurationsMonths: monthsFrom(1, 12),
    renewal: { maxCount: null, durationsMonths: monthsFrom(1, 12), requiresBilanRecommendation: true },
    totalCapMonths: null,
    bilan: null,
    followUp: null,
    visitCadence: null,
    deadlines: { ...defaultDeadlines },
    homeVisitsExpected: true,
    allowedReferrerKinds: ['travailleur_social'],
    tripartiteContract: false,
    screeningExclusions: [],
    territories: null,
  },
  // Seed 004 — UDAF de la Dordogne.
  dordogne: {
    id: 'dordogne',
    label: 'Dordogne (UDAF 24)',
    initialDurationsMonths: monthsFrom(3, 6),
    renewal: { maxCount: 1, durationsMonths: monthsFrom(3, 6), requiresBilanRecommendation: true },
    totalCapMonths: null,
    bilan: null,
    followUp: null,
    visitCadence: null,
    deadlines: { ...defaultDeadlines },
    homeVisitsExpected: false,
    allowedReferrerKinds: ['travailleur_social', 'mission_locale', 'adil', 'udaf'],
    tripartiteContract: true,
    screeningExclusions: [],
    territories: null,
  },
};

export function isPolicyId(value: string): value is PolicyId {
  return (policyIds as readonly string[]).includes(value);
}

export function policyFor(id: PolicyId): DepartmentPolicy {
  return policies[id];
}
