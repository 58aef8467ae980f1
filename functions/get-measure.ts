import { measureVisibleTo } from '../lib/domain/access.js';
import { NotFoundError } from '../lib/errors.js';
import { keys } from '../lib/store/keys.js';
import { getMeasure } from './contracts/get-measure.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { pathId } from './shared/path.js';
import { MeasureStore } from '../lib/store/measures.js';
import { JournalStore } from '../lib/store/journal.js';

export const handler = apiHandler(getMeasure, async (request) => {
  const measures = getStore(MeasureStore);
  const journal = getStore(JournalStore);
  const id = pathId(request.event);
  const file = id ? await measures.getFile(id) : null;
  // Another worker's measure is answered exactly as one that does not exist.
  if (!file || !measureVisibleTo(request.caller, file)) throw new NotFoundError('Mesure introuvable.');
  await journal.recordReads([keys.measurePartition(file.id)], request.journal('read'));
  return file;
});
