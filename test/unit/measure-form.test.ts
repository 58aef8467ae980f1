import { describe, expect, it } from 'vitest';
import { measureFormDescription } from '../../lib/domain/measure-form.js';
import { policies, policyFor } from '../../lib/domain/policies.js';

describe('the measure forms’ description of a policy', () => {
  it('asks for the referrer’s signature where the contract is tripartite (Dordogne), not elsewhere', () => {
    expect(measureFormDescription(policyFor('dordogne')).policy.contract).toEqual({
      tripartite: true,
      requiredSignatories: ['household', 'worker', 'referrer'],
    });
    expect(measureFormDescription(policyFor('plateforme')).policy.contract.requiredSignatories).toEqual(['household', 'worker']);
  });

  it('says every preset’s renewal durations and limits, bilan lead days and follow-up as the preset states them', () => {
    for (const policy of Object.values(policies)) {
      const described = measureFormDescription(policy).policy;
      expect(described.renewal?.durationsMonths, policy.id).toEqual(policy.renewal?.durationsMonths);
      expect(described.renewal?.maxCount, policy.id).toEqual(policy.renewal?.maxCount);
      expect(described.totalCapMonths, policy.id).toBe(policy.totalCapMonths);
      expect(described.bilan?.leadDays, policy.id).toBe(policy.bilan?.leadDays);
      expect(described.followUp?.monthsAfterEnd, policy.id).toBe(policy.followUp?.monthsAfterEnd);
    }
    expect(measureFormDescription(policyFor('asell-intensif')).policy).toMatchObject({
      bilan: null,
      followUp: null,
      homeVisitsExpected: true,
    });
  });

  it('tells only what a form needs of the policy: no referrers, screening, territories or deadline delays', () => {
    expect(Object.keys(measureFormDescription(policyFor('meuse')).policy).sort()).toEqual([
      'bilan',
      'contract',
      'followUp',
      'homeVisitsExpected',
      'id',
      'label',
      'renewal',
      'totalCapMonths',
      'visitCadence',
    ]);
  });
});
