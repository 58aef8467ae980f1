import { NotFoundError } from '../lib/errors.js';
import { keys } from '../lib/store/keys.js';
import { getReferral } from './contracts/get-referral.js';
import { apiHandler } from './shared/api-handler.js';
import { getStores } from './shared/dependencies.js';
import { pathId } from './shared/query.js';

export const handler = apiHandler(getReferral, async (request) => {
  const { referrals, journal } = getStores();
  const id = pathId(request.event);
  const referral = id ? await referrals.get(id) : null;
  if (!referral) throw new NotFoundError('Demande introuvable.');
  await journal.recordReads([keys.referralPartition(referral.id)], request.journal('read'));
  return referral;
});
