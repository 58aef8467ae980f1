import { describe, expect, it } from 'vitest';
import { recordClosure } from '../../lib/domain/closure.js';
import { recordContract } from '../../lib/domain/contract.js';
import {
  bilanDueTask,
  contractUnsignedTask,
  datedTasksDueFor,
  followUpDueTask,
  lastFullMonth,
  measureRules,
  overdueEndTask,
  referralWaitingTask,
  taskDueForReferral,
  tasksDueFor,
  visitCadenceTask,
} from '../../lib/domain/deadlines.js';
import { decideReferral } from '../../lib/domain/decision.js';
import { recordFollowUp } from '../../lib/domain/follow-up.js';
import { receiveReferral } from '../../lib/domain/intake.js';
import type { Measure } from '../../lib/domain/measure.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import { policies, policyIds, type DepartmentPolicy, type PolicyId } from '../../lib/domain/policies.js';
import type { Referral } from '../../lib/domain/referral.js';
import { recordVisit } from '../../lib/domain/visit.js';
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
import { taskId } from '../../lib/domain/task.js';

const now = new Date('2026-03-20T05:00:00Z');
const later = new Date('2026-03-27T05:00:00Z');
const dayBefore = (date: string) => addDays(date, -1);

/** A referral received on 2026-03-02, from a referrer every preset accepts (the sector social worker). */
function waitingReferral(policyId: PolicyId = 'meuse'): Referral {
  return receiveReferral(
    validReferral({ referrer: { kind: 'travailleur_social', name: 'Nadia Benali', organisation: 'MDS de Verdun' } }),
    policies[policyId],
    { id: 'r-1', sequence: 7, receivedAt: new Date('2026-03-02T08:00:00Z') },
  );
}

function withVisits(measure: Measure, policyId: PolicyId, dates: string[]): Measure {
  return dates.reduce(
    (current, date, index) =>
      recordVisit(
        current,
        { date, kind: 'domicile', durationMinutes: 60, axes: ['budget'] },
        policies[policyId],
        on(date, `v-${index}`),
      ).measure,
    measure,
  );
}

const withFollowUp = (measure: Measure, policyId: PolicyId, visitedOn: string): Measure =>
  recordFollowUp(measure, { visitedOn, withSectorWorker: true, stillHoused: true }, policies[policyId], on(visitedOn)).measure;

const closedOn = (measure: Measure, policyId: PolicyId, endedOn: string): Measure =>
  recordClosure(measure, closureBody(endedOn), policies[policyId], on(endedOn)).measure;

describe('referral_waiting: a referral still received decisionDays after its receipt', () => {
  it('is for the managers, due 15 days after receipt, and names the referral', () => {
    expect(referralWaitingTask(waitingReferral(), policies.meuse, '2026-03-17', now)).toEqual({
      id: 'referral_waiting.r-1',
      kind: 'referral_waiting',
      status: 'open',
      title: 'Décision à prendre sur la demande ASLL-2026-000007, reçue le 02/03/2026 (délai de 15 jours atteint le 17/03/2026)',
      dueOn: '2026-03-17',
      measureId: null,
      referralId: 'r-1',
      reference: 'ASLL-2026-000007',
      assignee: { group: 'manager' },
      createdAt: '2026-03-20T05:00:00.000Z',
      doneAt: null,
    });
  });

  it.each(policyIds)('under %s: none the day before, the task on the day and every day after while it waits', (policyId) => {
    const referral = waitingReferral(policyId);
    const policy = policies[policyId];
    const due = addDays(referral.receivedOn, policy.deadlines.decisionDays);
    expect(referralWaitingTask(referral, policy, dayBefore(due), now)).toBeNull();
    expect(referralWaitingTask(referral, policy, due, now)?.dueOn).toBe(due);
    expect(referralWaitingTask(referral, policy, addDays(due, 40), later)?.id).toBe('referral_waiting.r-1');
  });

  it('follows the policy’s decisionDays', () => {
    const patient: DepartmentPolicy = { ...policies.meuse, deadlines: { ...policies.meuse.deadlines, decisionDays: 30 } };
    expect(referralWaitingTask(waitingReferral(), patient, '2026-03-31', now)).toBeNull();
    expect(referralWaitingTask(waitingReferral(), patient, '2026-04-01', now)?.dueOn).toBe('2026-04-01');
  });

  it.each(['accepted', 'refused', 'redirected'] as const)('calls for nothing once the referral is %s', (decision) => {
    const outcome = decideReferral(
      waitingReferral(),
      decision === 'accepted'
        ? { decision, decidedOn: '2026-03-20', orientation: 'maintien', axes: ['budget'], durationMonths: 3, workerId: 'w-1' }
        : { decision, decidedOn: '2026-03-20', reason: 'Relève d’un autre dispositif.' },
      policies.meuse,
      { managerId: 'mgr-1', now, measureId: 'm-1', worker: { id: 'w-1', active: true, groups: ['worker'] } },
    );
    expect(taskDueForReferral(outcome.referral, policies.meuse, '2026-03-20', now)).toBeNull();
  });
});

