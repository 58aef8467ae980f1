import * as z from 'zod/mini';
import { referralStatuses } from '../lib/domain/vocabulary.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { listQuery } from './shared/query.js';

const readQuery = listQuery({
  status: z._default(
    z.enum(referralStatuses.values, { error: 'Statut inconnu : received, accepted, refused ou redirected.' }),
    'received',
  ),
});

export const handler = apiHandler('listReferrals', async ({ event }) => {
  const { status, limit, cursor } = readQuery(event);
  return { statusCode: 200, body: await getStore().listReferrals(status, { limit, cursor }) };
});
