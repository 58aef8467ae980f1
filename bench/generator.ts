import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BilanBody } from '../lib/domain/bilan.js';
import { recordBilan } from '../lib/domain/bilan.js';
import { recordClosure, type ClosureBody } from '../lib/domain/closure.js';
import { recordContract, type ContractBody } from '../lib/domain/contract.js';
import { nextActionableOn, type MeasureTaskKind } from '../lib/domain/deadlines.js';
import { decideReferral, type DecisionBody } from '../lib/domain/decision.js';
import { recordFollowUp, type FollowUpBody } from '../lib/domain/follow-up.js';
import { receiveReferral, referenceYear } from '../lib/domain/intake.js';
import type { Measure, MeasureChange, StepContext } from '../lib/domain/measure.js';
import { addDays, followUpDueOn, plannedEnd, renewedPlannedEnd } from '../lib/domain/measure-dates.js';
import type { DepartmentPolicy } from '../lib/domain/policies.js';
import type { Referral, ReferralBody } from '../lib/domain/referral.js';
import { recordRenewal, type RenewalBody } from '../lib/domain/renewal.js';
import { recordVisit, type VisitBody } from '../lib/domain/visit.js';
import {
  closureReasons,
  difficulties,
  evictionStages,
  housingOutcomes,
  visitActions,
  visitKinds,
  workAxes,
  type MeasureStatus,
  type WorkAxis,
} from '../lib/domain/vocabulary.js';
import type { JournalEntry } from '../lib/store/journal.js';
import { keys } from '../lib/store/keys.js';
import type { Stores } from '../lib/store/stores.js';

/**
 * Realistic measures for the benchmarks, written through the store as the routes would write them:
 * a referral received (`ReferralStore.saveNew`), accepted (`decideReferral`, `saveDecision`), then
 * the lifecycle steps of the domain (contract, a few visits, bilans, renewals, closure, follow-up),
 * each written by `MeasureStore.write` on the day it happened. Everything follows from a seed and a
 * day: the same options give the same measures (identifiers included).
 *
 * Exactly `due` measures are due on `today` — the deadlines index files them on that day or before
 * (contract unsigned, bilan in its notice window, planned end passed, follow-up visit due) — and
 * none of the others: their workers dealt with every deadline in time. The generator checks it on
 * every measure (`nextActionableOn`) before writing anything.
 */

export interface GeneratorOptions {
  /** How many measures (each from its own referral). */
  count: number;
  /** How many of them the deadlines index must find due on `today`. */
  due: number;
  policy: DepartmentPolicy;
  /** The day (YYYY-MM-DD, Paris) the data is generated for: every step happened before it. */
  today: string;
  seed: number;
  /** Measures written at the same time (each one’s steps in order). Default 12. */
  concurrency?: number;
  /** How many workers share the measures. Default 12. */
  workers?: number;
  /** Called now and then with the number of measures written. */
  onProgress?: (written: number) => void;
  /**
   * Referrals besides the measures' that no measure came of (default none): refused or redirected
   * within three weeks of their receipt over the past year, or, received in the last days, still
   * waiting (never long enough for the deadlines index to find them due).
   */
  otherReferrals?: number;
  /** Staff ids and household identities: the benchmark's, or the demonstration's, plainly fictitious. */
  identities?: Identities;
}

/**
 * Who the data names. `bench`: ordinary French names, as a department's files hold. `demo`: every
 * household is « Exemple », phone numbers are 05 55 55 …, addresses @example.org, staff ids say
 * `demo-`: nobody could take the demonstration's files for real ones.
 */
export type Identities = 'bench' | 'demo';

/** The ids of the workers and managers the data names. */
export function staffIds(identities: Identities = 'bench', workers = 12) {
  const prefix = identities === 'demo' ? 'demo' : 'bench';
  return {
    workers: Array.from({ length: workers }, (_, index) => `${prefix}-worker-${String(index + 1).padStart(2, '0')}`),
    managers: [1, 2, 3].map((index) => `${prefix}-manager-${index}`),
  };
}

/** What a due measure calls for on `today` (the main task; an overdue one may also owe its bilan). */
export type DueKind = Exclude<MeasureTaskKind, 'visit_cadence'>;

export interface GeneratedSummary {
  measures: number;
  due: number;
  byStatus: Record<MeasureStatus, number>;
  dueByKind: Partial<Record<DueKind, number>>;
  visits: number;
  /** Store writes: one transaction per step, and the reference counters. */
  writes: number;
  measureIds: string[];
}

// Deterministic randomness