describe('contract_unsigned: a measure still awaiting its contract contractDays after its decision', () => {
  it('is for its worker, due 30 days after the decision', () => {
    expect(contractUnsignedTask(awaitingMeasure(), policies.meuse, '2026-02-04', now)).toEqual({
      id: 'contract_unsigned.m-1',
      kind: 'contract_unsigned',
      status: 'open',
      title:
        'Contrat de la mesure ASLL-2026-000001 à faire signer, mesure décidée le 05/01/2026 (délai de 30 jours atteint le 04/02/2026)',
      dueOn: '2026-02-04',
      measureId: 'm-1',
      referralId: null,
      reference: 'ASLL-2026-000001',
      assignee: { workerId: 'w-1' },
      createdAt: '2026-03-20T05:00:00.000Z',
      doneAt: null,
    });
  });

  it.each(policyIds)('under %s: none on the 29th day, the task on the 30th', (policyId) => {
    expect(contractUnsignedTask(awaitingMeasure(policyId), policies[policyId], '2026-02-03', now)).toBeNull();
    expect(contractUnsignedTask(awaitingMeasure(policyId), policies[policyId], '2026-02-04', now)?.dueOn).toBe('2026-02-04');
  });

  it('calls for nothing once the contract is signed', () => {
    const signed = recordContract(
      awaitingMeasure(),
      contractBody('meuse', '2026-02-10'),
      policies.meuse,
      on('2026-02-10'),
    ).measure;
    expect(contractUnsignedTask(signed, policies.meuse, '2026-02-10', now)).toBeNull();
  });
});

