import { referralBodySchema } from '../../lib/domain/referral.js';
import { contract } from '../shared/contract.js';

export const createReferral = contract({ route: 'createReferral', body: referralBodySchema, idempotent: true });