/** mulberry32: small, fast, good enough for test data. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** `count` distinct values, in the order of `values`. */
  some<T>(values: readonly T[], count: number): T[] {
    const chosen = new Set<T>();
    while (chosen.size < Math.min(count, values.length)) chosen.add(this.pick(values));
    return values.filter((value) => chosen.has(value));
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const text = hex.join('');
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
}

// Vocabulary of the data

const lastNames = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefebvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefèvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
  'Perrin',
  'Robin',
  'Clément',
  'Morin',
  'Nicolas',
  'Henry',
  'Roussel',
  'Mathieu',
  'Gautier',
  'Masson',
  'Benali',
  'Nguyen',
  'Diallo',
  'Da Silva',
  'Kaya',
] as const;
const firstNames = [
  'Léa',
  'Emma',
  'Chloé',
  'Manon',
  'Camille',
  'Sarah',
  'Inès',
  'Julie',
  'Nathalie',
  'Sandrine',
  'Isabelle',
  'Sophie',
  'Fatima',
  'Aïcha',
  'Marie',
  'Hugo',
  'Lucas',
  'Thomas',
  'Nicolas',
  'Julien',
  'Mohamed',
  'Karim',
  'Kevin',
  'David',
  'Stéphane',
  'Patrick',
  'Christophe',
  'Sébastien',
  'Jérôme',
  'Mamadou',
  'Yannick',
  'Gérard',
] as const;
const places = [
  ['55000', 'Bar-le-Duc'],
  ['55100', 'Verdun'],
  ['55200', 'Commercy'],
  ['55300', 'Saint-Mihiel'],
  ['55400', 'Étain'],
  ['55500', 'Ligny-en-Barrois'],
  ['55700', 'Stenay'],
  ['24000', 'Périgueux'],
  ['24100', 'Bergerac'],
  ['24200', 'Sarlat-la-Canéda'],
  ['24300', 'Nontron'],
  ['24400', 'Mussidan'],
  ['69001', 'Lyon'],
  ['42000', 'Saint-Étienne'],
  ['59000', 'Lille'],
  ['33000', 'Bordeaux'],
  ['87000', 'Limoges'],
  ['51100', 'Reims'],
] as const;
const streets = [
  'rue des Tilleuls',
  'avenue de la Gare',
  'rue Jean-Jaurès',
  'place de la République',
  'rue du Moulin',
  'allée des Peupliers',
  'rue Victor-Hugo',
  'boulevard Gambetta',
  'rue de la Paix',
  'impasse des Lilas',
] as const;
const organisations: Partial<Record<string, string>> = {
  ccas: 'CCAS',
  mairie: 'Mairie',
  caf: 'CAF',
  msa: 'MSA',
  mds: 'Maison départementale des solidarités',
  bailleur_social: 'Office public de l’habitat',
  travailleur_social: 'Service social départemental',
  mission_locale: 'Mission Locale',
  adil: 'ADIL',
  udaf: 'UDAF',
  ccapex: 'CCAPEX',
  fsl: 'Commission FSL',
  energie: 'Fournisseur d’énergie',
  prefecture: 'Préfecture',
  commission_mediation: 'Commission de médiation',
};
const objectiveTexts: Record<WorkAxis, readonly string[]> = {
  budget: ['Établir un budget mensuel avec le ménage.', 'Mettre en place le prélèvement du loyer à date fixe.'],
  acces_droits: ['Ouvrir les droits aux aides au logement.', 'Constituer le dossier de complémentaire santé.'],
  projet_logement: ['Définir un projet de logement adapté aux ressources.', 'Déposer une demande de logement social.'],
  appropriation_logement: [
    'Accompagner l’installation et l’ouverture des compteurs.',
    'Apprendre l’entretien courant du logement.',
  ],
  mediation_voisinage: ['Apaiser le conflit avec les voisins du palier.'],
  mediation_bail: ['Renouer le dialogue avec le bailleur.', 'Obtenir l’état des lieux et la régularisation des charges.'],
  insertion_quartier: ['Faire connaître les services du quartier (épicerie solidaire, centre social).'],
  prevention_expulsion: ['Négocier un plan d’apurement avec le bailleur.', 'Saisir la CCAPEX avant l’audience.'],
};
const visitNotes = [
  'Point sur les factures et le plan d’apurement.',
  'Relevé des compteurs avec le ménage ; courrier au fournisseur d’énergie.',
  'Préparation du dossier FSL ; pièces manquantes listées.',
  'Entretien avec le bailleur en présence du ménage.',
  'Tri des courriers en retard ; échéancier établi.',
  null,
] as const;

// Plans

