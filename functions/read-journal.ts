import { NotFoundError } from '../lib/errors.js';
import { keys } from '../lib/store/keys.js';
import { readJournal } from './contracts/read-journal.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { JournalStore } from '../lib/store/journal.js';

/**
 * A file's journal: who read or wrote it, when, through which route. Entries name no household.
 * Every file has one from its first write (the referral's receipt, the measure's decision), so a
 * first page with none is a file that does not exist: 404, as any unknown id (API.md).
 */
export const handler = apiHandler(readJournal, async (request) => {
  const { referralId, measureId, limit, cursor } = request.query;
  const partition = measureId ? keys.measurePartition(measureId) : keys.referralPartition(referralId!);
  const page = await getStore(JournalStore).list(partition, { limit, cursor });
  if (cursor === undefined && page.items.length === 0) {
    throw new NotFoundError(
      measureId
        ? 'Mesure introuvable : aucun dossier ne porte cet identifiant.'
        : 'Demande introuvable : aucun dossier ne porte cet identifiant.',
    );
  }
  return page;
});
