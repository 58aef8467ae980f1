import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordContract } from '../../lib/domain/contract.js';
import type { Measure } from '../../lib/domain/measure.js';
import { policies } from '../../lib/domain/policies.js';
import type { Task } from '../../lib/domain/task.js';
import { reassignMeasure } from '../../lib/domain/handover.js';
import { recordVisit } from '../../lib/domain/visit.js';
import { NotFoundError } from '../../lib/errors.js';
import { keys } from '../../lib/store/keys.js';
import { measurePut, StaleMeasureError } from '../../lib/store/measures.js';
import { awaitingMeasure, on } from '../support/measures.js';
import { freshTable, journalEntry } from '../support/store.js';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => table.drop());

const entry = (action: string) => journalEntry(action);

async function storedMeasure(overrides: Partial<Measure> = {}): Promise<Measure> {
  const measure = awaitingMeasure('meuse', { id: randomUUID(), ...overrides });
  await table.stores.table.transact([measurePut(table.tableName, measure, { create: true, policy: policies.meuse })], {
    onConditionFailed: () => new Error('exists'),
  });
  return measure;
}

const task = (measure: Measure, kind: Task['kind'], dueOn: string): Task => ({
  id: `${kind}.${measure.id}`,
  kind,
  status: 'open',
  title: `Tâche ${kind}`,
  dueOn,
  measureId: measure.id,
  referralId: null,
  reference: measure.reference,
  assignee: { workerId: measure.workerId },
  createdAt: new Date().toISOString(),
  doneAt: null,
});

const openTasksInIndex = async (workerId: string) =>
  (
    await table.stores.table.page<Task>(
      { index: 'GSI2', partition: keys.tasksOf({ workerId }), sortPrefix: keys.tasksPrefix('open'), ascending: true },
      { limit: 100 },
    )
  ).items;

