import {
  closureReasons,
  decisions,
  difficulties,
  housingOutcomes,
  occupancyStatuses,
  orientations,
  referrerKinds,
  visitKinds,
  workAxes,
} from '../vocabulary.js';

/**
 * The PDALPD statistics as data (DOMAIN.md "Statistics for the PDALPD", API.md "Analysts"): every
 * indicator with its French label, unit, written definition and breakdowns, and every breakdown
 * with its categories, taken from the domain's vocabularies. The counting (count.ts), the disclosure
 * control (disclosure.ts), the downloads and the README all read from here.
 */

export interface Category {
  id: string;
  label: string;
}

export interface DimensionDefinition {
  label: string;
  categories: readonly Category[];
  /**
   * One item may fall in several categories (a measure works several axes, a household has several
   * difficulties): the categories then do not add up to the total.
   */
  multiple: boolean;
}

// The annotations below (pure calls) let esbuild leave out, in a function's bundle, what of the
// catalogue its code never reads: the write functions count the indicators, not the breakdowns'
// categories and labels.
const fromVocabulary = /* @__NO_SIDE_EFFECTS__ */ (vocabulary: {
  values: readonly string[];
  labels: Record<string, string>;
}): Category[] => vocabulary.values.map((id) => ({ id, label: vocabulary.labels[id]! }));

const yesNo: Category[] = [
  { id: 'yes', label: 'Oui' },
  { id: 'no', label: 'Non' },
];

export const dimensions = {
  referrerKind: { label: 'Prescripteur', categories: fromVocabulary(referrerKinds), multiple: false },
  channel: {
    label: 'Canal de la demande',
    categories: [
      { id: 'direct', label: 'Saisie directe par le ménage' },
      { id: 'partner', label: 'Par un partenaire (prescripteur)' },
    ],
    multiple: false,
  },
  orientation: { label: 'Orientation', categories: fromVocabulary(orientations), multiple: false },
  occupancyStatus: { label: 'Statut d’occupation à la demande', categories: fromVocabulary(occupancyStatuses), multiple: false },
  householdSize: {
    label: 'Taille du ménage (adultes et enfants)',
    categories: [
      { id: '1', label: '1 personne' },
      { id: '2', label: '2 personnes' },
      { id: '3-4', label: '3 ou 4 personnes' },
      { id: '5+', label: '5 personnes ou plus' },
    ],
    multiple: false,
  },
  difficulty: { label: 'Difficulté signalée à la demande', categories: fromVocabulary(difficulties), multiple: true },
  decision: { label: 'Décision', categories: fromVocabulary(decisions), multiple: false },
  axis: { label: 'Axe de travail', categories: fromVocabulary(workAxes), multiple: true },
  reason: { label: 'Motif de fin', categories: fromVocabulary(closureReasons), multiple: false },
  housingOutcome: { label: 'Situation de logement à la fin', categories: fromVocabulary(housingOutcomes), multiple: false },
  visitKind: { label: 'Type de rencontre', categories: fromVocabulary(visitKinds), multiple: false },
  onTime: { label: 'Remis à l’échéance ou avant', categories: yesNo, multiple: false },
  stillHoused: { label: 'Toujours dans son logement', categories: yesNo, multiple: false },
} as const satisfies Record<string, DimensionDefinition>;

export type Dimension = keyof typeof dimensions;

/** Ordered as they appear in the catalogue, the downloads and the README. */
export const dimensionIds = /* @__PURE__ */ Object.keys(dimensions) as Dimension[];

export type IndicatorKind = 'count' | 'mean' | 'median';

export type Unit = 'ménages' | 'mesures' | 'renouvellements' | 'rencontres' | 'bilans' | 'jours' | '%';

/** What counting needs of an indicator; what a person reads of it is in `indicatorTexts`. */
export interface Indicator {
  id: string;
  kind: IndicatorKind;
  /**
   * `event`: each item counts in the period of one of its dates (receivedOn, startedOn…), so a
   * quarter is the sum of its months. `stock`: the situation on the last day of the period (the job
   * stores it on the day of computation while the period runs, which is never published), so a
   * quarter is its last month.
   */
  measuredAt: 'event' | 'stock';
  breakdowns: readonly Dimension[];
  /**
   * A mean or a median: the count indicator whose cells count its contributions, category by
   * category (a mean of decision delays is over the decisions), and the bounds its contributions
   * cannot pass (a delay is 0 days or more). Disclosure control hides a mean or a median where its
   * count is hidden, and works out what the bounds let a reader infer of the hidden ones. A share
   * also names the count cell it is the share of (`part`): where that cell is hidden, so is the share.
   */
  over?: { count: string; lowest: number; highest?: number; part?: { dimension: Dimension; category: string } };
}

