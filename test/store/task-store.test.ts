import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task, TaskAssignee } from '../../lib/domain/task.js';
import type { TaskKind } from '../../lib/domain/vocabulary.js';
import { ValidationError } from '../../lib/errors.js';
import { freshTable } from '../support/store.js';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => table.drop());

/** A task on a measure of this worker (or, for `referral_waiting`, on a referral, for the managers). */
function task(kind: TaskKind, dueOn: string, assignee: TaskAssignee, subjectId = randomUUID(), qualifier?: string): Task {
  const onReferral = kind === 'referral_waiting';
  return {
    id: qualifier === undefined ? `${kind}.${subjectId}` : `${kind}.${subjectId}.${qualifier}`,
    kind,
    status: 'open',
    title: `Tâche ${kind} à faire`,
    dueOn,
    measureId: onReferral ? null : subjectId,
    referralId: onReferral ? subjectId : null,
    reference: 'ASLL-2026-000001',
    assignee,
    createdAt: '2026-03-01T05:00:00.000Z',
    doneAt: null,
  };
}

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

describe('the task store on DynamoDB Local', () => {
  it('lists one assignee’s tasks of one status by due date, and nobody else’s', async () => {
    const worker = { workerId: `w-${randomUUID()}` };
    const late = task('bilan_due', '2026-04-20', worker);
    const early = task('contract_unsigned', '2026-03-02', worker);
    const middle = task('visit_cadence', '2026-04-01', worker, randomUUID(), '2026-03');
    for (const each of [late, early, middle]) await table.stores.tasks.create(each);
    await table.stores.tasks.create(task('bilan_due', '2026-03-01', { workerId: `w-${randomUUID()}` }));
    await table.stores.tasks.create(task('referral_waiting', '2026-03-01', { group: 'manager' }));

    const open = await table.stores.tasks.list(worker, 'open', { limit: 25 });
    expect(ids(open)).toEqual([early.id, middle.id, late.id]);
    expect(open.nextCursor).toBeNull();
    expect(open.items[0]).toEqual(early);
    expect((await table.stores.tasks.list(worker, 'done', { limit: 25 })).items).toEqual([]);
  });

  it('lists the managers’ tasks apart from every worker’s', async () => {
    const referralTask = task('referral_waiting', '2026-01-15', { group: 'manager' });
    await table.stores.tasks.create(referralTask);
    const managers = await table.stores.tasks.list({ group: 'manager' }, 'open', { limit: 100 });
    expect(ids(managers)).toContain(referralTask.id);
    expect(managers.items.every((each) => each.kind === 'referral_waiting')).toBe(true);
  });

  it('pages through a list without losing or repeating a task, the last page without a cursor', async () => {
    const worker = { workerId: `w-${randomUUID()}` };
    const created = Array.from({ length: 7 }, (_, index) =>
      task('bilan_due', `2026-05-${String(20 - index).padStart(2, '0')}`, worker),
    );
    for (const each of created) await table.stores.tasks.create(each);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await table.stores.tasks.list(worker, 'open', { limit: 3, cursor });
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].sort((a, b) => a.dueOn.localeCompare(b.dueOn)).map((each) => each.id));
  });

  it('refuses a cursor taken from another assignee’s list or from the other status', async () => {
    const worker = { workerId: `w-${randomUUID()}` };
    const other = { workerId: `w-${randomUUID()}` };
    for (const dueOn of ['2026-06-01', '2026-06-02']) {
      await table.stores.tasks.create(task('bilan_due', dueOn, worker));
      await table.stores.tasks.create(task('bilan_due', dueOn, other));
    }
    const cursor = (await table.stores.tasks.list(worker, 'open', { limit: 1 })).nextCursor!;
    expect(cursor).toEqual(expect.any(String));
    await expect(table.stores.tasks.list(other, 'open', { limit: 1, cursor })).rejects.toBeInstanceOf(ValidationError);
    await expect(table.stores.tasks.list(worker, 'done', { limit: 1, cursor })).rejects.toBeInstanceOf(ValidationError);
  });

  it('finds a measure’s task and a referral’s task by their id alone', async () => {
    const onMeasure = task('visit_cadence', '2026-04-01', { workerId: 'w-1' }, randomUUID(), '2026-03');
    const onReferral = task('referral_waiting', '2026-03-16', { group: 'manager' });
    await table.stores.tasks.create(onMeasure);
    await table.stores.tasks.create(onReferral);
    expect(await table.stores.tasks.get(onMeasure.id)).toEqual(onMeasure);
    expect(await table.stores.tasks.get(onReferral.id)).toEqual(onReferral);
  });

  it('finds nothing for an unknown id, nor for a string no task id can be, without asking the table anything odd', async () => {
    const subject = randomUUID();
    for (const id of [
      `bilan_due.${randomUUID()}.p0`,
      `referral_waiting.${subject}`,
      `contract_unsigned.${subject}.x.y`,
      `unknown_kind.${subject}`,
      'bilan_due.',
      'bilan_due..p0',
      `bilan_due.${subject}#TASK`,
      `bilan_due.${'a'.repeat(65)}`,
      'bilan_due',
      '',
    ]) {
      expect(await table.stores.tasks.get(id), id).toBeNull();
    }
  });

  it('marks a task done once: a second call, even from a copy read before the first, answers it unchanged', async () => {
    const worker = { workerId: `w-${randomUUID()}` };
    const open = task('follow_up_due', '2026-09-30', worker);
    await table.stores.tasks.create(open);
    const first = await table.stores.tasks.markDone(open, new Date('2026-09-01T08:00:00.000Z'));
    expect(first).toEqual({ ...open, status: 'done', doneAt: '2026-09-01T08:00:00.000Z' });
    const again = await table.stores.tasks.markDone(open, new Date('2026-09-02T08:00:00.000Z'));
    expect(again).toEqual(first);
    expect(await table.stores.tasks.markDone(first, new Date('2026-09-03T08:00:00.000Z'))).toEqual(first);
    expect(await table.stores.tasks.get(open.id)).toEqual(first);
    expect((await table.stores.tasks.list(worker, 'open', { limit: 25 })).items).toEqual([]);
    expect((await table.stores.tasks.list(worker, 'done', { limit: 25 })).items).toEqual([first]);
  });
});
