import { contract } from '../shared/contract.js';

export const findReference = contract({ route: 'findReference' });
