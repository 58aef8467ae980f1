import type {
  BilanRecommendation,
  ClosureReason,
  HousingOutcome,
  MeasureStatus,
  ObjectiveReached,
  Orientation,
  Signatory,
  TaskKind,
  VisitAction,
  VisitKind,
  WorkAxis,
} from './vocabulary.js';

/**
 * An ASLL measure and the records of its lifecycle (DOMAIN.md "Lifecycle", API.md "The measure").
 * Every record names who recorded it (`recordedBy`, a staff id) and when (`recordedAt`, ISO instant).
 */

export interface Contract {
  signedOn: string;
  objectives: { axis: WorkAxis; text: string }[];
  signatories: Signatory[];
  recordedBy: string;
  recordedAt: string;
}

export interface Visit {
  id: string;
  date: string;
  kind: VisitKind;
  durationMinutes: number;
  axes: WorkAxis[];
  withSectorWorker: boolean;
  actions: VisitAction[];
  notes: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface Bilan {
  id: string;
  submittedOn: string;
  recommendation: BilanRecommendation;
  /** The orientation a renewal would take; set only when the bilan recommends renewing. */
  nextOrientation: Orientation | null;
  stepsTaken: string;
  objectivesReached: { axis: WorkAxis; reached: ObjectiveReached }[];
  /** The period the bilan assesses: 0 = the initial period, n = the period after the n-th renewal. */
  period: number;
  recordedBy: string;
  recordedAt: string;
}

export interface Renewal {
  id: string;
  decidedOn: string;
  months: number;
  orientation: Orientation;
  previousPlannedEnd: string;
  plannedEnd: string;
  recordedBy: string;
  recordedAt: string;
}

export interface Closure {
  endedOn: string;
  reason: ClosureReason;
  housingOutcome: HousingOutcome;
  evictionAvoided: boolean | null;
  /** Ended before its planned end. */
  early: boolean;
  recordedBy: string;
  recordedAt: string;
}

export interface FollowUp {
  visitedOn: string;
  withSectorWorker: boolean;
  stillHoused: boolean;
  notes: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface Measure {
  id: string;
  reference: string;
  referralId: string;
  status: MeasureStatus;
  /** The current period's orientation: a renewal may change it. */
  orientation: Orientation;
  /** The orientation the decision gave (absent on measures opened before it was kept). */
  initialOrientation?: Orientation;
  axes: WorkAxis[];
  workerId: string;
  initialDurationMonths: number;
  household: { lastName: string; firstName: string; postcode: string; commune: string };
  decidedOn: string;
  createdAt: string;
  startedOn: string | null;
  plannedEnd: string | null;
  bilanDueOn: string | null;
  followUpDueOn: string | null;
  contract: Contract | null;
  visits: Visit[];
  bilans: Bilan[];
  renewals: Renewal[];
  closure: Closure | null;
  followUp: FollowUp | null;
  version: number;
}

/** What a lifecycle step needs beyond the measure and its body: the clock and identities, as parameters. */
export interface StepContext {
  /** The Europe/Paris date of `now`, YYYY-MM-DD. */
  today: string;
  now: Date;
  /** The staff member recording the step. */
  actorId: string;
  /** Id for the record a step appends (visit, bilan, renewal); unused by the others. */
  recordId: string;
}

export type AppendedRecord =
  { collection: 'visits'; record: Visit } | { collection: 'bilans'; record: Bilan } | { collection: 'renewals'; record: Renewal };

/** What a step did: the whole new state, the record it appended, and the tasks whose cause it removed. */
export interface MeasureChange {
  /** The whole new state, `version` + 1. */
  measure: Measure;
  appended: AppendedRecord | null;
  /** Open tasks of these kinds on this measure are now done. */
  resolvedTaskKinds: TaskKind[];
  /** Open tasks of this measure, by id, whose cause the change removed (a month's cadence now kept). */
  resolvedTaskIds?: string[];
}

/**
 * The current period: 0 before any renewal, n after the n-th. A bilan belongs to the period in
 * which it was recorded, so one recorded before a renewal belongs to the period that renewal ended,
 * even when both carry the same date (API.md).
 */
export function currentPeriod(measure: Measure): number {
  return measure.renewals.length;
}

/** The day the current period started: `startedOn`, or the day the last renewal was decided; null before the contract. */
export function currentPeriodStart(measure: Measure): string | null {
  return measure.renewals.at(-1)?.decidedOn ?? measure.startedOn;
}

/** The bilans of the current period, in the order they were recorded (a later one completes or corrects an earlier). */
export function currentPeriodBilans(measure: Measure): Bilan[] {
  const period = currentPeriod(measure);
  return measure.bilans.filter((bilan) => bilan.period === period);
}

/** The first bilan of the current period, if one was recorded. */
export function currentPeriodBilan(measure: Measure): Bilan | null {
  return currentPeriodBilans(measure)[0] ?? null;
}

/** The first bilan of the current period that recommends renewing, if any (API.md "renewals"). */
export function renewingBilan(measure: Measure): Bilan | null {
  return currentPeriodBilans(measure).find((bilan) => bilan.recommendation === 'renew') ?? null;
}

/** Months granted so far: the initial duration and every renewal. */
export function grantedMonths(measure: Measure): number {
  return measure.renewals.reduce((total, renewal) => total + renewal.months, measure.initialDurationMonths);
}

/**
 * The orientation the measure had on `day`: the decision's, then each renewal's from the day it was
 * decided. A measure opened before the decision's orientation was kept falls back on its current one.
 */
export function orientationOn(measure: Measure, day: string): Orientation {
  let orientation = measure.initialOrientation ?? measure.orientation;
  for (const renewal of measure.renewals) if (renewal.decidedOn <= day) orientation = renewal.orientation;
  return orientation;
}
