import * as z from 'zod/mini';
import { groups } from '../../lib/identity.js';
import { contract } from '../shared/contract.js';
import { listQuery } from '../shared/query.js';

export const listStaff = contract({
  route: 'listStaff',
  query: listQuery({
    group: z.optional(z.enum(groups, { error: 'Groupe inconnu : worker, manager, analyst ou admin.' })),
  }),
});