describe('the measure store on DynamoDB Local', () => {
  it('reads a file of 100 visits, its tasks and nothing of its journal with one Query', async () => {
    const measure = await storedMeasure();
    let file = (await table.stores.measures.getFile(measure.id))!;
    let change = recordContract(
      file,
      { signedOn: '2026-01-06', objectives: [{ axis: 'budget', text: 'Budget' }], signatories: ['household', 'worker'] },
      policies.meuse,
      on('2026-01-06'),
    );
    file = await table.stores.measures.write({
      policy: policies.meuse,
      before: file,
      change,
      readVersion: file.version,
      openTasks: [],
      journal: entry('contract'),
    });
    for (let index = 0; index < 100; index += 1) {
      const { tasks: _tasks, ...current } = file;
      change = recordVisit(
        current,
        { date: '2026-01-07', kind: 'domicile', durationMinutes: 30, axes: ['budget'] },
        policies.meuse,
        on('2026-01-08', randomUUID()),
      );
      file = await table.stores.measures.write({
        policy: policies.meuse,
        before: current,
        change,
        readVersion: current.version,
        openTasks: [],
        journal: entry('visit'),
      });
    }
    await table.stores.tasks.create(task(measure, 'bilan_due', '2026-03-25'));
    await table.stores.journal.recordReads(Array(20).fill(keys.measurePartition(measure.id)), entry('read'));

    const send = vi.spyOn(table.stores.table.client, 'send');
    const read = await table.stores.measures.getFile(measure.id);
    const queries = send.mock.calls.filter(([command]) => command instanceof QueryCommand);
    send.mockRestore();
    expect(queries).toHaveLength(1);
    expect(read!.visits).toHaveLength(100);
    expect(read!.tasks.map((open) => open.kind)).toEqual(['bilan_due']);
    expect(read!.version).toBe(102);
    expect(read).not.toHaveProperty('action');
  });

  it('marks done, in the write that removes its cause, the task that asked for it, and moves it among its worker’s done tasks', async () => {
    const measure = await storedMeasure({ workerId: `w-${randomUUID()}` });
    await table.stores.tasks.create(task(measure, 'contract_unsigned', '2026-02-04'));
    await table.stores.tasks.create(task(measure, 'visit_cadence', '2026-02-05'));
    expect((await openTasksInIndex(measure.workerId)).map((open) => open.kind)).toEqual(['contract_unsigned', 'visit_cadence']);

    const file = (await table.stores.measures.getFile(measure.id))!;
    const { tasks, ...current } = file;
    const change = recordContract(
      current,
      { signedOn: '2026-01-06', objectives: [{ axis: 'budget', text: 'Budget' }], signatories: ['household', 'worker'] },
      policies.meuse,
      on('2026-01-06'),
    );
    expect(change.resolvedTaskKinds).toContain('contract_unsigned');
    const journal = entry('contract');
    const written = await table.stores.measures.write({
      policy: policies.meuse,
      before: file,
      change,
      readVersion: file.version,
      openTasks: tasks,
      journal,
    });

    expect(written.tasks.map((open) => open.kind)).toEqual(['visit_cadence']);
    expect((await table.stores.measures.getFile(measure.id))!.tasks.map((open) => open.kind)).toEqual(['visit_cadence']);
    expect((await openTasksInIndex(measure.workerId)).map((open) => open.kind)).toEqual(['visit_cadence']);
    const done = await table.stores.tasks.list({ workerId: measure.workerId }, 'done', { limit: 100 });
    expect(done.items).toEqual([expect.objectContaining({ kind: 'contract_unsigned', status: 'done', doneAt: journal.at })]);
  });

  it('creates a task once, however often its cause is found', async () => {
    const measure = await storedMeasure();
    expect(await table.stores.tasks.create(task(measure, 'bilan_due', '2026-03-25'))).toBe(true);
    expect(await table.stores.tasks.create(task(measure, 'bilan_due', '2026-03-25'))).toBe(false);
    expect((await table.stores.measures.getFile(measure.id))!.tasks).toHaveLength(1);
  });

  it('moves open tasks to the new worker on a hand-over, and does not reopen one its worker marked done after the read', async () => {
    const measure = await storedMeasure({ workerId: `w-${randomUUID()}` });
    const newWorker = `w-${randomUUID()}`;
    await table.stores.tasks.create(task(measure, 'contract_unsigned', '2026-02-04'));
    await table.stores.tasks.create(task(measure, 'visit_cadence', '2026-02-05'));
    const stale = (await table.stores.measures.getFile(measure.id))!;
    const done = await table.stores.tasks.markDone(stale.tasks[0]!, new Date('2026-01-10T09:00:00.000Z'));
    const handOver = (file: typeof stale) => {
      const { tasks, ...current } = file;
      const change = reassignMeasure(current, newWorker, on('2026-01-10'));
      return table.stores.measures.write({
        policy: policies.meuse,
        before: current,
        change,
        readVersion: file.version,
        openTasks: tasks,
        journal: entry('handover'),
      });
    };

    await expect(handOver(stale)).rejects.toBeInstanceOf(StaleMeasureError);
    expect(await table.stores.tasks.get(done.id)).toEqual(done);

    const written = await handOver((await table.stores.measures.getFile(measure.id))!);
    expect(written.tasks.map((open) => [open.kind, open.assignee])).toEqual([['visit_cadence', { workerId: newWorker }]]);
    expect((await openTasksInIndex(newWorker)).map((open) => open.kind)).toEqual(['visit_cadence']);
    expect(await openTasksInIndex(measure.workerId)).toEqual([]);
    expect((await table.stores.tasks.list({ workerId: measure.workerId }, 'done', { limit: 10 })).items).toEqual([done]);
  });

  it('does not let the former worker mark done a task that a hand-over moved after they read it', async () => {
    const measure = await storedMeasure({ workerId: `w-${randomUUID()}` });
    const newWorker = `w-${randomUUID()}`;
    await table.stores.tasks.create(task(measure, 'contract_unsigned', '2026-02-04'));
    const read = (await table.stores.tasks.get(`contract_unsigned.${measure.id}`))!;
    const { tasks, ...current } = (await table.stores.measures.getFile(measure.id))!;
    await table.stores.measures.write({
      policy: policies.meuse,
      before: current,
      change: reassignMeasure(current, newWorker, on('2026-01-10')),
      readVersion: current.version,
      openTasks: tasks,
      journal: entry('handover'),
    });

    await expect(table.stores.tasks.markDone(read, new Date('2026-01-10T09:00:00.000Z'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await table.stores.tasks.get(read.id)).toMatchObject({ status: 'open', assignee: { workerId: newWorker } });
    expect((await openTasksInIndex(newWorker)).map((open) => open.kind)).toEqual(['contract_unsigned']);
  });

  it('refuses a write computed from a version that is no longer the stored one, and writes nothing of it', async () => {
    const measure = await storedMeasure();
    const file = (await table.stores.measures.getFile(measure.id))!;
    const { tasks: _tasks, ...current } = file;
    const contract = {
      signedOn: '2026-01-06',
      objectives: [{ axis: 'budget' as const, text: 'Budget' }],
      signatories: ['household' as const, 'worker' as const],
    };
    const first = recordContract(current, contract, policies.meuse, on('2026-01-06'));
    await table.stores.measures.write({
      policy: policies.meuse,
      before: current,
      change: first,
      readVersion: file.version,
      openTasks: [],
      journal: entry('contract'),
    });
    const second = recordContract(current, { ...contract, signedOn: '2026-01-07' }, policies.meuse, on('2026-01-07'));
    await expect(
      table.stores.measures.write({
        policy: policies.meuse,
        before: current,
        change: second,
        readVersion: file.version,
        openTasks: [],
        journal: entry('contract'),
      }),
    ).rejects.toBeInstanceOf(StaleMeasureError);
    expect((await table.stores.measures.getFile(measure.id))!.contract?.signedOn).toBe('2026-01-06');
  });

  it('lists a worker’s measures by status, newest first, apart from every other worker’s', async () => {
    const workerId = `w-${randomUUID()}`;
    const older = await storedMeasure({ workerId, createdAt: '2026-01-01T08:00:00.000Z' });
    const newer = await storedMeasure({ workerId, createdAt: '2026-01-02T08:00:00.000Z' });
    await storedMeasure({ workerId: `w-${randomUUID()}` });
    const page = await table.stores.measures.list('awaiting_contract', { workerId }, { limit: 10 });
    expect(page.items.map((item) => item.id)).toEqual([newer.id, older.id]);
    expect(page.items[0]).not.toHaveProperty('visits');
    expect((await table.stores.measures.list('active', { workerId }, { limit: 10 })).items).toEqual([]);
  });
});