type Step =
  | { kind: 'contract'; on: string; body: ContractBody }
  | { kind: 'visit'; on: string; body: VisitBody }
  | { kind: 'bilan'; on: string; body: BilanBody }
  | { kind: 'renewal'; on: string; body: RenewalBody }
  | { kind: 'closure'; on: string; body: ClosureBody }
  | { kind: 'followUp'; on: string; body: FollowUpBody };

/** One measure's history, decided before anything is written. */
export interface MeasurePlan {
  referralId: string;
  measureId: string;
  body: ReferralBody;
  receivedAt: Date;
  /** Set once the year's reference numbers are reserved. */
  sequence: number;
  decision: DecisionBody;
  managerId: string;
  steps: Step[];
  /** Ids of the records the steps append, in order. */
  recordIds: string[];
  /** The kind of task it is due for on `today`, or null. */
  dueKind: DueKind | null;
}

type Target = 'awaiting' | 'active' | 'closed' | DueKind;

const stepOrder: Record<Step['kind'], number> = { contract: 0, visit: 1, bilan: 2, renewal: 3, closure: 4, followUp: 5 };

/** An instant of office hours on a business day (UTC 08:00 to 15:59: the same date in Paris). */
function instantOn(dice: Dice, date: string): Date {
  return new Date(`${date}T${String(dice.int(8, 15)).padStart(2, '0')}:${String(dice.int(0, 59)).padStart(2, '0')}:00.000Z`);
}

function referralBody(dice: Dice, policy: DepartmentPolicy, identities: Identities = 'bench'): ReferralBody {
  const demo = identities === 'demo';
  const [postcode, commune] = dice.pick(places);
  const referrerKind = dice.pick(policy.allowedReferrerKinds);
  const occupancyStatus = dice.pick([
    'locataire',
    'locataire',
    'locataire',
    'sous_locataire',
    'heberge',
    'sans_logement',
    'accedant',
  ] as const);
  const tenant = occupancyStatus === 'locataire' || occupancyStatus === 'sous_locataire';
  const orientation = tenant ? dice.pick(['maintien', 'maintien', 'acces'] as const) : 'acces';
  const arrears = tenant && dice.chance(0.6) ? dice.int(2, 60) * 50 : 0;
  const contactFirst = dice.pick(firstNames);
  const lastName = demo ? 'Exemple' : dice.pick(lastNames);
  const two = () => String(dice.int(10, 99));
  return {
    referrer:
      referrerKind === 'household'
        ? { kind: 'household', name: `${contactFirst} ${lastName}` }
        : {
            kind: referrerKind,
            organisation: `${organisations[referrerKind] ?? 'Partenaire'} de ${commune}`,
            name: `${dice.pick(firstNames)} ${demo ? 'Exemple' : dice.pick(lastNames)}`,
            email: `contact-${dice.int(1, 99)}@partenaire.${demo ? 'example.org' : 'example.fr'}`,
          },
    household: {
      contact: {
        lastName,
        firstName: contactFirst,
        phone: demo ? `05 55 55 ${two()} ${two()}` : `06 ${two()} ${two()} ${two()} ${two()}`,
      },
      adults: dice.int(1, 2),
      children: dice.int(0, 4),
      address: { line: `${dice.int(1, 80)} ${dice.pick(streets)}`, postcode, commune },
    },
    housing: tenant
      ? {
          occupancyStatus,
          landlordType: dice.pick(['social', 'social', 'prive'] as const),
          monthlyRent: dice.int(30, 90) * 10,
          arrearsAmount: arrears,
          evictionStage: arrears > 0 ? dice.pick(evictionStages.values) : 'none',
        }
      : { occupancyStatus },
    difficulties: dice.some(difficulties.values, dice.int(1, 3)),
    orientation,
    exclusions: { inSupportedStructure: false, otherBudgetSupport: false, protectionMeasure: false },
    consent: { householdAgrees: true, privacyNoticeAccepted: true },
    message: dice.chance(0.5) ? 'Ménage orienté après un entretien ; situation détaillée par téléphone.' : undefined,
  };
}

/** Adds `count` visits between `from` and `to` (both included), on business dates. */
function visitSteps(dice: Dice, axes: readonly WorkAxis[], from: string, to: string, count: number): Step[] {
  const span = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
  return Array.from({ length: count }, () => {
    const on = addDays(from, dice.int(0, span));
    const notes = dice.pick(visitNotes);
    return {
      kind: 'visit' as const,
      on,
      body: {
        date: on,
        kind: dice.pick(visitKinds.values),
        durationMinutes: dice.pick([30, 45, 60, 60, 90, 120]),
        axes: dice.some(axes, dice.int(1, axes.length)),
        withSectorWorker: dice.chance(0.1),
        actions: dice.some(visitActions.values, dice.int(0, 2)),
        ...(notes ? { notes } : {}),
      },
    };
  });
}

