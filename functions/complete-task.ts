import { taskCompletableBy } from '../lib/domain/access.js';
import type { Task } from '../lib/domain/task.js';
import { NotFoundError } from '../lib/errors.js';
import { TaskStore } from '../lib/store/tasks.js';
import { completeTask } from './contracts/complete-task.js';
import { getStore } from './shared/dependencies.js';
import { pathTaskId } from './shared/path.js';
import { writeHandler } from './shared/write-handler.js';

/**
 * `POST /tasks/{id}/done`: the caller marks one of their tasks done; 200 with the task, and 200
 * with it unchanged when it already was. A task of someone else is answered exactly as one that
 * does not exist (404): a worker completes their own, a manager the managers'.
 */
const notFound = () => new NotFoundError('Tâche introuvable.');

export const handler = writeHandler(
  completeTask,
  async (request) => {
    const tasks = getStore(TaskStore);
    const id = pathTaskId(request.event);
    const task = id ? await tasks.get(id) : null;
    if (!task || !taskCompletableBy(request.caller, task)) throw notFound();
    return tasks.markDone(task, request.now, { journal: request.journal('task_done'), idempotent: request.idempotent });
  },
  undefined,
  // A retry answers the first result only to whom may still complete it (a manager no longer one: 404).
  async (stored, request) => {
    if (!taskCompletableBy(request.caller, stored as Task)) throw notFound();
    return stored as Task;
  },
);
