import { bilanBodySchema } from '../../lib/domain/bilan.js';
import { contract } from '../shared/contract.js';

export const recordBilan = contract({ route: 'recordBilan', body: bilanBodySchema, idempotent: true });
