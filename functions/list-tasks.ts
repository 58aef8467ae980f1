import { taskListScope } from '../lib/domain/access.js';
import { TaskStore } from '../lib/store/tasks.js';
import { listTasks } from './contracts/list-tasks.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';

/**
 * `GET /tasks`: one assignee's tasks of one status, by due date. A worker gets their own (403 for
 * another's), a manager the managers' or, with `workerId`, one worker's.
 */
export const handler = apiHandler(listTasks, async (request) => {
  const { status, workerId, limit, cursor } = request.query;
  return getStore(TaskStore).list(taskListScope(request.caller, workerId), status, { limit, cursor });
});
