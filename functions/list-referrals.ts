import { keys } from '../lib/store/keys.js';
import { listReferrals } from './contracts/list-referrals.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { ReferralStore } from '../lib/store/referrals.js';
import { JournalStore } from '../lib/store/journal.js';

export const handler = apiHandler(listReferrals, async (request) => {
  const referrals = getStore(ReferralStore);
  const journal = getStore(JournalStore);
  const { status, order, limit, cursor } = request.query;
  const page = await referrals.list(status, { limit, cursor }, order);
  // Each household named on the page has been seen: its file's journal says so.
  await journal.recordReads(
    page.items.map((referral) => keys.referralPartition(referral.id)),
    request.journal('listed'),
  );
  return page;
});
