import { contract } from '../shared/contract.js';

export const getMeasure = contract({ route: 'getMeasure' });
