import { describe, expect, it } from 'vitest';
import { carryOut, dueKinds, isDue, planMeasures } from '../../bench/generator.js';
import { datedTasksDueFor } from '../../lib/domain/deadlines.js';
import { policies, policyIds } from '../../lib/domain/policies.js';
import { referralBodySchema } from '../../lib/domain/referral.js';

const today = '2026-03-18';

describe('the benchmark data generator', () => {
  describe.each(policyIds)('preset %s', (id) => {
    const policy = policies[id];
    const plans = planMeasures({ count: 400, due: 50, policy, today, seed: 7 });

    it('makes exactly the asked number of measures due today, of every kind the preset has, and none other', async () => {
      const measures = await Promise.all(plans.map((plan) => carryOut(plan, policy)));
      const due = measures.filter((measure) => isDue(measure, policy, today));
      expect(due).toHaveLength(50);
      expect(new Set(plans.filter((plan) => plan.dueKind).map((plan) => plan.dueKind))).toEqual(new Set(dueKinds(policy)));
      for (const [index, measure] of measures.entries()) {
        const tasks = datedTasksDueFor(measure, policy, today, new Date(`${today}T05:00:00Z`));
        if (plans[index]!.dueKind) expect(tasks.map((task) => task.kind)).toContain(plans[index]!.dueKind);
        else expect(tasks).toEqual([]);
      }
      const statuses = new Set(measures.map((measure) => measure.status));
      expect(statuses).toEqual(new Set(['awaiting_contract', 'active', 'closed']));
    });

    it('dates every step before today, within the past year or so, with a few visits', async () => {
      for (const plan of plans) {
        expect(plan.decision.decidedOn < today).toBe(true);
        expect(plan.decision.decidedOn >= '2025-03-01').toBe(true);
        for (const step of plan.steps) expect(step.on < today).toBe(true);
        expect(plan.steps.filter((step) => step.kind === 'visit').length).toBeLessThanOrEqual(3);
      }
    });

    it('sends referrals the public form would accept, from referrers the preset allows', () => {
      for (const plan of plans) {
        expect(() => referralBodySchema.parse(plan.body)).not.toThrow();
        expect(policy.allowedReferrerKinds).toContain(plan.body.referrer.kind);
      }
    });
  });

  it('gives the same measures for the same seed, and others for another', () => {
    const options = { count: 50, due: 5, policy: policies.meuse, today, seed: 1 };
    expect(planMeasures(options)).toEqual(planMeasures(options));
    expect(planMeasures({ ...options, seed: 2 })[0]!.measureId).not.toBe(planMeasures(options)[0]!.measureId);
  });
});
