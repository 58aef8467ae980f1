import { measureListScope } from '../lib/domain/access.js';
import { keys } from '../lib/store/keys.js';
import { listMeasures } from './contracts/list-measures.js';
import { apiHandler } from './shared/api-handler.js';
import { getStores } from './shared/dependencies.js';

export const handler = apiHandler(listMeasures, async (request) => {
  const { measures, journal } = getStores();
  const { status, workerId, limit, cursor } = request.query;
  const page = await measures.list(status, measureListScope(request.caller, workerId), { limit, cursor });
  await journal.recordReads(
    page.items.map((measure) => keys.measurePartition(measure.id)),
    request.journal('listed'),
  );
  return page;
});