describe('bilan_due: an active measure with no bilan of its current period, from noticeDays before bilanDueOn', () => {
  it('under meuse, the bilan due 10 days before the end appears 15 days before that, for its worker', () => {
    const measure = activeMeasure('meuse');
    expect(measure.bilanDueOn).toBe('2026-04-04');
    expect(bilanDueTask(measure, policies.meuse, '2026-03-19', now)).toBeNull();
    expect(bilanDueTask(measure, policies.meuse, '2026-03-20', now)).toEqual({
      id: 'bilan_due.m-1.p0',
      kind: 'bilan_due',
      status: 'open',
      title: 'Bilan de la mesure ASLL-2026-000001 à remettre au plus tard le 04/04/2026',
      dueOn: '2026-04-04',
      measureId: 'm-1',
      referralId: null,
      reference: 'ASLL-2026-000001',
      assignee: { workerId: 'w-1' },
      createdAt: '2026-03-20T05:00:00.000Z',
      doneAt: null,
    });
  });

  it.each(policyIds)('under %s: none the day before the notice, the task from its first day to past the end', (policyId) => {
    const measure = activeMeasure(policyId);
    const policy = policies[policyId];
    const from = addDays(measure.bilanDueOn!, -policy.deadlines.noticeDays);
    expect(bilanDueTask(measure, policy, dayBefore(from), now)).toBeNull();
    expect(bilanDueTask(measure, policy, from, now)?.dueOn).toBe(measure.bilanDueOn);
    expect(bilanDueTask(measure, policy, addDays(measure.plannedEnd!, 20), now)?.id).toBe('bilan_due.m-1.p0');
  });

  it('under plateforme, whose bilan is due at the end, appears 15 days before the planned end', () => {
    const measure = activeMeasure('plateforme');
    expect(bilanDueTask(measure, policies.plateforme, '2026-03-29', now)).toBeNull();
    expect(bilanDueTask(measure, policies.plateforme, '2026-03-30', now)?.dueOn).toBe('2026-04-14');
  });

  it('follows the policy’s noticeDays', () => {
    const early: DepartmentPolicy = { ...policies.meuse, deadlines: { ...policies.meuse.deadlines, noticeDays: 30 } };
    expect(bilanDueTask(activeMeasure(), early, '2026-03-04', now)).toBeNull();
    expect(bilanDueTask(activeMeasure(), early, '2026-03-05', now)?.dueOn).toBe('2026-04-04');
  });

  it('calls for nothing before the contract, once the bilan is sent, or once the measure is closed', () => {
    expect(bilanDueTask(awaitingMeasure(), policies.meuse, '2026-04-01', now)).toBeNull();
    expect(bilanDueTask(withBilan(activeMeasure(), 'meuse', '2026-03-25'), policies.meuse, '2026-03-25', now)).toBeNull();
    expect(bilanDueTask(closedMeasure('meuse'), policies.meuse, '2026-04-14', now)).toBeNull();
  });

  it('after a renewal, calls for the bilan of the new period under a new id', () => {
    const measure = renewed(activeMeasure(), 'meuse', '2026-04-04', 3);
    expect(bilanDueTask(measure, policies.meuse, '2026-04-04', now)).toBeNull();
    expect(bilanDueTask(measure, policies.meuse, '2026-06-18', now)).toBeNull();
    expect(bilanDueTask(measure, policies.meuse, '2026-06-19', now)).toMatchObject({
      id: 'bilan_due.m-1.p1',
      dueOn: '2026-07-04',
      title: 'Bilan de la mesure ASLL-2026-000001 à remettre au plus tard le 04/07/2026',
    });
  });
});

describe('overdue_end: an active measure whose planned end has passed', () => {
  it('appears the day after the planned end, due that day, for its worker', () => {
    const measure = activeMeasure('meuse');
    expect(overdueEndTask(measure, policies.meuse, '2026-04-14', now)).toBeNull();
    expect(overdueEndTask(measure, policies.meuse, '2026-04-15', now)).toEqual({
      id: 'overdue_end.m-1.p0',
      kind: 'overdue_end',
      status: 'open',
      title: 'Échéance de la mesure ASLL-2026-000001 dépassée (fin prévue le 14/04/2026) : à renouveler ou à clôturer',
      dueOn: '2026-04-15',
      measureId: 'm-1',
      referralId: null,
      reference: 'ASLL-2026-000001',
      assignee: { workerId: 'w-1' },
      createdAt: '2026-03-20T05:00:00.000Z',
      doneAt: null,
    });
  });

  it.each(policyIds)('under %s: none on the last day, the task the day after', (policyId) => {
    const measure = activeMeasure(policyId);
    expect(overdueEndTask(measure, policies[policyId], measure.plannedEnd!, now)).toBeNull();
    expect(overdueEndTask(measure, policies[policyId], addDays(measure.plannedEnd!, 1), now)?.dueOn).toBe('2026-04-15');
  });

  it('asks only to close a measure the policy can no longer renew', () => {
    let measure = activeMeasure('meuse');
    for (const date of ['2026-04-04', '2026-07-04', '2026-10-04']) measure = renewed(measure, 'meuse', date, 3);
    expect(overdueEndTask(measure, policies.meuse, '2027-01-15', now)).toMatchObject({
      id: 'overdue_end.m-1.p3',
      title: 'Échéance de la mesure ASLL-2026-000001 dépassée (fin prévue le 14/01/2027) : à clôturer',
    });
    const once = renewed(activeMeasure('dordogne'), 'dordogne', '2026-04-04', 3);
    expect(overdueEndTask(once, policies.dordogne, '2026-07-15', now)?.title).toMatch(/: à clôturer$/);
  });

  it('calls for nothing once the measure is renewed or closed, and a later overdue end is a new task', () => {
    const late = renewed(activeMeasure(), 'meuse', '2026-04-20', 3);
    expect(overdueEndTask(late, policies.meuse, '2026-04-20', now)).toBeNull();
    expect(overdueEndTask(late, policies.meuse, '2026-07-15', now)?.id).toBe('overdue_end.m-1.p1');
    const closed = closedOn(withBilan(activeMeasure(), 'meuse', '2026-04-20', 'end'), 'meuse', '2026-04-20');
    expect(overdueEndTask(closed, policies.meuse, '2026-04-20', now)).toBeNull();
  });
});

