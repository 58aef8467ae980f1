import { currentPeriod, currentPeriodBilan, grantedMonths, type Measure } from './measure.js';
import { addDays, addMonths } from './measure-dates.js';
import { frenchMonthName } from './french-dates.js';
import { frenchDate } from './measure-rules.js';
import type { DepartmentPolicy } from './policies.js';
import type { Referral } from './referral.js';
import { taskId, type Task, type TaskAssignee } from './task.js';
import type { TaskKind } from './vocabulary.js';

/**
 * The rules of the `deadlines` job (DOMAIN.md "Deadlines"): each reads one measure or referral, the
 * department's policy and today (the Paris date of the job's time), and returns the task its state
 * calls for, or null. A task's id says its cause (kind, subject, period), so every run that finds
 * the same cause returns the same id, and the store creates the task once.
 *
 * Every rule but `visit_cadence` fires from a date its subject's state fixes and keeps firing, with
 * the same id, until a write changes that state: `nextActionableOn` gives that date for the sparse
 * index the job queries. `visit_cadence` looks at the month just ended, so it runs monthly instead.
 */

export type MeasureTaskKind = Exclude<TaskKind, 'referral_waiting'>;

/** A rule on a measure: the task it calls for on `today`, created at `now`, or null. */
export type MeasureRule = (measure: Measure, policy: DepartmentPolicy, today: string, now: Date) => Task | null;

const days = (count: number): string => (count === 1 ? '1 jour' : `${count} jours`);

interface TaskFacts {
  id: string;
  kind: TaskKind;
  title: string;
  dueOn: string;
  assignee: TaskAssignee;
}

function openTask(
  facts: TaskFacts,
  subject: { measureId: string | null; referralId: string | null; reference: string },
  now: Date,
): Task {
  return { ...facts, status: 'open', ...subject, createdAt: now.toISOString(), doneAt: null };
}

function measureTask(measure: Measure, facts: Omit<TaskFacts, 'assignee'>, now: Date): Task {
  return openTask(
    { ...facts, assignee: { workerId: measure.workerId } },
    { measureId: measure.id, referralId: null, reference: measure.reference },
    now,
  );
}

/** A rule that fires from a date its subject's state fixes (null: not while in this state). */
const firesOn = (from: string | null, today: string): from is string => from !== null && today >= from;

// referral_waiting

function referralWaitingFrom(referral: Referral, policy: DepartmentPolicy): string | null {
  return referral.status === 'received' ? addDays(referral.receivedOn, policy.deadlines.decisionDays) : null;
}

/** A referral still `received` `decisionDays` after its receipt: the managers decide on it. */
export function referralWaitingTask(referral: Referral, policy: DepartmentPolicy, today: string, now: Date): Task | null {
  const dueOn = referralWaitingFrom(referral, policy);
  if (!firesOn(dueOn, today)) return null;
  return openTask(
    {
      id: taskId('referral_waiting', referral.id),
      kind: 'referral_waiting',
      title:
        `Décision à prendre sur la demande ${referral.reference}, reçue le ${frenchDate(referral.receivedOn)} ` +
        `(délai de ${days(policy.deadlines.decisionDays)} atteint le ${frenchDate(dueOn)})`,
      dueOn,
      assignee: { group: 'manager' },
    },
    { measureId: null, referralId: referral.id, reference: referral.reference },
    now,
  );
}

// contract_unsigned

function contractUnsignedFrom(measure: Measure, policy: DepartmentPolicy): string | null {
  return measure.status === 'awaiting_contract' ? addDays(measure.decidedOn, policy.deadlines.contractDays) : null;
}

/** A measure still awaiting its contract `contractDays` after its decision. */
export const contractUnsignedTask: MeasureRule = (measure, policy, today, now) => {
  const dueOn = contractUnsignedFrom(measure, policy);
  if (!firesOn(dueOn, today)) return null;
  return measureTask(
    measure,
    {
      id: taskId('contract_unsigned', measure.id),
      kind: 'contract_unsigned',
      title:
        `Contrat de la mesure ${measure.reference} à faire signer, mesure décidée le ${frenchDate(measure.decidedOn)} ` +
        `(délai de ${days(policy.deadlines.contractDays)} atteint le ${frenchDate(dueOn)})`,
      dueOn,
    },
    now,
  );
};

