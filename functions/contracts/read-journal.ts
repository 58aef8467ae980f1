import * as z from 'zod/mini';
import { contract } from '../shared/contract.js';
import { listQuery } from '../shared/query.js';

const fileId = (label: string) =>
  z.optional(z.string().check(z.regex(/^[0-9a-f-]{36}$/, { error: `L’identifiant de la ${label} est un UUID.` })));

export const readJournal = contract({
  route: 'readJournal',
  query: listQuery({ referralId: fileId('demande'), measureId: fileId('mesure') }).check(
    z.refine((query) => [query.referralId, query.measureId].filter(Boolean).length === 1, {
      error: 'Indiquez le dossier dont vous voulez le journal : referralId ou measureId (un seul des deux).',
      path: ['referralId'],
    }),
  ),
});
