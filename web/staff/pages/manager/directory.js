/** The staff directory's workers, as the manager pages offer them (`GET /staff?group=worker`, every page). */
import { compactQuery, readAllPages, workerFilterOptions } from './model.js';

/** Every member of group `worker`, active or not, in the directory's order; or the failed API result. */
export function loadWorkers(ctx) {
  return readAllPages((cursor) => ctx.api.get('/staff', compactQuery({ group: 'worker', limit: 100, cursor })));
}

/** A list of every worker to filter by (`workerId`), `placeholder` the choice of no worker. */
export function workerFilter(ctx, workers, { label, value, placeholder }) {
  return ctx.ui.selectField({ name: 'workerId', label, options: workerFilterOptions(workers), value, placeholder });
}