export interface IndicatorText {
  label: string;
  unit: Unit;
  /** What is counted, on which date, in which period — written for a department's statistician. */
  definition: string;
}

export const indicators = [
  {
    id: 'referrals_received',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['referrerKind', 'channel', 'orientation', 'occupancyStatus', 'householdSize', 'difficulty'],
  },
  {
    id: 'decisions',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['decision'],
  },
  {
    id: 'decision_days_mean',
    kind: 'mean',
    measuredAt: 'event',
    breakdowns: ['decision'],
    over: { count: 'decisions', lowest: 0 },
  },
  {
    id: 'decision_days_median',
    kind: 'median',
    measuredAt: 'event',
    breakdowns: ['decision'],
    over: { count: 'decisions', lowest: 0 },
  },
  {
    id: 'measures_started',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['orientation', 'axis'],
  },
  {
    id: 'measures_active_end',
    kind: 'count',
    measuredAt: 'stock',
    breakdowns: ['orientation'],
  },
  {
    id: 'measures_closed',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['reason', 'housingOutcome', 'orientation'],
  },
  {
    id: 'measure_days_median',
    kind: 'median',
    measuredAt: 'event',
    breakdowns: ['orientation'],
    over: { count: 'measures_closed', lowest: 1 },
  },
  {
    id: 'measure_days_mean',
    kind: 'mean',
    measuredAt: 'event',
    breakdowns: ['orientation'],
    over: { count: 'measures_closed', lowest: 1 },
  },
  {
    id: 'renewals',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['orientation'],
  },
  {
    id: 'visits',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['visitKind'],
  },
  {
    id: 'visits_at_home_share',
    kind: 'mean',
    measuredAt: 'event',
    breakdowns: [],
    over: { count: 'visits', lowest: 0, highest: 100, part: { dimension: 'visitKind', category: 'domicile' } },
  },
  {
    id: 'bilans',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['onTime'],
  },
  {
    id: 'follow_ups',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['stillHoused'],
  },
  {
    id: 'evictions_avoided',
    kind: 'count',
    measuredAt: 'event',
    breakdowns: ['orientation'],
  },
] as const satisfies readonly Indicator[];

export type IndicatorId = (typeof indicators)[number]['id'];

/**
 * What a person reads of each indicator (`GET /stats/catalogue`, the downloads). Apart from
 * `indicators`, which is what counting needs: the functions that count (every write) then bundle
 * none of these texts.
 */
