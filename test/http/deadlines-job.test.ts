import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, plannedEnd } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { validReferral } from '../support/fixtures.js';
import { acceptedMeasure, endingBilan, signedContract } from '../support/lifecycle.js';
import { deadlinesSystem } from '../support/deadlines.js';

let harness: Awaited<ReturnType<typeof deadlinesSystem>>;
beforeAll(async () => {
  harness = await deadlinesSystem();
});
afterAll(async () => harness.system.stop());

const today = parisToday();
const runOn = (day: string) => harness.runOn(day);
const post = (path: string, body: unknown) => harness.post(path, body);
const fileOf = (id: string) => harness.fileOf(id);
/** The open tasks of a file, but for the monthly visit-cadence ones (their own file tests them). */
const openTaskKinds = async (id: string) =>
  (await fileOf(id)).tasks.map((task: { kind: string }) => task.kind).filter((kind: string) => kind !== 'visit_cadence');

describe('the deadlines job, run for chosen days', () => {
  it('asks the managers about a referral waiting 15 days, not the day before, once, and closes it with the decision', async () => {
    const created = await harness.system.request('POST', '/referrals', { body: validReferral() });
    const id = created.body.id as string;
    expect((await runOn(addDays(today, 14))).byKind.referral_waiting ?? 0).toBe(0);
    expect((await runOn(addDays(today, 15))).byKind.referral_waiting).toBe(1);
    expect((await runOn(addDays(today, 15))).created).toBe(0);
    expect((await runOn(addDays(today, 16))).created).toBe(0);
    const waiting = await harness.system.stores.referrals.openTasks(id);
    expect(waiting).toEqual([
      expect.objectContaining({ kind: 'referral_waiting', assignee: { group: 'manager' }, dueOn: addDays(today, 15) }),
    ]);
    await harness.system.registerStaff('w-lucie', ['worker']);
    const decision = await harness.system.request('POST', `/referrals/${id}/decision`, {
      token: harness.manager,
      body: { decision: 'refused', decidedOn: today, reason: 'Relève du FSL' },
    });
    expect(decision.status).toBe(200);
    expect(await harness.system.stores.referrals.openTasks(id)).toEqual([]);
  });

  it('reminds the worker of an unsigned contract after 30 days, and the contract closes the task', async () => {
    const { id } = await acceptedMeasure(harness.system, { manager: harness.manager, workerId: 'w-lucie' });
    await runOn(addDays(today, 29));
    expect(await openTaskKinds(id)).not.toContain('contract_unsigned');
    await runOn(addDays(today, 30));
    const file = await fileOf(id);
    expect(file.tasks).toEqual([
      expect.objectContaining({ kind: 'contract_unsigned', dueOn: addDays(today, 30), assignee: { workerId: 'w-lucie' } }),
    ]);
    // The task joined the file: a write from the version read before it is stale.
    const signed = await post(`/measures/${id}/contract`, signedContract());
    expect(signed.status).toBe(201);
    expect(signed.body.tasks).toEqual([]);
  });

  it('asks for the bilan from 15 days before it is due, then for the overdue end, and the bilan and closure close them', async () => {
    const { id } = await acceptedMeasure(harness.system, { manager: harness.manager, workerId: 'w-lucie' });
    await post(`/measures/${id}/contract`, signedContract());
    const end = plannedEnd(today, 3);
    const bilanDue = addDays(end, -10);
    await runOn(addDays(bilanDue, -16));
    expect(await openTaskKinds(id)).toEqual([]);
    await runOn(addDays(bilanDue, -15));
    expect(await openTaskKinds(id)).toEqual(['bilan_due']);
    await runOn(addDays(end, 1));
    expect(await openTaskKinds(id)).toEqual(['bilan_due', 'overdue_end']);
    expect((await runOn(addDays(end, 2))).created).toBe(0);
    await post(`/measures/${id}/bilans`, endingBilan());
    expect(await openTaskKinds(id)).toEqual(['overdue_end']);
    const closed = await post(`/measures/${id}/closure`, { endedOn: today, reason: 'objectives_met', housingOutcome: 'kept' });
    expect(closed.body.tasks).toEqual([]);
  });

  it('asks for the follow-up visit 15 days before it is due, six months after the end', async () => {
    const { id } = await acceptedMeasure(harness.system, { manager: harness.manager, workerId: 'w-lucie' });
    await post(`/measures/${id}/contract`, signedContract());
    await post(`/measures/${id}/bilans`, endingBilan());
    await post(`/measures/${id}/closure`, { endedOn: today, reason: 'moved', housingOutcome: 'accessed' });
    const due = addMonths(today, 6);
    await runOn(addDays(due, -16));
    expect(await openTaskKinds(id)).toEqual([]);
    await runOn(addDays(due, -15));
    expect(await openTaskKinds(id)).toEqual(['follow_up_due']);
    const followUp = await post(`/measures/${id}/follow-up`, { visitedOn: today, withSectorWorker: true, stillHoused: true });
    expect(followUp.body.tasks).toEqual([]);
  });

  it('creates each task once when two runs for the same morning overlap', async () => {
    const { id } = await acceptedMeasure(harness.system, { manager: harness.manager, workerId: 'w-lucie' });
    const day = addDays(today, 30);
    const [first, second] = await Promise.all([runOn(day), runOn(day)]);
    expect((first.byKind.contract_unsigned ?? 0) + (second.byKind.contract_unsigned ?? 0)).toBeGreaterThanOrEqual(1);
    expect((await fileOf(id)).tasks.filter((task: { kind: string }) => task.kind === 'contract_unsigned')).toHaveLength(1);
  });

  it('refuses an event that is not a scheduled one rather than run for a wrong day', async () => {
    await expect(harness.handler({ 'detail-type': 'Other', source: 'x', time: 'yesterday' } as never)).rejects.toThrow(
      /scheduled event/,
    );
  });
});