describe('follow_up_due: a closed measure with no follow-up recorded, from noticeDays before followUpDueOn', () => {
  it('under meuse, the visit due 6 months after the end appears 15 days before, for its worker', () => {
    const measure = closedMeasure('meuse', '2026-04-14');
    expect(measure.followUpDueOn).toBe('2026-10-14');
    expect(followUpDueTask(measure, policies.meuse, '2026-09-28', now)).toBeNull();
    expect(followUpDueTask(measure, policies.meuse, '2026-09-29', now)).toEqual({
      id: 'follow_up_due.m-1',
      kind: 'follow_up_due',
      status: 'open',
      title: 'Visite de suivi de la mesure ASLL-2026-000001 prévue le 14/10/2026, avec le travailleur social de secteur',
      dueOn: '2026-10-14',
      measureId: 'm-1',
      referralId: null,
      reference: 'ASLL-2026-000001',
      assignee: { workerId: 'w-1' },
      createdAt: '2026-03-20T05:00:00.000Z',
      doneAt: null,
    });
    expect(followUpDueTask(measure, policies.meuse, '2027-03-01', now)?.id).toBe('follow_up_due.m-1');
  });

  it.each(policyIds.filter((id) => policies[id].followUp === null))(
    'under %s, which has no follow-up, calls for none',
    (policyId) => {
      const measure = closedMeasure(policyId, '2026-04-14');
      for (const today of ['2026-04-14', '2026-10-14', '2027-04-14'])
        expect(followUpDueTask(measure, policies[policyId], today, now)).toBeNull();
    },
  );

  it('follows a follow-up a department switches on, without the sector worker', () => {
    const policy: DepartmentPolicy = { ...policies.plateforme, followUp: { monthsAfterEnd: 3, withSectorWorker: false } };
    const active = withBilan(activeMeasure('plateforme'), 'plateforme', '2026-04-10', 'end');
    const measure = recordClosure(active, closureBody('2026-04-14'), policy, on('2026-04-14')).measure;
    expect(measure.followUpDueOn).toBe('2026-07-14');
    expect(followUpDueTask(measure, policy, '2026-06-28', now)).toBeNull();
    expect(followUpDueTask(measure, policy, '2026-06-29', now)?.title).toBe(
      'Visite de suivi de la mesure ASLL-2026-000001 prévue le 14/07/2026',
    );
  });

  it('calls for nothing while the measure is active, or once the follow-up is recorded', () => {
    expect(followUpDueTask(activeMeasure('meuse'), policies.meuse, '2026-12-01', now)).toBeNull();
    const visited = withFollowUp(closedMeasure('meuse', '2026-04-14'), 'meuse', '2026-10-01');
    expect(followUpDueTask(visited, policies.meuse, '2026-10-01', now)).toBeNull();
  });
});

