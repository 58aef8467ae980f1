import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBilan } from '../../lib/domain/bilan.js';
import { recordClosure } from '../../lib/domain/closure.js';
import { recordContract } from '../../lib/domain/contract.js';
import { decideReferral } from '../../lib/domain/decision.js';
import { nextActionableOn } from '../../lib/domain/deadlines.js';
import { recordFollowUp } from '../../lib/domain/follow-up.js';
import { receiveReferral } from '../../lib/domain/intake.js';
import type { Measure, MeasureChange } from '../../lib/domain/measure.js';
import { policies } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import { recordVisit } from '../../lib/domain/visit.js';
import { DeadlineStore } from '../../lib/store/deadlines.js';
import { keys } from '../../lib/store/keys.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { bilanBody, closureBody, contractBody, on } from '../support/measures.js';
import { freshTable, journalEntry } from '../support/store.js';

const policy = policies.meuse;
let table: Awaited<ReturnType<typeof freshTable>>;
let deadlines: DeadlineStore;
beforeAll(async () => {
  table = await freshTable();
  deadlines = new DeadlineStore(table.stores.table);
});
afterAll(async () => table.drop());

const entry = (action: string) => journalEntry(action);

/** The head item's entry in the deadlines index, as stored: its date, or null when it is out of the index. */
async function indexedOn(key: { PK: string; SK: string }): Promise<string | null> {
  const item = await table.stores.table.get(key, { consistent: true });
  if (!item?.GSI3SK) return null;
  expect(item.GSI3PK).toBe(keys.deadlines);
  return String(item.GSI3SK).split('#')[0]!;
}

async function receivedReferral(receivedAt: Date) {
  const referral = receiveReferral(validReferral(), policy, { id: randomUUID(), sequence: 1, receivedAt });
  await table.stores.referrals.saveNew(referral, { policy, journal: entry('received') });
  return referral;
}

describe('the sparse deadlines index under every write of the lifecycle', () => {
  it('files a referral 15 days after receipt, and takes it out once decided', async () => {
    const referral = await receivedReferral(new Date('2026-01-05T09:00:00Z'));
    expect(await indexedOn(keys.referral(referral.id))).toBe('2026-01-20');
    const outcome = decideReferral(referral, { decision: 'refused', decidedOn: '2026-01-06', reason: 'Hors critères' }, policy, {
      managerId: 'm-1',
      now: new Date('2026-01-06T09:00:00Z'),
      measureId: randomUUID(),
      worker: null,
    });
    await table.stores.referrals.saveDecision(outcome, referral.version, { policy, journal: entry('decided') });
    expect(await indexedOn(keys.referral(referral.id))).toBeNull();
  });

  it('keeps a measure filed under the next date a rule may fire, after each step, until nothing is left to remind', async () => {
    const referral = await receivedReferral(new Date('2026-01-05T09:00:00Z'));
    const outcome = decideReferral(referral, { ...acceptance, axes: [...acceptance.axes], decidedOn: '2026-01-06' }, policy, {
      managerId: 'm-1',
      now: new Date('2026-01-06T09:00:00Z'),
      measureId: randomUUID(),
      worker: { id: acceptance.workerId, active: true, groups: ['worker'] },
    });
    await table.stores.referrals.saveDecision(outcome, referral.version, { policy, journal: entry('decided') });
    const id = outcome.measure!.id;
    const head = keys.measure(id);
    const expectFiled = async () => {
      const file = (await table.stores.measures.getFile(id))!;
      const { tasks: _tasks, ...measure } = file;
      expect(await indexedOn(head)).toBe(nextActionableOn(measure, policy));
      return measure;
    };
    expect(await indexedOn(head)).toBe('2026-02-05'); // decided + 30: the contract is awaited
    let measure: Measure = await expectFiled();
    const step = async (change: MeasureChange) => {
      await table.stores.measures.write({
        policy,
        before: measure,
        change,
        readVersion: measure.version,
        openTasks: [],
        journal: entry('step'),
      });
      measure = await expectFiled();
    };
    await step(recordContract(measure, contractBody('meuse', '2026-01-15'), policy, on('2026-01-15')));
    expect(await indexedOn(head)).toBe('2026-03-20'); // bilan due 2026-04-04, from 15 days before
    await step(
      recordVisit(
        measure,
        { date: '2026-01-20', kind: 'domicile', durationMinutes: 45, axes: ['budget'] },
        policy,
        on('2026-01-20', randomUUID()),
      ),
    );
    await step(recordBilan(measure, bilanBody('2026-03-25', 'renew'), policy, on('2026-03-25', randomUUID())));
    expect(await indexedOn(head)).toBe('2026-04-15'); // no bilan due this period: the planned end is next
    await step(
      recordRenewal(
        measure,
        { decidedOn: '2026-04-01', months: 3, orientation: 'maintien' },
        policy,
        on('2026-04-01', randomUUID()),
      ),
    );
    await step(recordBilan(measure, bilanBody('2026-04-02', 'end'), policy, on('2026-04-02', randomUUID())));
    await step(recordClosure(measure, closureBody('2026-04-10'), policy, on('2026-04-10')));
    expect(await indexedOn(head)).toBe('2026-09-25'); // follow-up due 2026-10-10, from 15 days before
    await step(
      recordFollowUp(measure, { visitedOn: '2026-10-01', withSectorWorker: true, stillHoused: true }, policy, on('2026-10-01')),
    );
    expect(await indexedOn(head)).toBeNull();
  });

  it('reads only what is due by the day, and files a subject on to its next date once its task exists', async () => {
    const waiting = await receivedReferral(new Date('2030-03-01T09:00:00Z'));
    const later = await receivedReferral(new Date('2030-03-10T09:00:00Z'));
    const { subjects } = await deadlines.dueBy('2030-03-16');
    const ids = subjects.map((subject) => (subject.kind === 'referral' ? subject.referral.id : subject.measure.id));
    expect(ids).toContain(waiting.id);
    expect(ids).not.toContain(later.id);
    const due = subjects.find((subject) => subject.kind === 'referral' && subject.referral.id === waiting.id)!;
    const task = {
      id: `referral_waiting.${waiting.id}`,
      kind: 'referral_waiting' as const,
      status: 'open' as const,
      title: 'Demande en attente',
      dueOn: '2030-03-16',
      measureId: null,
      referralId: waiting.id,
      reference: waiting.reference,
      assignee: { group: 'manager' as const },
      createdAt: '2030-03-16T05:00:00.000Z',
      doneAt: null,
    };
    expect(await deadlines.fileTasks(due, [task], null)).toEqual([task]);
    expect(await indexedOn(keys.referral(waiting.id))).toBeNull();
    // A second run read it before the first filed it on: it finds the task there and creates nothing.
    expect(await deadlines.fileTasks(due, [task], null)).toEqual([]);
    expect(await table.stores.referrals.openTasks(waiting.id)).toHaveLength(1);
  });
});
