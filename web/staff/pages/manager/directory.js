/** The staff directory's workers, as the manager pages offer them (`GET /staff?group=worker`, every page). */
import { compactQuery, readAllPages } from './model.js';

/** Every member of group `worker`, active or not, in the directory's order; or the failed API result. */
export function loadWorkers(ctx) {
  return readAllPages((cursor) => ctx.api.get('/staff', compactQuery({ group: 'worker', limit: 100, cursor })));
}
