import { contract } from '../shared/contract.js';
import { listQuery } from '../shared/query.js';

/** No filter: the catalogue, paged as every list of API.md (`limit`, `cursor`). */
export const getStatsCatalogue = contract({ route: 'getStatsCatalogue', query: listQuery({}) });