export const indicatorTexts: Record<IndicatorId, IndicatorText> = {
  referrals_received: {
    label: 'Demandes d’ASLL reçues',
    unit: 'ménages',
    definition:
      'Nombre de demandes (saisines) reçues dont la date de réception (receivedOn) tombe dans la période, ' +
      'quelle que soit la suite donnée. Le profil du ménage (composition, statut d’occupation, difficultés) ' +
      'est celui déclaré dans la demande. ' +
      'Un ménage compte pour une demande (ou une mesure) : un ménage orienté deux fois compte deux fois.',
  },
  decisions: {
    label: 'Décisions sur les demandes',
    unit: 'ménages',
    definition:
      'Nombre de demandes ayant reçu une décision (acceptation, refus ou orientation vers un autre dispositif) ' +
      'dont la date de décision (decidedOn) tombe dans la période, quelle que soit leur date de réception.',
  },
  decision_days_mean: {
    label: 'Délai moyen de décision',
    unit: 'jours',
    definition:
      'Moyenne, sur les demandes décidées dans la période (date de décision decidedOn), du nombre de jours ' +
      'calendaires entre la réception (receivedOn) et la décision ; arrondie au dixième.',
  },
  decision_days_median: {
    label: 'Délai médian de décision',
    unit: 'jours',
    definition:
      'Médiane, sur les demandes décidées dans la période (date de décision decidedOn), du nombre de jours ' +
      'calendaires entre la réception (receivedOn) et la décision.',
  },
  measures_started: {
    label: 'Mesures commencées',
    unit: 'mesures',
    definition:
      'Nombre de mesures dont le contrat a été signé (date de début startedOn) dans la période. ' +
      'L’orientation est celle que la décision a donnée ; ' +
      'une mesure compte pour chacun de ses axes de travail.',
  },
  measures_active_end: {
    label: 'Mesures en cours en fin de période',
    unit: 'mesures',
    definition:
      'Nombre de mesures en cours le dernier jour de la période (pour une période en cours, le jour du calcul) : ' +
      'commencées (startedOn) au plus tard ce jour-là et non terminées avant le lendemain ' +
      '(pas de date de fin endedOn, ou une date de fin postérieure à ce jour).',
  },
  measures_closed: {
    label: 'Mesures terminées',
    unit: 'mesures',
    definition:
      'Nombre de mesures clôturées dont la date de fin (endedOn) tombe dans la période, qu’elles aient pris fin ' +
      'avant leur échéance (fin prévue), à cette échéance ou après.',
  },
  measure_days_median: {
    label: 'Durée médiane des mesures terminées',
    unit: 'jours',
    definition:
      'Médiane, sur les mesures terminées dans la période (date de fin endedOn), du nombre de jours du début ' +
      '(startedOn) à la fin (endedOn), ces deux jours compris, renouvellements inclus.',
  },
  measure_days_mean: {
    label: 'Durée moyenne des mesures terminées',
    unit: 'jours',
    definition:
      'Moyenne, sur les mesures terminées dans la période (date de fin endedOn), du nombre de jours du début ' +
      '(startedOn) à la fin (endedOn), ces deux jours compris, renouvellements inclus ; arrondie au dixième.',
  },
  renewals: {
    label: 'Renouvellements',
    unit: 'renouvellements',
    definition:
      'Nombre de renouvellements décidés (date de décision du renouvellement decidedOn) dans la période, ' +
      'par orientation retenue pour la nouvelle période. Une mesure renouvelée deux fois dans la période compte deux fois.',
  },
  visits: {
    label: 'Rencontres avec les ménages',
    unit: 'rencontres',
    definition:
      'Nombre de rencontres (visites à domicile, rendez-vous, entretiens téléphoniques, démarches accompagnées, ' +
      'ateliers) dont la date (date de la rencontre) tombe dans la période.',
  },
  visits_at_home_share: {
    label: 'Part des rencontres à domicile',
    unit: '%',
    definition:
      'Part, en pourcentage des rencontres de la période (date de la rencontre), de celles qui sont des visites ' +
      'à domicile ; arrondie au dixième.',
  },
  bilans: {
    label: 'Bilans remis',
    unit: 'bilans',
    definition:
      'Nombre de bilans remis (date de remise submittedOn) dans la période ; « remis à l’échéance ou avant » ' +
      'quand la date de remise ne dépasse pas la date due : la fin prévue de la période évaluée moins le délai ' +
      'du règlement du département (la fin prévue elle-même là où le règlement n’en fixe pas).',
  },
  follow_ups: {
    label: 'Visites de suivi après la fin',
    unit: 'ménages',
    definition:
      'Nombre de visites de suivi faites après la clôture d’une mesure, dont la date (visitedOn) tombe dans la ' +
      'période, selon que le ménage est toujours dans son logement ou non.',
  },
  evictions_avoided: {
    label: 'Expulsions évitées',
    unit: 'ménages',
    definition:
      'Nombre de mesures terminées dans la période (date de fin endedOn) dont la clôture indique qu’une ' +
      'expulsion a été évitée.',
  },
};

const byId = /* @__PURE__ */ new Map<string, Indicator>(indicators.map((indicator) => [indicator.id, indicator]));

export function indicatorById(id: string): Indicator | undefined {
  return byId.get(id);
}

/** The position of a category in its dimension (the order of the catalogue), or -1. */
export function categoryIndex(dimension: Dimension, category: string): number {
  return dimensions[dimension].categories.findIndex((each) => each.id === category);
}

/** `GET /stats/catalogue`: every indicator with its breakdowns spelled out. */
export interface CatalogueEntry {
  id: string;
  label: string;
  unit: Unit;
  definition: string;
  kind: IndicatorKind;
  breakdowns: { dimension: Dimension; label: string; multiple: boolean; categories: Category[] }[];
}

export function catalogueView(): CatalogueEntry[] {
  return indicators.map((indicator) => ({
    id: indicator.id,
    ...indicatorTexts[indicator.id],
    kind: indicator.kind,
    breakdowns: indicator.breakdowns.map((dimension) => ({
      dimension,
      label: dimensions[dimension].label,
      multiple: dimensions[dimension].multiple,
      categories: dimensions[dimension].categories.map((category) => ({ ...category })),
    })),
  }));
}
