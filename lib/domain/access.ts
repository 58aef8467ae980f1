import { ForbiddenError } from '../errors.js';
import { hasGroup, type Caller } from '../identity.js';
import type { Measure } from './measure.js';
import type { Task, TaskAssignee } from './task.js';

/**
 * Who reaches which measure and task (API.md "Measures", "Tasks"). A worker reaches only the
 * measures assigned to them, a manager every measure; analysts and admins reach none (an analyst
 * never sees a person). A caller in both groups has the manager's reach.
 */

export function measureVisibleTo(caller: Caller, measure: Pick<Measure, 'workerId'>): boolean {
  if (hasGroup(caller, 'manager')) return true;
  return hasGroup(caller, 'worker') && measure.workerId === caller.id;
}

/** Which measures a list shows: one worker's, or all of them. */
export type MeasureListScope = { workerId: string } | 'all';

const otherWorkersList =
  'Un travailleur social ne consulte que ses propres mesures et tâches : retirez le filtre workerId ou indiquez votre propre identifiant.';

/**
 * The scope of `GET /measures`: a worker gets their own, a manager all or one worker's. A worker
 * who asks for another worker's list is refused (403) rather than silently shown their own: an
 * answer that ignored the filter would look like the other worker's list. A worker naming
 * themselves is fine.
 */
export function measureListScope(caller: Caller, requestedWorkerId?: string): MeasureListScope {
  if (hasGroup(caller, 'manager')) return requestedWorkerId ? { workerId: requestedWorkerId } : 'all';
  if (hasGroup(caller, 'worker')) {
    if (requestedWorkerId && requestedWorkerId !== caller.id) throw new ForbiddenError(otherWorkersList);
    return { workerId: caller.id };
  }
  throw new ForbiddenError('Seuls les travailleurs sociaux et l’encadrement consultent les mesures.');
}

/** The scope of `GET /tasks`: a worker's own; for a manager, the managers' tasks or one worker's. */
export function taskListScope(caller: Caller, requestedWorkerId?: string): TaskAssignee {
  if (hasGroup(caller, 'manager')) return requestedWorkerId ? { workerId: requestedWorkerId } : { group: 'manager' };
  if (hasGroup(caller, 'worker')) {
    if (requestedWorkerId && requestedWorkerId !== caller.id) throw new ForbiddenError(otherWorkersList);
    return { workerId: caller.id };
  }
  throw new ForbiddenError('Seuls les travailleurs sociaux et l’encadrement ont des tâches.');
}

/** Who may read a task: its worker; a manager reads the managers' tasks and every worker's (as the list allows). */
export function taskVisibleTo(caller: Caller, task: Pick<Task, 'assignee'>): boolean {
  if (hasGroup(caller, 'manager')) return true;
  return hasGroup(caller, 'worker') && 'workerId' in task.assignee && task.assignee.workerId === caller.id;
}

/**
 * Who may mark a task done: only the one it is assigned to, a worker for theirs, a manager for the
 * managers' (API.md: "a task of someone else: 404"). A manager reads a worker's tasks but does not
 * close them in the worker's place.
 */
export function taskCompletableBy(caller: Caller, task: Pick<Task, 'assignee'>): boolean {
  if ('group' in task.assignee) return hasGroup(caller, 'manager');
  return hasGroup(caller, 'worker') && task.assignee.workerId === caller.id;
}
