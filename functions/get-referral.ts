import { NotFoundError } from '../lib/errors.js';
import { keys } from '../lib/store/keys.js';
import { getReferral } from './contracts/get-referral.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { pathId } from './shared/path.js';
import { ReferralStore } from '../lib/store/referrals.js';
import { JournalStore } from '../lib/store/journal.js';

export const handler = apiHandler(getReferral, async (request) => {
  const referrals = getStore(ReferralStore);
  const journal = getStore(JournalStore);
  const id = pathId(request.event);
  const referral = id ? await referrals.get(id) : null;
  if (!referral) throw new NotFoundError('Demande introuvable.');
  await journal.recordReads([keys.referralPartition(referral.id)], request.journal('read'));
  return referral;
});
