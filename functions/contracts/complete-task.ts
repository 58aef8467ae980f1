import { contract } from '../shared/contract.js';

/** No body: the path names the task (the manifest declares the route `body: 'none'`). */
export const completeTask = contract({ route: 'completeTask', idempotent: true });
