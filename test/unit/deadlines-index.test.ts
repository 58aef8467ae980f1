import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordClosure } from '../../lib/domain/closure.js';
import { recordContract } from '../../lib/domain/contract.js';
import { measureRules, nextActionableOn, taskDueForReferral, type MeasureRule } from '../../lib/domain/deadlines.js';
import { decideReferral } from '../../lib/domain/decision.js';
import { recordFollowUp } from '../../lib/domain/follow-up.js';
import { receiveReferral } from '../../lib/domain/intake.js';
import { grantedMonths, type Measure } from '../../lib/domain/measure.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import { policies, policyIds, type DepartmentPolicy, type PolicyId } from '../../lib/domain/policies.js';
import type { Referral } from '../../lib/domain/referral.js';
import type { Decision } from '../../lib/domain/vocabulary.js';
import { validReferral } from '../support/fixtures.js';
import {
  activeMeasure,
  awaitingMeasure,
  closedMeasure,
  closureBody,
  contractBody,
  on,
  renewed,
  withBilan,
} from '../support/measures.js';

/**
 * `nextActionableOn` is the key of the sparse index the deadlines job queries: it must never hide a
 * due task (a rule that fires on a day the index has not reached), nor wake the job for nothing.
 * `visit_cadence` is not in the index: it runs monthly over the active measures.
 */

const now = new Date('2026-03-20T05:00:00Z');

/** The rules the index stands for. */
const indexedRules = Object.entries(measureRules)
  .filter(([kind]) => kind !== 'visit_cadence')
  .map(([, rule]) => rule as MeasureRule);

const firedIds = (measure: Measure, policy: DepartmentPolicy, today: string): string[] =>
  indexedRules.flatMap((rule) => rule(measure, policy, today, now)?.id ?? []);

const referralFiredIds = (referral: Referral, policy: DepartmentPolicy, today: string): string[] => {
  const task = taskDueForReferral(referral, policy, today, now);
  return task ? [task.id] : [];
};

function referral(policyId: PolicyId, receivedOn: string): Referral {
  return receiveReferral(validReferral({ referrer: { kind: 'travailleur_social', name: 'Nadia Benali' } }), policies[policyId], {
    id: 'r-1',
    sequence: 1,
    receivedAt: new Date(`${receivedOn}T08:00:00Z`),
  });
}

describe('the date a measure or referral next calls for a task', () => {
  it('is, for a referral waiting for its decision, the day its decisionDays run out; none once decided', () => {
    const waiting = referral('meuse', '2026-03-02');
    expect(nextActionableOn(waiting, policies.meuse)).toBe('2026-03-17');
    const decided = decideReferral(
      waiting,
      { decision: 'refused', decidedOn: '2026-03-10', reason: 'Hors critères.' },
      policies.meuse,
      { managerId: 'mgr-1', now, measureId: 'm-1', worker: { id: 'w-1', active: true, groups: ['worker'] } },
    ).referral;
    expect(nextActionableOn(decided, policies.meuse)).toBeNull();
  });

  it('is, for a measure awaiting its contract, the day its contractDays run out', () => {
    expect(nextActionableOn(awaitingMeasure(), policies.meuse)).toBe('2026-02-04');
  });

  it('is, for an active measure, the first day of the bilan notice, then the day after the planned end', () => {
    const active = activeMeasure('meuse');
    expect(nextActionableOn(active, policies.meuse)).toBe('2026-03-20');
    expect(nextActionableOn(active, policies.meuse, '2026-03-20')).toBe('2026-04-15');
    expect(nextActionableOn(withBilan(active, 'meuse', '2026-03-25'), policies.meuse)).toBe('2026-04-15');
    expect(nextActionableOn(active, policies.meuse, '2026-04-15')).toBeNull();
  });

  it('moves with a renewal to the new period’s dates', () => {
    const measure = renewed(activeMeasure('meuse'), 'meuse', '2026-04-04', 3);
    expect(nextActionableOn(measure, policies.meuse)).toBe('2026-06-19');
  });

  it('is, for a closed measure, the first day of the follow-up notice where the policy has one; none once visited', () => {
    const closed = closedMeasure('meuse', '2026-04-14');
    expect(nextActionableOn(closed, policies.meuse)).toBe('2026-09-29');
    const visited = recordFollowUp(
      closed,
      { visitedOn: '2026-09-30', withSectorWorker: true, stillHoused: true },
      policies.meuse,
      on('2026-09-30'),
    ).measure;
    expect(nextActionableOn(visited, policies.meuse)).toBeNull();
  });

  it.each(policyIds.filter((id) => policies[id].followUp === null))('is none for a closed measure under %s', (policyId) => {
    expect(nextActionableOn(closedMeasure(policyId), policies[policyId])).toBeNull();
  });
});

