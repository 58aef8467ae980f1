import { measureListScope } from '../lib/domain/access.js';
import { keys } from '../lib/store/keys.js';
import { listMeasures } from './contracts/list-measures.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { MeasureStore } from '../lib/store/measures.js';
import { JournalStore } from '../lib/store/journal.js';

export const handler = apiHandler(listMeasures, async (request) => {
  const measures = getStore(MeasureStore);
  const journal = getStore(JournalStore);
  const { status, workerId, limit, cursor } = request.query;
  const page = await measures.list(status, measureListScope(request.caller, workerId), { limit, cursor });
  await journal.recordReads(
    page.items.map((measure) => keys.measurePartition(measure.id)),
    request.journal('listed'),
  );
  return page;
});
