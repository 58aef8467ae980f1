import * as z from 'zod/mini';
import type { ErrorDetail } from '../errors.js';
import {
  currentPeriodBilan,
  currentPeriodStart,
  type Closure,
  type Measure,
  type MeasureChange,
  type StepContext,
} from './measure.js';
import { followUpDueOn } from './measure-dates.js';
import { advance, notBefore, notInFuture, recordStamp, refuseIfAny, requireStatus } from './measure-rules.js';
import type { DepartmentPolicy } from './policies.js';
import { businessDate, versionField } from './fields.js';
import { closureReasons, housingOutcomes } from './vocabulary.js';

/** Body of `POST /measures/{id}/closure`. */
export const closureBodySchema = z.strictObject({
  endedOn: businessDate(),
  reason: z.enum(closureReasons.values, { error: 'Indiquez le motif de fin de la mesure.' }),
  housingOutcome: z.enum(housingOutcomes.values, { error: 'Indiquez la situation de logement du ménage à la fin de la mesure.' }),
  evictionAvoided: z.optional(z.boolean()),
  version: versionField(),
});

export type ClosureBody = z.output<typeof closureBodySchema>;

/** Where the policy has a bilan rule, no measure closes without the bilan of its current period. */
function bilanProblems(measure: Measure, policy: DepartmentPolicy): ErrorDetail[] {
  if (!policy.bilan || currentPeriodBilan(measure)) return [];
  const due = policy.bilan.leadDays > 0 ? `${policy.bilan.leadDays} jours avant l’échéance` : 'à l’échéance';
  const early = policy.bilan.onEarlyStop ? ', ainsi qu’en cas d’arrêt anticipé' : '';
  return [
    {
      path: '',
      message:
        `Le règlement du département prévoit un bilan ${due}${early} : la mesure ne peut être clôturée ` +
        'qu’une fois le bilan de la période en cours remis, et aucun n’a été enregistré.',
    },
  ];
}

/**
 * Closes an active measure, at term or early (DOMAIN.md "Closure"), recording the housing outcome;
 * the follow-up visit falls due where the policy has one.
 */
export function recordClosure(
  measure: Measure,
  body: ClosureBody,
  policy: DepartmentPolicy,
  context: StepContext,
): MeasureChange {
  requireStatus(measure, 'active', 'Clôturer la mesure');
  const problems: ErrorDetail[] = [];
  const periodStart = currentPeriodStart(measure)!;
  notBefore(
    problems,
    'endedOn',
    body.endedOn,
    periodStart,
    'La date de fin',
    measure.renewals.length > 0 ? 'le dernier renouvellement' : 'le début de la mesure',
  );
  // A measure cannot end before a meeting it records.
  const lastVisit = measure.visits.reduce<string | null>(
    (latest, visit) => (latest === null || visit.date > latest ? visit.date : latest),
    null,
  );
  if (lastVisit && body.endedOn >= periodStart)
    notBefore(problems, 'endedOn', body.endedOn, lastVisit, 'La date de fin', 'la dernière rencontre enregistrée');
  notInFuture(problems, 'endedOn', body.endedOn, context.today, 'La date de fin');
  problems.push(...bilanProblems(measure, policy));
  refuseIfAny(problems, 'La mesure ne peut pas être clôturée.');

  const closure: Closure = {
    endedOn: body.endedOn,
    reason: body.reason,
    housingOutcome: body.housingOutcome,
    evictionAvoided: body.evictionAvoided ?? null,
    early: body.endedOn < measure.plannedEnd!,
    ...recordStamp(context),
  };
  return {
    measure: advance(measure, {
      status: 'closed',
      closure,
      bilanDueOn: null,
      followUpDueOn: followUpDueOn(body.endedOn, policy),
    }),
    appended: null,
    resolvedTaskKinds: ['bilan_due', 'overdue_end', 'visit_cadence'],
  };
}
