import * as z from 'zod/mini';
import { taskStatuses } from '../../lib/domain/vocabulary.js';
import { contract } from '../shared/contract.js';
import { listQuery } from '../shared/query.js';

export const listTasks = contract({
  route: 'listTasks',
  query: listQuery({
    status: z._default(z.enum(taskStatuses.values, { error: 'Statut inconnu : open ou done.' }), 'open'),
    workerId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  }),
});
