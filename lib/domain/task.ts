import type { TaskKind, TaskStatus } from './vocabulary.js';

/** Who a task is for: one worker, or the managers as a group (API.md "Tasks"). */
export type TaskAssignee = { workerId: string } | { group: 'manager' };

export interface Task {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  /** French, for the person who does it. */
  title: string;
  dueOn: string;
  measureId: string | null;
  referralId: string | null;
  reference: string;
  assignee: TaskAssignee;
  createdAt: string;
  doneAt: string | null;
  /** When the email announcing it went out (absent until then; never for a task closed first). */
  notifiedAt?: string | null;
}

/** The open tasks of a measure that a step's `resolvedTaskKinds` closes. */
export function tasksResolvedBy(openTasks: readonly Task[], measureId: string, kinds: readonly TaskKind[]): Task[] {
  return openTasks.filter((task) => task.status === 'open' && task.measureId === measureId && kinds.includes(task.kind));
}

/** A task marked done at `now`; one already done stays as it was. */
export function completeTask(task: Task, now: Date): Task {
  return task.status === 'done' ? task : { ...task, status: 'done', doneAt: now.toISOString() };
}
