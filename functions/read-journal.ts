import { keys } from '../lib/store/keys.js';
import { readJournal } from './contracts/read-journal.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { JournalStore } from '../lib/store/journal.js';

/** A file's journal: who read or wrote it, when, through which route. Entries name no household. */
export const handler = apiHandler(readJournal, async (request) => {
  const { referralId, measureId, limit, cursor } = request.query;
  const partition = measureId ? keys.measurePartition(measureId) : keys.referralPartition(referralId!);
  return getStore(JournalStore).list(partition, { limit, cursor });
});
