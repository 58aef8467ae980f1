import { contract } from '../shared/contract.js';

/** No query, no body: the whole catalogue. */
export const getStatsCatalogue = contract({ route: 'getStatsCatalogue' });