describe('visit_cadence: the last full month wholly inside the active period had fewer visits than the minimum', () => {
  // A meuse measure runs from 2026-01-15 to 2026-04-14: February and March lie wholly inside it.
  const meuse = activeMeasure('meuse');

  it('knows the last full month of any day, across a year’s end', () => {
    expect(lastFullMonth('2026-03-01')).toEqual({ month: '2026-02', first: '2026-02-01', last: '2026-02-28' });
    expect(lastFullMonth('2026-01-31')).toEqual({ month: '2025-12', first: '2025-12-01', last: '2025-12-31' });
    expect(lastFullMonth('2028-03-15')).toEqual({ month: '2028-02', first: '2028-02-01', last: '2028-02-29' });
  });

  it('under meuse, one meeting in February calls for a task on the first day of March, due that day, for its worker', () => {
    const measure = withVisits(meuse, 'meuse', ['2026-01-20', '2026-02-10', '2026-03-01']);
    expect(visitCadenceTask(measure, policies.meuse, '2026-03-01', now)).toEqual({
      id: 'visit_cadence.m-1.2026-02',
      kind: 'visit_cadence',
      status: 'open',
      title:
        'Rythme des rencontres non tenu pour la mesure ASLL-2026-000001 : 1 rencontre en février 2026, au moins 2 prévues par mois',
      dueOn: '2026-03-01',
      measureId: 'm-1',
      referralId: null,
      reference: 'ASLL-2026-000001',
      assignee: { workerId: 'w-1' },
      createdAt: '2026-03-20T05:00:00.000Z',
      doneAt: null,
    });
  });

  it('under meuse, two meetings in the month, on its first and last days, are enough', () => {
    const measure = withVisits(meuse, 'meuse', ['2026-02-01', '2026-02-28']);
    expect(visitCadenceTask(measure, policies.meuse, '2026-03-05', now)).toBeNull();
  });

  it('under meuse, a month without any meeting says so', () => {
    expect(visitCadenceTask(meuse, policies.meuse, '2026-04-02', now)).toMatchObject({
      id: 'visit_cadence.m-1.2026-03',
      title:
        'Rythme des rencontres non tenu pour la mesure ASLL-2026-000001 : aucune rencontre en mars 2026, au moins 2 prévues par mois',
    });
  });

  it('looks at no month partly outside the period: the month of the start, nor the month of the planned end', () => {
    expect(visitCadenceTask(meuse, policies.meuse, '2026-02-01', now)).toBeNull();
    expect(visitCadenceTask(meuse, policies.meuse, '2026-02-28', now)).toBeNull();
    expect(visitCadenceTask(meuse, policies.meuse, '2026-05-02', now)).toBeNull();
  });

  it('looks at a month that starts on the first day of the measure and ends on its planned end', () => {
    const measure = activeMeasure('meuse', '2026-02-01');
    expect(measure.plannedEnd).toBe('2026-04-30');
    expect(visitCadenceTask(measure, policies.meuse, '2026-03-01', now)?.id).toBe('visit_cadence.m-1.2026-02');
    expect(visitCadenceTask(measure, policies.meuse, '2026-05-01', now)?.id).toBe('visit_cadence.m-1.2026-04');
  });

  it('follows the minimum of the policy: exactly the minimum is enough, one fewer is not', () => {
    const three: DepartmentPolicy = { ...policies.plateforme, visitCadence: { minMeetingsPerMonth: 3 } };
    const measure = activeMeasure('plateforme');
    const twice = withVisits(measure, 'plateforme', ['2026-02-03', '2026-02-17']);
    expect(visitCadenceTask(twice, three, '2026-03-10', now)?.title).toContain(
      '2 rencontres en février 2026, au moins 3 prévues',
    );
    expect(visitCadenceTask(withVisits(twice, 'plateforme', ['2026-02-24']), three, '2026-03-10', now)).toBeNull();
  });

  it.each(policyIds.filter((id) => policies[id].visitCadence === null))(
    'under %s, which sets no cadence, calls for none',
    (policyId) => {
      expect(visitCadenceTask(activeMeasure(policyId), policies[policyId], '2026-03-01', now)).toBeNull();
    },
  );

  it('calls for nothing before the contract, or once the measure is closed', () => {
    expect(visitCadenceTask(awaitingMeasure(), policies.meuse, '2026-03-01', now)).toBeNull();
    const closed = closedOn(withBilan(meuse, 'meuse', '2026-03-10', 'end'), 'meuse', '2026-03-10');
    expect(visitCadenceTask(closed, policies.meuse, '2026-03-10', now)).toBeNull();
  });

  it('calls for nothing once late visits of the month bring it up to the minimum', () => {
    const caughtUp = withVisits(meuse, 'meuse', ['2026-02-10', '2026-02-12']);
    expect(visitCadenceTask(caughtUp, policies.meuse, '2026-03-02', now)).toBeNull();
  });

  it('calls for one task per month: the same id all month long, a new one the next month', () => {
    const first = visitCadenceTask(meuse, policies.meuse, '2026-03-01', now);
    const again = visitCadenceTask(meuse, policies.meuse, '2026-03-31', later);
    expect(again?.id).toBe(first?.id);
    expect(visitCadenceTask(meuse, policies.meuse, '2026-04-01', later)?.id).toBe('visit_cadence.m-1.2026-03');
  });
});

