import { closureBodySchema } from '../../lib/domain/closure.js';
import { contract } from '../shared/contract.js';

export const recordClosure = contract({ route: 'recordClosure', body: closureBodySchema, idempotent: true });
