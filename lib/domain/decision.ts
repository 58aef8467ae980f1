import { ConflictError, type ErrorDetail } from '../errors.js';
import { parisDate } from './dates.js';
import type { DecisionRecord, Referral } from './referral.js';
import type { Measure } from './measure.js';
import { daysBetween } from './measure-dates.js';
import type { DepartmentPolicy } from './policies.js';
import * as z from 'zod/mini';
import { businessDate, optionalText, text } from './fields.js';
import type { StaffMember } from './staff.js';
import { workerProblem } from './staff-rules.js';
import { distinctValues } from './validation.js';
import { monthsList } from './french-words.js';
import { refuseIfAny } from './measure-rules.js';
import { decisions, orientations, workAxes, type WorkAxis } from './vocabulary.js';

/** Body of `POST /referrals/{id}/decision`. */
export const decisionBodySchema = z.strictObject({
  decision: z.enum(decisions.values, {
    error: 'Indiquez la décision : accepted (accepter), refused (refuser) ou redirected (réorienter).',
  }),
  decidedOn: businessDate('Indiquez la date de la décision.'),
  reason: optionalText({ max: 2000, multiLine: true }),
  orientation: z.optional(z.enum(orientations.values)),
  axes: z.optional(
    z
      .array(z.enum(workAxes.values))
      .check(
        z.maxLength(workAxes.values.length),
        distinctValues<WorkAxis>('Chaque axe de travail ne peut être cité qu’une fois.'),
      ),
  ),
  durationMonths: z.optional(
    z.int({ error: (issue) => (issue.input === undefined ? undefined : 'La durée est un nombre entier de mois.') }),
  ),
  workerId: z.optional(text({ max: 128 })),
});

export type DecisionBody = z.output<typeof decisionBodySchema>;

export interface DecisionOutcome {
  referral: Referral;
  measure: Measure | null;
}

/** What the caller looked up for a decision: the staff member named by `workerId`, or null. */
export type NamedWorker = Pick<StaffMember, 'id' | 'active' | 'groups'> | null;

/** Why an acceptance's initial duration cannot be granted, naming the one given and those the policy allows; null when it can. */
function initialDurationProblem(months: number | undefined, allowed: readonly number[]): string | null {
  if (months === undefined)
    return `Indiquez la durée initiale de la mesure : le règlement du département fixe une durée de ${monthsList(allowed)}.`;
  if (allowed.includes(months)) return null;
  return `Une durée initiale de ${months} mois n’est pas prévue par le règlement du département, qui fixe une durée de ${monthsList(allowed)}.`;
}

/** The rules of DOMAIN.md "Decision": what each kind of decision must carry. */
function decisionProblems(
  body: DecisionBody,
  referral: Referral,
  policy: DepartmentPolicy,
  today: string,
  worker: NamedWorker,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (body.decidedOn > today)
    problems.push({ path: 'decidedOn', message: 'La date de décision ne peut pas être dans le futur.' });
  if (body.decidedOn < referral.receivedOn) {
    problems.push({ path: 'decidedOn', message: 'La date de décision ne peut pas précéder la réception de la demande.' });
  }
  if (body.decision !== 'accepted') {
    if (!body.reason) problems.push({ path: 'reason', message: 'Un refus ou une réorientation doit être motivé.' });
    return problems;
  }
  if (!body.orientation)
    problems.push({ path: 'orientation', message: 'Indiquez l’orientation de la mesure : accès ou maintien.' });
  if (!body.axes || body.axes.length === 0) problems.push({ path: 'axes', message: 'Choisissez au moins un axe de travail.' });
  const durationProblem = initialDurationProblem(body.durationMonths, policy.initialDurationsMonths);
  if (durationProblem) problems.push({ path: 'durationMonths', message: durationProblem });
  if (!body.workerId) problems.push({ path: 'workerId', message: 'Désignez le travailleur social référent de la mesure.' });
  else {
    const problem = workerProblem(body.workerId, worker);
    if (problem) problems.push({ path: 'workerId', message: problem });
  }
  return problems;
}

/**
 * Decides a referral: only a referral still waiting can be decided, and an acceptance opens a
 * measure awaiting its contract, given to an active member of group `worker`. Pure: identities,
 * the clock and the staff member named by `workerId` (looked up by the caller) come in as parameters.
 */
export function decideReferral(
  referral: Referral,
  body: DecisionBody,
  policy: DepartmentPolicy,
  context: { managerId: string; now: Date; measureId: string; worker: NamedWorker },
): DecisionOutcome {
  if (referral.status !== 'received') throw new ConflictError('Cette demande a déjà fait l’objet d’une décision.');
  const problems = decisionProblems(body, referral, policy, parisDate(context.now), context.worker);
  refuseIfAny(problems, 'La décision est incomplète ou non conforme.');
  const decision: DecisionRecord = {
    decision: body.decision,
    decidedOn: body.decidedOn,
    decidedBy: context.managerId,
    decidedAt: context.now.toISOString(),
    reason: body.reason ?? null,
    measureId: body.decision === 'accepted' ? context.measureId : null,
    daysToDecision: daysBetween(referral.receivedOn, body.decidedOn),
  };
  const decided: Referral = { ...referral, status: body.decision, decision, version: referral.version + 1 };
  if (body.decision !== 'accepted') return { referral: decided, measure: null };
  return {
    referral: decided,
    measure: {
      id: context.measureId,
      referralId: referral.id,
      reference: referral.reference,
      status: 'awaiting_contract',
      orientation: body.orientation!,
      initialOrientation: body.orientation!,
      axes: body.axes!,
      initialDurationMonths: body.durationMonths!,
      workerId: body.workerId!,
      household: {
        lastName: referral.household.contact.lastName,
        firstName: referral.household.contact.firstName,
        commune: referral.household.address.commune,
        postcode: referral.household.address.postcode,
      },
      decidedOn: body.decidedOn,
      createdAt: context.now.toISOString(),
      startedOn: null,
      plannedEnd: null,
      bilanDueOn: null,
      followUpDueOn: null,
      contract: null,
      visits: [],
      bilans: [],
      renewals: [],
      closure: null,
      followUp: null,
      version: 1,
    },
  };
}