describe('the tasks a measure calls for', () => {
  it('are every kind its state calls for at once', () => {
    const overdue = activeMeasure('meuse');
    expect(tasksDueFor(overdue, policies.meuse, '2026-04-20', now).map((task) => task.id)).toEqual([
      'visit_cadence.m-1.2026-03',
      'bilan_due.m-1.p0',
      'overdue_end.m-1.p0',
    ]);
    expect(tasksDueFor(awaitingMeasure(), policies.meuse, '2026-03-01', now).map((task) => task.kind)).toEqual([
      'contract_unsigned',
    ]);
    expect(tasksDueFor(closedMeasure(), policies.meuse, '2026-10-01', now).map((task) => task.kind)).toEqual(['follow_up_due']);
  });

  it.each(policyIds)('under %s, the same state on two runs calls for the same ids, whatever the run’s time', (policyId) => {
    const measure = activeMeasure(policyId);
    const first = tasksDueFor(measure, policies[policyId], '2026-04-20', now);
    const second = tasksDueFor(measure, policies[policyId], '2026-04-21', later);
    expect(first.length).toBeGreaterThan(0);
    expect(second.map((task) => task.id)).toEqual(first.map((task) => task.id));
    expect(second.map((task) => task.createdAt)).not.toEqual(first.map((task) => task.createdAt));
  });

  it('are none for a closed measure whose follow-up is recorded, whatever the day', () => {
    const done = withFollowUp(closedMeasure('meuse'), 'meuse', '2026-10-10');
    for (const today of ['2026-10-10', '2027-01-01', '2030-06-30'])
      expect(tasksDueFor(done, policies.meuse, today, now)).toEqual([]);
  });

  it('give every kind but referral_waiting a rule', () => {
    expect(Object.keys(measureRules).sort()).toEqual([
      'bilan_due',
      'contract_unsigned',
      'follow_up_due',
      'overdue_end',
      'visit_cadence',
    ]);
  });
});

describe('task ids', () => {
  it('are kind, subject and period, safe in a URL path', () => {
    expect(taskId('bilan_due', '0f8c2a1e-7d3b-4c55-9a0e-2b6f1c9d4e77', 'p2')).toBe(
      'bilan_due.0f8c2a1e-7d3b-4c55-9a0e-2b6f1c9d4e77.p2',
    );
    expect(taskId('referral_waiting', 'r-1')).toBe('referral_waiting.r-1');
  });

  it('refuse a subject id that a URL path would not carry as it is, or whose dot would blur the parts', () => {
    for (const unsafe of ['m/1', 'm 1', 'm?1', 'm%2F1', 'mé', 'm.1', ''])
      expect(() => taskId('follow_up_due', unsafe)).toThrow(RangeError);
  });
});

describe('the dated rules the deadlines index stands for', () => {
  it('never ask for a visit-cadence task, which the monthly check owns', () => {
    const kinds = new Set<string>();
    for (const today of ['2026-02-01', '2026-03-01', '2026-04-10', '2026-05-01']) {
      const measure = activeMeasure('meuse');
      for (const task of datedTasksDueFor(measure, policies.meuse, today, new Date(`${today}T06:00:00Z`))) kinds.add(task.kind);
    }
    expect(kinds.has('visit_cadence')).toBe(false);
  });
});
