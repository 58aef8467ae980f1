import * as z from 'zod/mini';
import { PolicyViolationError, type ErrorDetail } from '../errors.js';
import type { FollowUp, Measure, MeasureChange, StepContext } from './measure.js';
import { advance, frenchDate, notBefore, notInFuture, recordStamp, refuseIfAny, requireStatus } from './measure-rules.js';
import type { DepartmentPolicy } from './policies.js';
import { businessDate, optionalText, versionField } from './fields.js';

/** Body of `POST /measures/{id}/follow-up`. */
export const followUpBodySchema = z.strictObject({
  visitedOn: businessDate(),
  withSectorWorker: z.boolean({
    error: (issue) => (issue.input === undefined ? 'Indiquez si le travailleur social de secteur était présent.' : undefined),
  }),
  stillHoused: z.boolean({
    error: (issue) => (issue.input === undefined ? 'Indiquez si le ménage est toujours dans son logement.' : undefined),
  }),
  notes: optionalText({ max: 4000, multiLine: true }),
  version: versionField(),
});

export type FollowUpBody = z.output<typeof followUpBodySchema>;

/**
 * Records the follow-up visit after closure (suivi, DOMAIN.md "Follow-up"), once. A policy without
 * a follow-up rule still accepts one: a department may visit a household anyway, and the visit is
 * worth counting in the statistics.
 */
export function recordFollowUp(
  measure: Measure,
  body: FollowUpBody,
  policy: DepartmentPolicy,
  context: StepContext,
): MeasureChange {
  requireStatus(measure, 'closed', 'Enregistrer la visite de suivi');
  if (measure.followUp) {
    const message = `La visite de suivi de cette mesure a déjà été enregistrée (le ${frenchDate(measure.followUp.visitedOn)}) : une seule visite de suivi par mesure.`;
    throw new PolicyViolationError(message, [{ path: '', message }]);
  }
  const problems: ErrorDetail[] = [];
  notBefore(
    problems,
    'visitedOn',
    body.visitedOn,
    measure.closure!.endedOn,
    'La date de la visite de suivi',
    'la fin de la mesure',
  );
  notInFuture(problems, 'visitedOn', body.visitedOn, context.today, 'La date de la visite de suivi');
  if (policy.followUp?.withSectorWorker && !body.withSectorWorker)
    problems.push({
      path: 'withSectorWorker',
      message: 'Dans ce département, la visite de suivi se fait avec le travailleur social de secteur : sa présence est requise.',
    });
  refuseIfAny(problems, 'La visite de suivi ne peut pas être enregistrée.');

  const followUp: FollowUp = {
    visitedOn: body.visitedOn,
    withSectorWorker: body.withSectorWorker,
    stillHoused: body.stillHoused,
    notes: body.notes || null,
    ...recordStamp(context),
  };
  return {
    measure: advance(measure, { followUp, followUpDueOn: null }),
    appended: null,
    resolvedTaskKinds: ['follow_up_due'],
  };
}
