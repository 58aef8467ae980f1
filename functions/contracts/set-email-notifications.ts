import * as z from 'zod/mini';
import { contract } from '../shared/contract.js';

export const setEmailNotifications = contract({
  route: 'setEmailNotifications',
  body: z.strictObject({
    enabled: z.boolean({
      error: 'Indiquez true pour recevoir les courriels de nouvelles tâches, false pour ne plus les recevoir.',
    }),
  }),
  idempotent: true,
});
