import { PolicyViolationError } from '../../lib/errors.js';
import { recordBilan, type BilanBody } from '../../lib/domain/bilan.js';
import { recordContract, type ContractBody } from '../../lib/domain/contract.js';
import type { Measure, StepContext } from '../../lib/domain/measure.js';
import { policies, type PolicyId } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import { recordClosure, type ClosureBody } from '../../lib/domain/closure.js';

/** Measures at each stage of their lifecycle, built through the domain's own steps. */

/** The context of a step recorded on `today` by worker w-1. */
export function on(today: string, recordId = 'rec-1', actorId = 'w-1'): StepContext {
  return { today, now: new Date(`${today}T10:00:00Z`), actorId, recordId };
}

/** A measure just decided on 2026-01-05, awaiting its contract (as decideReferral opens it). */
export function awaitingMeasure(policyId: PolicyId = 'meuse', overrides: Partial<Measure> = {}): Measure {
  const durations = policies[policyId].initialDurationsMonths;
  return {
    id: 'm-1',
    reference: 'ASLL-2026-000001',
    referralId: 'r-1',
    status: 'awaiting_contract',
    orientation: 'maintien',
    initialOrientation: 'maintien',
    axes: ['budget', 'prevention_expulsion'],
    workerId: 'w-1',
    initialDurationMonths: durations.includes(3) ? 3 : durations[0]!,
    household: { lastName: 'Durand', firstName: 'Léa', postcode: '55000', commune: 'Bar-le-Duc' },
    decidedOn: '2026-01-05',
    createdAt: '2026-01-05T09:00:00.000Z',
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
    ...overrides,
  };
}

export function contractBody(policyId: PolicyId = 'meuse', signedOn = '2026-01-15'): ContractBody {
  return {
    signedOn,
    objectives: [
      { axis: 'budget', text: 'Établir un budget mensuel avec le ménage.' },
      { axis: 'prevention_expulsion', text: 'Négocier un plan d’apurement avec le bailleur.' },
    ],
    signatories: policies[policyId].tripartiteContract ? ['household', 'worker', 'referrer'] : ['household', 'worker'],
  };
}

/** A measure whose contract was signed on `signedOn` (default 2026-01-15: planned end 2026-04-14 for 3 months). */
export function activeMeasure(policyId: PolicyId = 'meuse', signedOn = '2026-01-15', overrides: Partial<Measure> = {}): Measure {
  return recordContract(awaitingMeasure(policyId, overrides), contractBody(policyId, signedOn), policies[policyId], on(signedOn))
    .measure;
}

export function bilanBody(submittedOn: string, recommendation: 'end' | 'renew' = 'renew'): BilanBody {
  return {
    submittedOn,
    recommendation,
    ...(recommendation === 'renew' ? { nextOrientation: 'maintien' as const } : {}),
    stepsTaken: 'Dossier FSL déposé, plan d’apurement signé.',
    objectivesReached: [
      { axis: 'budget', reached: 'partly' },
      { axis: 'prevention_expulsion', reached: 'yes' },
    ],
  };
}

export function withBilan(
  measure: Measure,
  policyId: PolicyId,
  submittedOn: string,
  recommendation: 'end' | 'renew' = 'renew',
): Measure {
  return recordBilan(
    measure,
    bilanBody(submittedOn, recommendation),
    policies[policyId],
    on(submittedOn, `bilan-${measure.bilans.length + 1}`),
  ).measure;
}

/** The measure after a bilan recommending renewal and a renewal of `months`, both on `decidedOn`. */
export function renewed(measure: Measure, policyId: PolicyId, decidedOn: string, months: number): Measure {
  const withItsBilan = withBilan(measure, policyId, decidedOn);
  return recordRenewal(
    withItsBilan,
    { decidedOn, months, orientation: 'maintien' },
    policies[policyId],
    on(decidedOn, `renewal-${measure.renewals.length + 1}`),
  ).measure;
}

export const closureBody = (endedOn: string, overrides: Partial<ClosureBody> = {}): ClosureBody => ({
  endedOn,
  reason: 'term',
  housingOutcome: 'kept',
  evictionAvoided: true,
  ...overrides,
});

/** A measure closed on `endedOn`, after a bilan recommending the end. */
export function closedMeasure(policyId: PolicyId = 'meuse', endedOn = '2026-04-14'): Measure {
  const active = withBilan(activeMeasure(policyId), policyId, '2026-04-04', 'end');
  return recordClosure(active, closureBody(endedOn), policies[policyId], on(endedOn)).measure;
}

/** The PolicyViolationError a step throws (fails the test when it throws nothing or something else). */
export function refusal(step: () => unknown): PolicyViolationError {
  try {
    step();
  } catch (error) {
    if (error instanceof PolicyViolationError) return error;
    throw error;
  }
  throw new Error('The step was expected to be refused, and it was not.');
}

/** The paths of the details of a refusal. */
export const refusedPaths = (step: () => unknown): string[] => refusal(step).details.map((detail) => detail.path);