// Measures in any state, built through the lifecycle's own steps, and any day around them.

interface MeasurePlan {
  policyId: PolicyId;
  stage: 'awaiting' | 'active' | 'closed';
  decidedAfter: number;
  signedAfter: number;
  renewalsAfter: number[];
  bilan: { after: number; recommendation: 'end' | 'renew' } | null;
  endedAfter: number;
  followUpAfter: number | null;
}

const measurePlans: fc.Arbitrary<MeasurePlan> = fc.record({
  policyId: fc.constantFrom(...policyIds),
  stage: fc.constantFrom('awaiting', 'active', 'closed'),
  decidedAfter: fc.integer({ min: 0, max: 730 }),
  signedAfter: fc.integer({ min: 0, max: 90 }),
  renewalsAfter: fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 4 }),
  bilan: fc.option(fc.record({ after: fc.integer({ min: 0, max: 200 }), recommendation: fc.constantFrom('end', 'renew') }), {
    nil: null,
    freq: 2,
  }),
  endedAfter: fc.integer({ min: 0, max: 200 }),
  followUpAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null, freq: 2 }),
});

function canRenew(measure: Measure, policy: DepartmentPolicy): boolean {
  const rule = policy.renewal;
  if (!rule || (rule.maxCount !== null && measure.renewals.length >= rule.maxCount)) return false;
  return policy.totalCapMonths === null || grantedMonths(measure) + rule.durationsMonths[0]! <= policy.totalCapMonths;
}

function build(plan: MeasurePlan): Measure {
  const policy = policies[plan.policyId];
  let measure = awaitingMeasure(plan.policyId, { decidedOn: addDays('2025-01-01', plan.decidedAfter) });
  if (plan.stage === 'awaiting') return measure;
  const signedOn = addDays(measure.decidedOn, plan.signedAfter);
  measure = recordContract(measure, contractBody(plan.policyId, signedOn), policy, on(signedOn)).measure;
  let periodStart = signedOn;
  for (const after of plan.renewalsAfter) {
    if (!canRenew(measure, policy)) break;
    periodStart = addDays(periodStart, after);
    measure = renewed(measure, plan.policyId, periodStart, policy.renewal!.durationsMonths[0]!);
  }
  let lastRecord = periodStart;
  const bilan = plan.bilan ?? (plan.stage === 'closed' && policy.bilan ? { after: 0, recommendation: 'end' as const } : null);
  if (bilan) {
    lastRecord = addDays(periodStart, bilan.after);
    measure = withBilan(measure, plan.policyId, lastRecord, bilan.recommendation);
  }
  if (plan.stage === 'active') return measure;
  const endedOn = addDays(lastRecord, plan.endedAfter);
  measure = recordClosure(measure, closureBody(endedOn), policy, on(endedOn)).measure;
  if (plan.followUpAfter === null) return measure;
  const visitedOn = addDays(endedOn, plan.followUpAfter);
  return recordFollowUp(measure, { visitedOn, withSectorWorker: true, stillHoused: true }, policy, on(visitedOn)).measure;
}

interface ReferralPlan {
  policyId: PolicyId;
  receivedAfter: number;
  decision: { decision: Decision; after: number } | null;
}

const referralPlans: fc.Arbitrary<ReferralPlan> = fc.record({
  policyId: fc.constantFrom(...policyIds),
  receivedAfter: fc.integer({ min: 0, max: 730 }),
  decision: fc.option(
    fc.record({ decision: fc.constantFrom('accepted', 'refused', 'redirected'), after: fc.integer({ min: 0, max: 60 }) }),
    { nil: null, freq: 2 },
  ),
});