// visit_cadence

/** The last full calendar month before today's: `YYYY-MM`, its first and its last day. */
export function lastFullMonth(today: string): { month: string; first: string; last: string } {
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const first = addMonths(firstOfThisMonth, -1);
  return { month: first.slice(0, 7), first, last: addDays(firstOfThisMonth, -1) };
}

/**
 * An active measure whose last full calendar month, lying wholly within its period (startedOn to
 * plannedEnd), had fewer visits than the policy's minimum: one task per measure and month, due
 * today. A closed measure calls for none: its closure ends the cadence (it resolves these tasks).
 */
export const visitCadenceTask: MeasureRule = (measure, policy, today, now) => {
  const cadence = policy.visitCadence;
  if (!cadence || measure.status !== 'active' || measure.startedOn === null || measure.plannedEnd === null) return null;
  const { month, first, last } = lastFullMonth(today);
  if (measure.startedOn > first || measure.plannedEnd < last) return null;
  const held = measure.visits.filter((visit) => visit.date >= first && visit.date <= last).length;
  if (held >= cadence.minMeetingsPerMonth) return null;
  const monthName = `${frenchMonthName(Number(month.slice(5, 7)))} ${month.slice(0, 4)}`;
  const heldText = held === 0 ? 'aucune rencontre' : held === 1 ? '1 rencontre' : `${held} rencontres`;
  return measureTask(
    measure,
    {
      id: taskId('visit_cadence', measure.id, month),
      kind: 'visit_cadence',
      title:
        `Rythme des rencontres non tenu pour la mesure ${measure.reference} : ${heldText} en ${monthName}, ` +
        `au moins ${cadence.minMeetingsPerMonth} prévues par mois`,
      dueOn: today,
    },
    now,
  );
};

// bilan_due

function bilanDueFrom(measure: Measure, policy: DepartmentPolicy): string | null {
  if (measure.status !== 'active' || measure.bilanDueOn === null || currentPeriodBilan(measure)) return null;
  return addDays(measure.bilanDueOn, -policy.deadlines.noticeDays);
}

/** An active measure with no bilan of its current period, from `noticeDays` before `bilanDueOn`. */
export const bilanDueTask: MeasureRule = (measure, policy, today, now) => {
  if (!firesOn(bilanDueFrom(measure, policy), today)) return null;
  const dueOn = measure.bilanDueOn!;
  return measureTask(
    measure,
    {
      id: taskId('bilan_due', measure.id, `p${currentPeriod(measure)}`),
      kind: 'bilan_due',
      title: `Bilan de la mesure ${measure.reference} à remettre au plus tard le ${frenchDate(dueOn)}`,
      dueOn,
    },
    now,
  );
};

// overdue_end

function overdueEndFrom(measure: Measure): string | null {
  return measure.status === 'active' && measure.plannedEnd !== null ? addDays(measure.plannedEnd, 1) : null;
}

/** Whether the policy still allows one more renewal of this measure (count and total cap). */
function renewable(measure: Measure, policy: DepartmentPolicy): boolean {
  const rule = policy.renewal;
  if (!rule || rule.durationsMonths.length === 0) return false;
  if (rule.maxCount !== null && measure.renewals.length >= rule.maxCount) return false;
  return policy.totalCapMonths === null || grantedMonths(measure) + Math.min(...rule.durationsMonths) <= policy.totalCapMonths;
}

