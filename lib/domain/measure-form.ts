import { bilanBodySchema } from './bilan.js';
import { closureBodySchema } from './closure.js';
import { contractBodySchema, requiredSignatories } from './contract.js';
import { followUpBodySchema } from './follow-up.js';
import type { DepartmentPolicy } from './policies.js';
import { jsonSchemaOf } from './referral-form.js';
import { renewalBodySchema } from './renewal.js';
import { visitBodySchema } from './visit.js';
import { vocabularies } from './vocabulary.js';

/** The vocabularies a measure file and its forms show, by the name the referral form uses for them too. */
const measureVocabularies = [
  'workAxes',
  'orientations',
  'measureStatuses',
  'visitKinds',
  'visitActions',
  'signatories',
  'bilanRecommendations',
  'objectiveReached',
  'closureReasons',
  'housingOutcomes',
  'taskKinds',
  'taskStatuses',
] as const satisfies readonly (keyof typeof vocabularies)[];

/**
 * What the staff pages need to render the measure forms, all from one source: the JSON Schema of
 * each lifecycle write's body, a French label for every value those bodies take, and what this
 * department's policy requires of them (so a form can say so before the server refuses).
 */
export function measureFormDescription(policy: DepartmentPolicy) {
  return {
    schemas: {
      contract: jsonSchemaOf(contractBodySchema),
      visit: jsonSchemaOf(visitBodySchema),
      bilan: jsonSchemaOf(bilanBodySchema),
      renewal: jsonSchemaOf(renewalBodySchema),
      closure: jsonSchemaOf(closureBodySchema),
      followUp: jsonSchemaOf(followUpBodySchema),
    },
    labels: Object.fromEntries(measureVocabularies.map((name) => [name, vocabularies[name].labels])),
    policy: {
      id: policy.id,
      label: policy.label,
      contract: { tripartite: policy.tripartiteContract, requiredSignatories: requiredSignatories(policy) },
      renewal: policy.renewal && {
        maxCount: policy.renewal.maxCount,
        durationsMonths: policy.renewal.durationsMonths,
        requiresBilanRecommendation: policy.renewal.requiresBilanRecommendation,
      },
      totalCapMonths: policy.totalCapMonths,
      bilan: policy.bilan && { leadDays: policy.bilan.leadDays, onEarlyStop: policy.bilan.onEarlyStop },
      followUp: policy.followUp && {
        monthsAfterEnd: policy.followUp.monthsAfterEnd,
        withSectorWorker: policy.followUp.withSectorWorker,
      },
      visitCadence: policy.visitCadence && { minMeetingsPerMonth: policy.visitCadence.minMeetingsPerMonth },
      homeVisitsExpected: policy.homeVisitsExpected,
    },
  };
}

export type MeasureFormDescription = ReturnType<typeof measureFormDescription>;
