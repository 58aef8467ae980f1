import { describe, expect, it } from 'vitest';
import { isPolicyId, policies, policyIds } from '../../lib/domain/policies.js';
import { referrerKinds } from '../../lib/domain/vocabulary.js';

describe('department presets', () => {
  it.each(policyIds)('the %s preset is complete and consistent', (id) => {
    const policy = policies[id];
    expect(policy.id).toBe(id);
    expect(policy.label.length).toBeGreaterThan(0);
    expect(policy.initialDurationsMonths.length).toBeGreaterThan(0);
    expect(policy.allowedReferrerKinds.length).toBeGreaterThan(0);
    for (const kind of policy.allowedReferrerKinds) expect(referrerKinds.values).toContain(kind);
    if (policy.totalCapMonths !== null)
      expect(Math.min(...policy.initialDurationsMonths)).toBeLessThanOrEqual(policy.totalCapMonths);
  });

  it('meuse grants 3 months, renewable three times by 3 months, 12 months at most, with a bilan 10 days before the end', () => {
    const meuse = policies.meuse;
    expect(meuse.initialDurationsMonths).toEqual([3]);
    expect(meuse.renewal).toEqual({ maxCount: 3, durationsMonths: [3], requiresBilanRecommendation: true });
    expect(meuse.totalCapMonths).toBe(12);
    expect(meuse.bilan).toEqual({ leadDays: 10, onEarlyStop: true });
    expect(meuse.followUp).toEqual({ monthsAfterEnd: 6, withSectorWorker: true });
    expect(meuse.visitCadence).toEqual({ minMeetingsPerMonth: 2 });
  });

  it('plateforme grants 3 to 6 months up to 24 months in all', () => {
    expect(policies.plateforme.initialDurationsMonths).toEqual([3, 4, 5, 6]);
    expect(policies.plateforme.totalCapMonths).toBe(24);
    expect(policies.plateforme.screeningExclusions).toEqual(['in_supported_structure', 'other_budget_support']);
  });

  it('departement-generique grants 3, 6 or 12 months with no stated cap', () => {
    expect(policies['departement-generique'].initialDurationsMonths).toEqual([3, 6, 12]);
    expect(policies['departement-generique'].totalCapMonths).toBeNull();
  });

  it('asell-intensif takes referrals only from the sector social worker, for up to 12 months', () => {
    expect(policies['asell-intensif'].allowedReferrerKinds).toEqual(['travailleur_social']);
    expect(Math.max(...policies['asell-intensif'].initialDurationsMonths)).toBe(12);
    expect(policies['asell-intensif'].homeVisitsExpected).toBe(true);
  });

  it('dordogne renews once, signs a tripartite contract and refuses self-referral', () => {
    const dordogne = policies.dordogne;
    expect(dordogne.renewal?.maxCount).toBe(1);
    expect(dordogne.tripartiteContract).toBe(true);
    expect(dordogne.allowedReferrerKinds).toEqual(['travailleur_social', 'mission_locale', 'adil', 'udaf']);
    expect(dordogne.allowedReferrerKinds).not.toContain('household');
  });

  it.each(policyIds)(
    'the %s preset calls for a decision after 15 days, a contract after 30 and gives 15 days of notice, as no seed states its own',
    (id) => {
      expect(policies[id].deadlines).toEqual({ decisionDays: 15, contractDays: 30, noticeDays: 15 });
    },
  );

  it('recognises only the five preset names', () => {
    expect(isPolicyId('meuse')).toBe(true);
    expect(isPolicyId('paris')).toBe(false);
  });
});