/**
 * The history of one measure that ends, before `today`, in the state `target` asks for; null when
 * the dice led elsewhere (the caller throws them again). Workers are diligent: each bilan is written
 * within its notice window, each period renewed or closed, each follow-up visit made in time —
 * except, for a due measure, the one deadline it is due for.
 */
function history(dice: Dice, policy: DepartmentPolicy, today: string, target: Target, axes: WorkAxis[]) {
  const last = addDays(today, -1);
  const { contractDays, noticeDays } = policy.deadlines;
  const lead = policy.bilan?.leadDays ?? 0;
  if (target === 'awaiting' || target === 'contract_unsigned') {
    const decidedOn =
      target === 'awaiting'
        ? addDays(today, -dice.int(1, contractDays - 1))
        : addDays(today, -dice.int(contractDays, contractDays + 60));
    return { decidedOn, steps: [] as Step[], activeUntil: null, initial: dice.pick(policy.initialDurationsMonths) };
  }
  const earliest: Record<Exclude<Target, 'awaiting' | 'contract_unsigned'>, number> = {
    active: 330,
    closed: 365,
    bilan_due: 365,
    overdue_end: 365,
    follow_up_due: 365,
  };
  const decidedOn = addDays(today, -dice.int(target === 'follow_up_due' ? 150 : 10, earliest[target]));
  const steps: Step[] = [];
  const signedOn = addDays(decidedOn, dice.int(0, Math.min(20, daysFrom(decidedOn, last))));
  if (signedOn > last) return null;
  steps.push({
    kind: 'contract',
    on: signedOn,
    body: {
      signedOn,
      objectives: axes.map((axis) => ({ axis, text: dice.pick(objectiveTexts[axis]) })),
      signatories: policy.tripartiteContract ? ['household', 'worker', 'referrer'] : ['household', 'worker'],
    },
  });
  const initial = dice.pick(policy.initialDurationsMonths);
  const result = (activeUntil: string | null) => ({ decidedOn, steps, activeUntil, initial });
  let granted = initial;
  let renewals = 0;
  let periodStart = signedOn;
  let end = plannedEnd(signedOn, initial);
  const rule = policy.renewal;
  const renewalMonths = () =>
    (rule?.durationsMonths ?? []).filter((months) => policy.totalCapMonths === null || granted + months <= policy.totalCapMonths);
  const canRenew = () => rule !== null && (rule.maxCount === null || renewals < rule.maxCount) && renewalMonths().length > 0;
  const bilan = (on: string, renew: boolean): Step => ({
    kind: 'bilan',
    on,
    body: {
      submittedOn: on,
      recommendation: renew ? 'renew' : 'end',
      ...(renew ? { nextOrientation: dice.pick(['maintien', 'acces'] as const) } : {}),
      stepsTaken: 'Rencontres régulières ; démarches engagées auprès du bailleur et de la CAF.',
      objectivesReached: axes.map((axis) => ({ axis, reached: dice.pick(['yes', 'partly', 'no'] as const) })),
    },
  });
  const close = (endedOn: string): Step => ({
    kind: 'closure',
    on: endedOn,
    body: {
      endedOn,
      reason: endedOn >= end ? 'term' : dice.pick(closureReasons.values.filter((reason) => reason !== 'term')),
      housingOutcome: dice.pick(housingOutcomes.values),
      evictionAvoided: dice.chance(0.5),
    },
  });
  /** The closure, then the follow-up visit if it fell due before today (or not, for a due one). */
  const closed = (endedOn: string) => {
    steps.push(close(endedOn));
    const followUpOn = followUpDueOn(endedOn, policy);
    const from = followUpOn === null ? null : addDays(followUpOn, -noticeDays);
    if (target === 'follow_up_due') return from !== null && from <= today ? endedOn : null;
    if (from !== null && from <= today) {
      const visitedOn = addDays(from, dice.int(0, Math.max(0, Math.min(noticeDays + 20, daysFrom(from, last)))));
      if (visitedOn > last || visitedOn < endedOn) return null;
      steps.push({
        kind: 'followUp',
        on: visitedOn,
        body: {
          visitedOn,
          withSectorWorker: policy.followUp?.withSectorWorker ?? dice.chance(0.3),
          stillHoused: dice.chance(0.8),
        },
      });
    }
    return endedOn;
  };

  for (;;) {
    const bilanFrom = addDays(end, -(lead + noticeDays));
    if (bilanFrom > today) {
      // This period's bilan is not yet due today.
      if (target === 'active') return result(last);
      if (target !== 'closed') return null;
      // An early stop: the bilan, then the closure.
      const from = addDays(periodStart, 10);
      if (from > last) return null;
      const bilanOn = addDays(from, dice.int(0, daysFrom(from, last)));
      steps.push(bilan(bilanOn, false));
      const endedOn = addDays(bilanOn, dice.int(0, Math.min(10, daysFrom(bilanOn, last))));
      const done = closed(endedOn);
      return done ? result(done) : null;
    }
    // The bilan is due by today.
    if (target === 'bilan_due') return today <= end ? result(last) : null;
    const from = bilanFrom < periodStart ? periodStart : bilanFrom;
    if (from > last) return null;
    const bilanOn = addDays(from, dice.int(0, Math.min(noticeDays + 3, daysFrom(from, last))));
    if (target === 'overdue_end') {
      if (end >= today) {
        if (!canRenew()) return null;
      } else {
        // The end passed with nothing decided: with its bilan written, or without.
        if (dice.chance(0.6)) steps.push(bilan(bilanOn, dice.chance(0.5)));
        return result(last);
      }
    }
    const renew = canRenew() && (target !== 'closed' && target !== 'follow_up_due' ? true : dice.chance(0.55));
    if (!renew && target !== 'closed' && target !== 'follow_up_due') return null;
    steps.push(bilan(bilanOn, renew));
    if (!renew) {
      const endedOn = addDays(bilanOn, dice.int(0, Math.min(20, daysFrom(bilanOn, last))));
      const done = closed(endedOn);
      return done ? result(done) : null;
    }
    const renewedOn = addDays(bilanOn, dice.int(0, Math.min(7, daysFrom(bilanOn, last))));
    const months = dice.pick(renewalMonths());
    steps.push({
      kind: 'renewal',
      on: renewedOn,
      body: { decidedOn: renewedOn, months, orientation: dice.pick(['maintien', 'acces'] as const) },
    });
    granted += months;
    renewals += 1;
    periodStart = renewedOn;
    end = renewedPlannedEnd(end, months);
  }
}

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** The kinds of due measure the policy has rules for, in the order they are handed out. */
export function dueKinds(policy: DepartmentPolicy): DueKind[] {
  return ['contract_unsigned', 'bilan_due', 'overdue_end', ...(policy.followUp ? (['follow_up_due'] as const) : [])];
}

