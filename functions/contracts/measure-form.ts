import { contract } from '../shared/contract.js';

export const measureForm = contract({ route: 'measureForm' });
