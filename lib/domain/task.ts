import { taskKinds, type TaskKind, type TaskStatus } from './vocabulary.js';

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

/** What a task id names: `<kind>.<subjectId>[.<qualifier>]`, as `taskId` (deadlines.ts) builds it. */
export interface TaskIdParts {
  kind: TaskKind;
  /** The referral's id for `referral_waiting`, the measure's for every other kind. */
  subjectId: string;
  qualifier: string | null;
}

const taskIdPart = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The parts of a task id, or null for a string no task can have (a wrong kind, an empty or
 * oversized part, another separator): a path parameter is parsed here before it names any key.
 */
export function parseTaskId(id: string): TaskIdParts | null {
  const parts = id.split('.');
  if (parts.length < 2 || parts.length > 3) return null;
  const [kind, subjectId, qualifier] = parts as [string, string, string | undefined];
  if (!(taskKinds.values as readonly string[]).includes(kind)) return null;
  if (!taskIdPart.test(subjectId) || (qualifier !== undefined && !taskIdPart.test(qualifier))) return null;
  return { kind: kind as TaskKind, subjectId, qualifier: qualifier ?? null };
}

/** A subject id, and a qualifier: non-empty, without the "." that separates an id's parts. */
const idPart = /^[A-Za-z0-9_-]+$/;

/**
 * `<kind>.<subjectId>[.<qualifier>]`: safe in a URL path, and one id for one cause, as no part holds
 * a ".". Refuses any other subject id (the store's are UUIDs).
 */
export function taskId(kind: TaskKind, subjectId: string, qualifier?: string): string {
  for (const part of qualifier === undefined ? [subjectId] : [subjectId, qualifier])
    if (!idPart.test(part)) throw new RangeError(`A task id part must be made of A-Z, a-z, 0-9, "_" and "-": "${part}"`);
  return qualifier === undefined ? `${kind}.${subjectId}` : `${kind}.${subjectId}.${qualifier}`;
}