/** Which of `count` measures are due, spread through the sequence (a shuffle of the indexes). */
function dueIndexes(dice: Dice, count: number, due: number): Set<number> {
  const indexes = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = dice.int(0, index);
    [indexes[index], indexes[other]] = [indexes[other]!, indexes[index]!];
  }
  return new Set(indexes.slice(0, due));
}

/**
 * Every measure's plan, pure: the referral, the decision and the dated steps. Statuses of the
 * measures not due: about 8 % awaiting their contract, 47 % active, 45 % closed.
 */
export function planMeasures(options: Omit<GeneratorOptions, 'concurrency' | 'onProgress'>): MeasurePlan[] {
  const { count, due, policy, today, seed } = options;
  if (!Number.isInteger(count) || !Number.isInteger(due) || due < 0 || due > count) throw new RangeError('0 ≤ due ≤ count');
  const { workers, managers } = staffIds(options.identities, options.workers);
  const dice = new Dice(randomFrom(seed));
  const dueSet = dueIndexes(dice, count, due);
  const kinds = dueKinds(policy);
  let dueHanded = 0;
  const plans: MeasurePlan[] = [];
  for (let index = 0; index < count; index += 1) {
    const roll = dice.next();
    const target: Target = dueSet.has(index)
      ? kinds[dueHanded++ % kinds.length]!
      : roll < 0.08
        ? 'awaiting'
        : roll < 0.55
          ? 'active'
          : 'closed';
    const body = referralBody(dice, policy, options.identities);
    const axes = dice.some(workAxes.values, dice.int(1, 3));
    let found: NonNullable<ReturnType<typeof history>> | null = null;
    for (let attempt = 0; attempt < 500 && !found; attempt += 1) found = history(dice, policy, today, target, axes);
    if (!found) throw new Error(`générateur : aucune histoire « ${target} » pour le règlement ${policy.id}`);
    const receivedOn = addDays(found.decidedOn, -dice.int(0, Math.min(policy.deadlines.decisionDays + 10, 40)));
    const steps = [...found.steps];
    if (found.activeUntil) {
      const signedOn = steps[0]!.on;
      steps.push(...visitSteps(dice, axes, signedOn, found.activeUntil, dice.int(1, 3)));
    }
    steps.sort((a, b) => a.on.localeCompare(b.on) || stepOrder[a.kind] - stepOrder[b.kind]);
    plans.push({
      referralId: dice.uuid(),
      measureId: dice.uuid(),
      body,
      receivedAt: instantOn(dice, receivedOn),
      sequence: 0,
      decision: {
        decision: 'accepted',
        decidedOn: found.decidedOn,
        orientation: body.orientation,
        axes,
        durationMonths: found.initial,
        workerId: dice.pick(workers),
      },
      managerId: managers[dice.int(1, 3) - 1]!,
      steps,
      recordIds: steps.map(() => dice.uuid()),
      dueKind: target === 'awaiting' || target === 'active' || target === 'closed' ? null : target,
    });
  }
  return plans;
}