/** An active measure whose planned end has passed: renew it, where the policy still allows, or close it. */
export const overdueEndTask: MeasureRule = (measure, policy, today, now) => {
  const dueOn = overdueEndFrom(measure);
  if (!firesOn(dueOn, today)) return null;
  const next = renewable(measure, policy) ? 'à renouveler ou à clôturer' : 'à clôturer';
  return measureTask(
    measure,
    {
      id: taskId('overdue_end', measure.id, `p${currentPeriod(measure)}`),
      kind: 'overdue_end',
      title: `Échéance de la mesure ${measure.reference} dépassée (fin prévue le ${frenchDate(measure.plannedEnd!)}) : ${next}`,
      dueOn,
    },
    now,
  );
};

// follow_up_due

function followUpDueFrom(measure: Measure, policy: DepartmentPolicy): string | null {
  if (!policy.followUp || measure.status !== 'closed' || measure.followUp !== null || measure.followUpDueOn === null) return null;
  return addDays(measure.followUpDueOn, -policy.deadlines.noticeDays);
}

/** A closed measure whose follow-up visit is not recorded, from `noticeDays` before `followUpDueOn`. */
export const followUpDueTask: MeasureRule = (measure, policy, today, now) => {
  if (!firesOn(followUpDueFrom(measure, policy), today)) return null;
  const dueOn = measure.followUpDueOn!;
  const withWhom = policy.followUp!.withSectorWorker ? ', avec le travailleur social de secteur' : '';
  return measureTask(
    measure,
    {
      id: taskId('follow_up_due', measure.id),
      kind: 'follow_up_due',
      title: `Visite de suivi de la mesure ${measure.reference} prévue le ${frenchDate(dueOn)}${withWhom}`,
      dueOn,
    },
    now,
  );
};

// All rules

/** Every rule on a measure, by the kind of task it creates. */
export const measureRules: Readonly<Record<MeasureTaskKind, MeasureRule>> = {
  contract_unsigned: contractUnsignedTask,
  visit_cadence: visitCadenceTask,
  bilan_due: bilanDueTask,
  overdue_end: overdueEndTask,
  follow_up_due: followUpDueTask,
};

/** Every task the measure calls for on `today`. */
export function tasksDueFor(measure: Measure, policy: DepartmentPolicy, today: string, now: Date): Task[] {
  return Object.values(measureRules)
    .map((rule) => rule(measure, policy, today, now))
    .filter((task): task is Task => task !== null);
}

/**
 * The tasks the measure calls for on `today` by the dated rules, all but `visit_cadence`: those the
 * deadlines index files a measure under (`nextActionableOn`), judged on the measure's head alone.
 */
export function datedTasksDueFor(measure: Measure, policy: DepartmentPolicy, today: string, now: Date): Task[] {
  return (Object.entries(measureRules) as [MeasureTaskKind, MeasureRule][])
    .filter(([kind]) => kind !== 'visit_cadence')
    .map(([, rule]) => rule(measure, policy, today, now))
    .filter((task): task is Task => task !== null);
}

/** The task the referral calls for on `today`, or null. */
export function taskDueForReferral(referral: Referral, policy: DepartmentPolicy, today: string, now: Date): Task | null {
  return referralWaitingTask(referral, policy, today, now);
}

const isReferral = (subject: Measure | Referral): subject is Referral => 'receivedOn' in subject;

/**
 * The earliest date on which a rule other than `visit_cadence` fires for this measure or referral in
 * its current state, or null when none can until a write changes it. With `after` (the day the job
 * last ran for it), only dates later than `after`: the rules that fire by then have created their
 * tasks, which stay the same while the state lasts.
 */
export function nextActionableOn(subject: Measure | Referral, policy: DepartmentPolicy, after?: string): string | null {
  const dates = isReferral(subject)
    ? [referralWaitingFrom(subject, policy)]
    : [
        contractUnsignedFrom(subject, policy),
        bilanDueFrom(subject, policy),
        overdueEndFrom(subject),
        followUpDueFrom(subject, policy),
      ];
  const ahead = dates.filter((date): date is string => date !== null && (after === undefined || date > after));
  return ahead.length === 0 ? null : ahead.reduce((earliest, date) => (date < earliest ? date : earliest));
}
