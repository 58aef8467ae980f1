import type { Task } from '../../lib/domain/task.js';

/** An open task of measure m-1 for worker w-1; `overrides` change what a test is about. */
export const openTask = (overrides: Partial<Task> = {}): Task => ({
  id: 'bilan_due.m-1.1',
  kind: 'bilan_due',
  status: 'open',
  title: 'Bilan de la mesure ASLL-2026-000042 à rendre au plus tard le 04/04/2026',
  dueOn: '2026-04-04',
  measureId: 'm-1',
  referralId: null,
  reference: 'ASLL-2026-000042',
  assignee: { workerId: 'w-1' },
  createdAt: '2026-03-25T04:00:00.000Z',
  doneAt: null,
  ...overrides,
});
