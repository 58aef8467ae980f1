import { contractBodySchema } from '../../lib/domain/contract.js';
import { contract } from '../shared/contract.js';

export const recordContract = contract({ route: 'recordContract', body: contractBodySchema, idempotent: true });
