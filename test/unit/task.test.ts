import { describe, expect, it } from 'vitest';
import { completeTask, parseTaskId, taskId, tasksResolvedBy, type Task } from '../../lib/domain/task.js';
import { taskKinds } from '../../lib/domain/vocabulary.js';

const task = (overrides: Partial<Task>): Task => ({
  id: 't-1',
  kind: 'bilan_due',
  status: 'open',
  title: 'Bilan à rendre pour ASLL-2026-000001',
  dueOn: '2026-04-04',
  measureId: 'm-1',
  referralId: null,
  reference: 'ASLL-2026-000001',
  assignee: { workerId: 'w-1' },
  createdAt: '2026-03-20T05:00:00.000Z',
  doneAt: null,
  ...overrides,
});

describe('tasks a write resolves', () => {
  it('picks the open tasks of the measure whose kind the step resolved', () => {
    const open = [
      task({ id: 't-1' }),
      task({ id: 't-2', kind: 'visit_cadence' }),
      task({ id: 't-3', measureId: 'm-2' }),
      task({ id: 't-4', status: 'done', doneAt: '2026-03-21T00:00:00.000Z' }),
    ];
    expect(tasksResolvedBy(open, 'm-1', ['bilan_due', 'overdue_end']).map((each) => each.id)).toEqual(['t-1']);
  });

  it('marks a task done once, keeping the first completion time', () => {
    const done = completeTask(task({}), new Date('2026-04-01T09:00:00Z'));
    expect(done).toMatchObject({ status: 'done', doneAt: '2026-04-01T09:00:00.000Z' });
    expect(completeTask(done, new Date('2026-04-02T09:00:00Z'))).toBe(done);
  });
});

describe('task ids read back', () => {
  const subject = '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';

  it('reads back every id the deadline rules build, for every kind, with and without a qualifier', () => {
    for (const kind of taskKinds.values) {
      expect(parseTaskId(taskId(kind, subject))).toEqual({ kind, subjectId: subject, qualifier: null });
      expect(parseTaskId(taskId(kind, subject, '2026-03'))).toEqual({ kind, subjectId: subject, qualifier: '2026-03' });
    }
  });

  it('refuses what no task id can be: an unknown kind, a missing, empty, oversized or extra part, another character', () => {
    for (const id of [
      '',
      'bilan_due',
      `bilan_due.`,
      `bilan_due..p1`,
      `bilan_due.${subject}.`,
      `bilan_due.${subject}.p1.x`,
      `bilan.${subject}`,
      `BILAN_DUE.${subject}`,
      `bilan_due.${subject}#SK`,
      `bilan_due.${subject}/p1`,
      `bilan_due.${'a'.repeat(65)}`,
      `bilan_due.${subject}.p 1`,
    ]) {
      expect(parseTaskId(id), id).toBeNull();
    }
  });
});