/** A referral no measure comes of: refused, redirected, or still waiting for its decision. */
export interface ReferralPlan {
  referralId: string;
  body: ReferralBody;
  receivedAt: Date;
  sequence: number;
  decision: DecisionBody | null;
  managerId: string;
}

const refusalReasons = [
  'Le ménage relève d’un accompagnement budgétaire déjà en place.',
  'Situation sans difficulté liée au logement : orientation vers le service social de secteur.',
  'Le ménage n’a pas donné suite aux propositions de rendez-vous.',
] as const;
const redirectionReasons = [
  'Orientation vers l’accompagnement vers et dans le logement (AVDL).',
  'Orientation vers une mesure d’accompagnement social personnalisé (MASP).',
  'Orientation vers l’intermédiation locative.',
] as const;

/** The referrals no measure comes of (`otherReferrals`), pure; from their own dice, so the measures' plans stay the same. */
export function planReferrals(
  options: Pick<GeneratorOptions, 'policy' | 'today' | 'seed' | 'otherReferrals' | 'identities'>,
): ReferralPlan[] {
  const { policy, today } = options;
  const { managers } = staffIds(options.identities);
  const dice = new Dice(randomFrom(options.seed ^ 0x5eed));
  const waitingDays = Math.max(1, policy.deadlines.decisionDays - 2);
  return Array.from({ length: options.otherReferrals ?? 0 }, () => {
    const roll = dice.next();
    const waiting = roll < 0.15;
    const receivedOn = waiting ? addDays(today, -dice.int(1, waitingDays)) : addDays(today, -dice.int(22, 365));
    const decision = roll < 0.65 ? 'refused' : 'redirected';
    return {
      referralId: dice.uuid(),
      body: referralBody(dice, policy, options.identities),
      receivedAt: instantOn(dice, receivedOn),
      sequence: 0,
      decision: waiting
        ? null
        : {
            decision,
            decidedOn: addDays(receivedOn, dice.int(0, 21)),
            reason: dice.pick(decision === 'refused' ? refusalReasons : redirectionReasons),
          },
      managerId: managers[dice.int(1, 3) - 1]!,
    };
  });
}

// Carrying a plan out

/** Where a plan's writes go: the store, or nowhere (a dry run of the domain steps). */
export interface Sink {
  saveNew(referral: Referral, journal: JournalEntry): Promise<void>;
  saveDecision(outcome: ReturnType<typeof decideReferral>, readVersion: number, journal: JournalEntry): Promise<void>;
  write(change: MeasureChange, before: Measure, journal: JournalEntry): Promise<void>;
}

const stepRoutes: Record<Step['kind'], [action: string, route: string]> = {
  contract: ['contract', 'POST /measures/{id}/contract'],
  visit: ['visit', 'POST /measures/{id}/visits'],
  bilan: ['bilan', 'POST /measures/{id}/bilans'],
  renewal: ['renewal', 'POST /measures/{id}/renewals'],
  closure: ['closure', 'POST /measures/{id}/closure'],
  followUp: ['follow_up', 'POST /measures/{id}/follow-up'],
};

/** A step's instant: office hours on its day, later for each later step of the measure. */
function stepInstant(on: string, index: number): Date {
  return new Date(`${on}T${String(8 + (index % 8)).padStart(2, '0')}:${String((index * 7) % 60).padStart(2, '0')}:00.000Z`);
}

function applyStep(measure: Measure, step: Step, policy: DepartmentPolicy, context: StepContext): MeasureChange {
  switch (step.kind) {
    case 'contract':
      return recordContract(measure, step.body, policy, context);
    case 'visit':
      return recordVisit(measure, step.body, policy, context);
    case 'bilan':
      return recordBilan(measure, step.body, policy, context);
    case 'renewal':
      return recordRenewal(measure, step.body, policy, context);
    case 'closure':
      return recordClosure(measure, step.body, policy, context);
    case 'followUp':
      return recordFollowUp(measure, step.body, policy, context);
  }
}

