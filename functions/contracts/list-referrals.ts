import * as z from 'zod/mini';
import { referralStatuses } from '../../lib/domain/vocabulary.js';
import { contract } from '../shared/contract.js';
import { listQuery } from '../shared/query.js';

export const listReferrals = contract({
  route: 'listReferrals',
  query: listQuery({
    status: z._default(
      z.enum(referralStatuses.values, { error: 'Statut inconnu : received, accepted, refused ou redirected.' }),
      'received',
    ),
    // Managers examine the queue from the referral that has waited longest.
    order: z._default(z.enum(['newest', 'oldest'], { error: 'Ordre inconnu : newest ou oldest.' }), 'newest'),
  }),
});
