import * as z from 'zod/mini';
import { PolicyViolationError, type ErrorDetail } from '../errors.js';
import {
  currentPeriodBilan,
  currentPeriodBilans,
  currentPeriodStart,
  grantedMonths,
  renewingBilan,
  type Measure,
  type MeasureChange,
  type Renewal,
  type StepContext,
} from './measure.js';
import { bilanDueOn, renewedPlannedEnd } from './measure-dates.js';
import { advance, frenchDate, notBefore, notInFuture, recordStamp, refuseIfAny, requireStatus } from './measure-rules.js';
import type { DepartmentPolicy } from './policies.js';
import { businessDate, versionField } from './fields.js';
import { orientations } from './vocabulary.js';
import { unplannedRenewal } from './rule-messages.js';
import { frenchList } from './french-words.js';

/** Body of `POST /measures/{id}/renewals`. */
export const renewalBodySchema = z.strictObject({
  decidedOn: businessDate(),
  // No upper bound here: the policy's durations refuse a long renewal, naming those it provides for
  // (a bound in the schema would answer with the whole-number message, which is not the rule).
  months: z
    .int({ error: (issue) => (issue.input === undefined ? undefined : 'La durée est un nombre entier de mois.') })
    .check(z.minimum(1, { error: 'Un renouvellement dure au moins un mois.' })),
  orientation: z.enum(orientations.values, { error: 'Indiquez l’orientation de la mesure renouvelée : accès ou maintien.' }),
  version: versionField(),
});

export type RenewalBody = z.output<typeof renewalBodySchema>;

type RenewalRule = NonNullable<DepartmentPolicy['renewal']>;

function countProblems(measure: Measure, rule: RenewalRule): ErrorDetail[] {
  if (rule.maxCount === null || measure.renewals.length < rule.maxCount) return [];
  const allowed =
    rule.maxCount === 1 ? 'n’autorise qu’un seul renouvellement' : `autorise au plus ${rule.maxCount} renouvellements`;
  const done = measure.renewals.length === 1 ? 'une fois' : `${measure.renewals.length} fois`;
  return [{ path: '', message: `Le règlement du département ${allowed} d’une mesure : celle-ci a déjà été renouvelée ${done}.` }];
}

function durationProblems(measure: Measure, body: RenewalBody, rule: RenewalRule, policy: DepartmentPolicy): ErrorDetail[] {
  if (!rule.durationsMonths.includes(body.months))
    return [
      {
        path: 'months',
        message: unplannedRenewal(body.months, rule.durationsMonths),
      },
    ];
  const granted = grantedMonths(measure);
  if (policy.totalCapMonths === null || granted + body.months <= policy.totalCapMonths) return [];
  return [
    {
      path: 'months',
      message:
        `Le règlement du département limite une mesure à ${policy.totalCapMonths} mois au total, renouvellements compris : ` +
        `${granted} mois sont déjà accordés, un renouvellement de ${body.months} mois porterait la durée à ${granted + body.months} mois.`,
    },
  ];
}

/** Where the policy requires it, a bilan of the current period must recommend renewing. */
function bilanProblems(measure: Measure, rule: RenewalRule): ErrorDetail[] {
  if (!rule.requiresBilanRecommendation || renewingBilan(measure)) return [];
  const bilans = currentPeriodBilans(measure);
  const need = 'Un renouvellement n’est possible que si un bilan de la période en cours établit qu’il est nécessaire';
  if (bilans.length === 0) return [{ path: '', message: `${need} : aucun bilan n’a encore été remis pour cette période.` }];
  const dates = bilans.map((bilan) => `du ${frenchDate(bilan.submittedOn)}`);
  const which = bilans.length === 1 ? `le bilan ${dates[0]} préconise` : `les bilans ${frenchList(dates, 'et')} préconisent`;
  return [
    {
      path: '',
      message: `${need} : ${which} la fin de la mesure. Un nouveau bilan qui préconise le renouvellement peut corriger le précédent.`,
    },
  ];
}

/**
 * Renews an active measure (DOMAIN.md "Renewal"): only where a bilan of the current period
 * establishes the need, within the policy's count, durations and total cap. The new period runs
 * from the day after the old planned end.
 */
export function recordRenewal(
  measure: Measure,
  body: RenewalBody,
  policy: DepartmentPolicy,
  context: StepContext,
): MeasureChange {
  requireStatus(measure, 'active', 'Renouveler la mesure');
  const rule = policy.renewal;
  if (!rule) {
    const message = 'Le règlement du département ne prévoit pas de renouvellement : la mesure prend fin à son échéance.';
    throw new PolicyViolationError(message, [{ path: '', message }]);
  }
  const problems: ErrorDetail[] = [
    ...countProblems(measure, rule),
    ...durationProblems(measure, body, rule, policy),
    ...bilanProblems(measure, rule),
  ];
  const bilan = renewingBilan(measure) ?? currentPeriodBilan(measure);
  if (bilan)
    notBefore(problems, 'decidedOn', body.decidedOn, bilan.submittedOn, 'La date du renouvellement', 'le bilan qui le préconise');
  else
    notBefore(
      problems,
      'decidedOn',
      body.decidedOn,
      currentPeriodStart(measure)!,
      'La date du renouvellement',
      'le début de la période en cours',
    );
  notInFuture(problems, 'decidedOn', body.decidedOn, context.today, 'La date du renouvellement');
  refuseIfAny(problems, 'Le renouvellement ne peut pas être enregistré.');

  const previousPlannedEnd = measure.plannedEnd!;
  const end = renewedPlannedEnd(previousPlannedEnd, body.months);
  const renewal: Renewal = {
    id: context.recordId,
    decidedOn: body.decidedOn,
    months: body.months,
    orientation: body.orientation,
    previousPlannedEnd,
    plannedEnd: end,
    ...recordStamp(context),
  };
  return {
    measure: advance(measure, {
      orientation: body.orientation,
      renewals: [...measure.renewals, renewal],
      plannedEnd: end,
      bilanDueOn: bilanDueOn(end, policy),
    }),
    appended: { collection: 'renewals', record: renewal },
    resolvedTaskKinds: ['bilan_due', 'overdue_end'],
  };
}
