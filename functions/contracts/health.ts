import { contract } from '../shared/contract.js';

export const health = contract({ route: 'health' });