/** A referral received, then decided if its plan says so, through the domain's rules, each written to `sink`. */
async function receiveAndDecide(plan: MeasurePlan | ReferralPlan, policy: DepartmentPolicy, sink?: Sink) {
  const referral = receiveReferral(plan.body, policy, {
    id: plan.referralId,
    sequence: plan.sequence,
    receivedAt: plan.receivedAt,
  });
  await sink?.saveNew(referral, {
    at: plan.receivedAt.toISOString(),
    actor: 'public',
    groups: [],
    action: 'received',
    route: 'POST /referrals',
  });
  if (!plan.decision) return { referral, measure: null };
  let decidedAt = stepInstant(plan.decision.decidedOn, 1);
  if (decidedAt <= plan.receivedAt) decidedAt = new Date(plan.receivedAt.getTime() + 30 * 60_000);
  const outcome = decideReferral(referral, plan.decision, policy, {
    managerId: plan.managerId,
    now: decidedAt,
    measureId: 'measureId' in plan ? plan.measureId : 'unused',
    worker: plan.decision.workerId ? { id: plan.decision.workerId, active: true, groups: ['worker'] } : null,
  });
  await sink?.saveDecision(outcome, referral.version, {
    at: decidedAt.toISOString(),
    actor: plan.managerId,
    groups: ['manager'],
    action: 'decided',
    route: 'POST /referrals/{id}/decision',
  });
  return outcome;
}

/** A referral no measure comes of, written to `sink`. */
export async function carryOutReferral(plan: ReferralPlan, policy: DepartmentPolicy, sink?: Sink): Promise<Referral> {
  return (await receiveAndDecide(plan, policy, sink)).referral;
}

/** The referral, its decision and every step, through the domain's rules, each written to `sink`. */
export async function carryOut(plan: MeasurePlan, policy: DepartmentPolicy, sink?: Sink): Promise<Measure> {
  const outcome = await receiveAndDecide(plan, policy, sink);
  let measure = outcome.measure!;
  for (const [index, step] of plan.steps.entries()) {
    const now = stepInstant(step.on, index + 2);
    const change = applyStep(measure, step, policy, {
      today: step.on,
      now,
      actorId: measure.workerId,
      recordId: plan.recordIds[index]!,
    });
    const [action, route] = stepRoutes[step.kind];
    await sink?.write(change, measure, {
      at: now.toISOString(),
      actor: measure.workerId,
      groups: ['worker'],
      action,
      route,
    });
    measure = change.measure;
  }
  return measure;
}

/** Whether the deadlines index files this measure on `today` or before. */
export function isDue(measure: Measure, policy: DepartmentPolicy, today: string): boolean {
  const on = nextActionableOn(measure, policy);
  return on !== null && on <= today;
}