function buildReferral(plan: ReferralPlan): Referral {
  const received = referral(plan.policyId, addDays('2025-01-01', plan.receivedAfter));
  if (!plan.decision) return received;
  const decidedOn = addDays(received.receivedOn, plan.decision.after);
  const body =
    plan.decision.decision === 'accepted'
      ? {
          decision: 'accepted' as const,
          decidedOn,
          orientation: 'acces' as const,
          axes: ['budget' as const],
          durationMonths: 3,
          workerId: 'w-1',
        }
      : { decision: plan.decision.decision, decidedOn, reason: 'Hors critères.' };
  return decideReferral(received, body, policies[plan.policyId], {
    managerId: 'mgr-1',
    now: new Date(`${decidedOn}T10:00:00Z`),
    measureId: 'm-1',
    worker: { id: 'w-1', active: true, groups: ['worker'] },
  }).referral;
}

/** A subject, its policy and the ids its rules fire on a day. */
interface Subject {
  value: Measure | Referral;
  policy: DepartmentPolicy;
  fired: (today: string) => string[];
  /** The dates of its state, around which rules start firing; the first is where its story starts. */
  landmarks: string[];
}

const dated = (dates: (string | null | undefined)[]): string[] =>
  dates.filter((date): date is string => typeof date === 'string');

const subjects: fc.Arbitrary<Subject> = fc.oneof(
  measurePlans.map((plan) => {
    const value = build(plan);
    const policy = policies[plan.policyId];
    const landmarks = dated([
      value.decidedOn,
      addDays(value.decidedOn, policy.deadlines.contractDays),
      value.plannedEnd,
      value.bilanDueOn,
      value.bilanDueOn && addDays(value.bilanDueOn, -policy.deadlines.noticeDays),
      value.closure?.endedOn,
      value.followUpDueOn,
      value.followUpDueOn && addDays(value.followUpDueOn, -policy.deadlines.noticeDays),
    ]);
    return { value, policy, fired: (today: string) => firedIds(value, policy, today), landmarks };
  }),
  referralPlans.map((plan) => {
    const value = buildReferral(plan);
    const policy = policies[plan.policyId];
    const landmarks = [value.receivedOn, addDays(value.receivedOn, policy.deadlines.decisionDays)];
    return { value, policy, fired: (today: string) => referralFiredIds(value, policy, today), landmarks };
  }),
);

/** A day anywhere in the subject's story, or within a few days of one of its dates. */
const days = (subject: Subject): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: -30, max: 1500 }).map((offset) => addDays(subject.landmarks[0]!, offset)),
    fc
      .tuple(fc.constantFrom(...subject.landmarks), fc.integer({ min: -3, max: 3 }))
      .map(([landmark, delta]) => addDays(landmark, delta)),
  );

const subjectsAndDays = subjects.chain((subject) => fc.tuple(fc.constant(subject), days(subject)));

describe('the index date, for any measure or referral state and any day', () => {
  it('never hides a due task: whenever a rule fires, the date has come', () => {
    fc.assert(
      fc.property(subjectsAndDays, ([subject, today]) => {
        const next = nextActionableOn(subject.value, subject.policy);
        if (subject.fired(today).length > 0) expect(next !== null && next <= today).toBe(true);
        if (next === null || today < next) expect(subject.fired(today)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never wakes the job for nothing: on that date a rule fires', () => {
    fc.assert(
      fc.property(subjects, (subject) => {
        const next = nextActionableOn(subject.value, subject.policy);
        if (next !== null) expect(subject.fired(next).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('after a run, is the first day a task not yet created can fire, while the tasks already created keep their ids', () => {
    fc.assert(
      fc.property(subjectsAndDays, fc.integer({ min: 1, max: 400 }), ([subject, ranOn], wait) => {
        const today = addDays(ranOn, wait);
        const created = subject.fired(ranOn);
        const firedToday = subject.fired(today);
        expect(firedToday).toEqual(expect.arrayContaining(created));
        const next = nextActionableOn(subject.value, subject.policy, ranOn);
        const fresh = firedToday.filter((id) => !created.includes(id));
        if (fresh.length > 0) expect(next !== null && next <= today).toBe(true);
        if (next !== null) {
          expect(next > ranOn).toBe(true);
          expect(subject.fired(next).some((id) => !created.includes(id))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
