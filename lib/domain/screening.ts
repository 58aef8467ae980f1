import type { DepartmentPolicy } from './policies.js';
import type { ReferralBody } from './referral.js';
import type { ScreeningFlag } from './vocabulary.js';

export interface Screening {
  flags: ScreeningFlag[];
}

const exclusionFlags: Record<keyof ReferralBody['exclusions'], ScreeningFlag> = {
  inSupportedStructure: 'in_supported_structure',
  otherBudgetSupport: 'other_budget_support',
  protectionMeasure: 'protection_measure',
};

/** An eviction procedure is under way from the first step after a payment order on. */
function evictionUnderWay(stage: ReferralBody['housing']['evictionStage']): boolean {
  return stage !== undefined && stage !== 'none';
}

/**
 * Screening flags a referral for the person who decides; it never decides itself.
 * Exclusions count only where the department's seed states them; urgency always counts.
 */
export function screenReferral(body: ReferralBody, policy: DepartmentPolicy): Screening {
  const flags: ScreeningFlag[] = [];
  for (const [field, flag] of Object.entries(exclusionFlags) as [keyof typeof exclusionFlags, ScreeningFlag][]) {
    if (body.exclusions[field] && policy.screeningExclusions.includes(flag)) flags.push(flag);
  }
  const hasArrears = (body.housing.arrearsAmount ?? 0) > 0 || body.difficulties.includes('impayes_loyer');
  if (hasArrears && evictionUnderWay(body.housing.evictionStage)) flags.push('urgent_eviction');
  return { flags };
}