/** Reserves `count` reference numbers of `year` in one atomic update; returns the first. */
async function reserveSequences(stores: Stores, year: number, count: number): Promise<number> {
  const result = await stores.table.client.send(
    new UpdateCommand({
      TableName: stores.table.name,
      Key: keys.referenceCounter(year),
      UpdateExpression: 'ADD lastValue :count SET entity = :entity',
      ExpressionAttributeValues: { ':count': count, ':entity': 'counter' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.lastValue) - count + 1;
}

/**
 * Plans the measures, checks that exactly `due` of them are due on `today`, then writes them through
 * the store, `concurrency` measures at a time. References follow the order of receipt within each
 * year, from numbers reserved on the year's counter (so later referrals keep counting after them).
 */
export async function generateMeasures(stores: Stores, options: GeneratorOptions): Promise<GeneratedSummary> {
  const { policy, today } = options;
  const plans = planMeasures(options);
  const others = planReferrals(options);
  const byYear = new Map<number, (MeasurePlan | ReferralPlan)[]>();
  for (const plan of [...plans, ...others]) {
    const year = referenceYear(plan.receivedAt);
    byYear.set(year, [...(byYear.get(year) ?? []), plan]);
  }
  for (const [year, ofYear] of byYear) {
    const first = await reserveSequences(stores, year, ofYear.length);
    ofYear.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    ofYear.forEach((plan, index) => (plan.sequence = first + index));
  }

  const summary: GeneratedSummary = {
    measures: plans.length,
    due: 0,
    byStatus: { awaiting_contract: 0, active: 0, closed: 0 },
    dueByKind: {},
    visits: 0,
    writes: byYear.size,
    measureIds: plans.map((plan) => plan.measureId),
  };
  for (const plan of plans) {
    const measure = await carryOut(plan, policy);
    if (isDue(measure, policy, today) !== (plan.dueKind !== null))
      throw new Error(
        `générateur : la mesure ${plan.measureId} (${plan.dueKind ?? 'non due'}) ne tombe pas comme prévu le ${today}`,
      );
    summary.byStatus[measure.status] += 1;
    summary.visits += measure.visits.length;
    summary.writes += 2 + plan.steps.length;
    if (plan.dueKind) {
      summary.due += 1;
      summary.dueByKind[plan.dueKind] = (summary.dueByKind[plan.dueKind] ?? 0) + 1;
    }
  }

  const sink: Sink = {
    saveNew: (referral, journal) => stores.referrals.saveNew(referral, { policy, journal }),
    saveDecision: (outcome, readVersion, journal) => stores.referrals.saveDecision(outcome, readVersion, { policy, journal }),
    write: async (change, before, journal) => {
      await stores.measures.write({ policy, before, change, readVersion: before.version, openTasks: [], journal });
    },
  };
  for (const plan of others) summary.writes += plan.decision ? 2 : 1;
  let next = 0;
  let written = 0;
  const all: (MeasurePlan | ReferralPlan)[] = [...plans, ...others];
  const lane = async () => {
    while (next < all.length) {
      const plan = all[next++]!;
      if ('measureId' in plan) await carryOut(plan, policy, sink);
      else await carryOutReferral(plan, policy, sink);
      written += 1;
      if (written % 500 === 0) options.onProgress?.(written);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 12 }, lane));
  return summary;
}

export interface DayOptions {
  policy: DepartmentPolicy;
  /** The day (YYYY-MM-DD) of the activity: after every generated step. */
  day: string;
  seed: number;
  /** How many lifecycle writes. */
  writes: number;
}

export interface DaySummary {
  writes: number;
  /** Referrals and measures the day's writes changed (each counted once). */
  changedItems: number;
}

/**
 * One working day of activity after the generated history, through the store as the routes write:
 * visits on active measures (about 60 % of the writes, one per measure), new referrals, and a
 * refusal for every third of them.
 */
export async function simulateDay(stores: Stores, options: DayOptions): Promise<DaySummary> {
  const { policy, day } = options;
  const dice = new Dice(randomFrom(options.seed));
  const changed = new Set<string>();
  const active = (await stores.measures.list('active', 'all', { limit: 100 })).items;
  const visits = Math.min(active.length, Math.round(options.writes * 0.6));
  for (const [index, head] of active.slice(0, visits).entries()) {
    const { tasks, ...measure } = (await stores.measures.getFile(head.id))!;
    const now = stepInstant(day, index);
    const body = visitSteps(dice, measure.axes, day, day, 1)[0]!.body as VisitBody;
    const change = recordVisit(measure, body, policy, { today: day, now, actorId: measure.workerId, recordId: dice.uuid() });
    const journal = {
      at: now.toISOString(),
      actor: measure.workerId,
      groups: ['worker'],
      action: 'visit',
      route: 'POST /measures/{id}/visits',
    };
    await stores.measures.write({ policy, before: measure, change, readVersion: measure.version, openTasks: tasks, journal });
    changed.add(`measure:${measure.id}`);
  }
  const waiting: Referral[] = [];
  for (let index = visits; index < options.writes; index += 1) {
    const now = stepInstant(day, index);
    const undecided = waiting.shift();
    if (index % 3 === 2 && undecided) {
      const managerId = `bench-manager-${dice.int(1, 3)}`;
      const outcome = decideReferral(
        undecided,
        { decision: 'refused', decidedOn: day, reason: dice.pick(refusalReasons) },
        policy,
        { managerId, now, measureId: 'unused', worker: null },
      );
      const journal = {
        at: now.toISOString(),
        actor: managerId,
        groups: ['manager'],
        action: 'decided',
        route: 'POST /referrals/{id}/decision',
      };
      await stores.referrals.saveDecision(outcome, undecided.version, { policy, journal });
      changed.add(`referral:${undecided.id}`);
      continue;
    }
    if (undecided) waiting.unshift(undecided);
    const sequence = await stores.referrals.allocateReferenceSequence(referenceYear(now));
    const referral = receiveReferral(referralBody(dice, policy), policy, { id: dice.uuid(), sequence, receivedAt: now });
    const journal = { at: now.toISOString(), actor: 'public', groups: [], action: 'received', route: 'POST /referrals' };
    await stores.referrals.saveNew(referral, { policy, journal });
    waiting.push(referral);
    changed.add(`referral:${referral.id}`);
  }
  return { writes: options.writes, changedItems: changed.size };
}
