import { catalogueView } from '../lib/domain/statistics/catalogue.js';
import { getStatsCatalogue } from './contracts/get-stats-catalogue.js';
import { apiHandler } from './shared/api-handler.js';

/**
 * `GET /stats/catalogue`: every indicator of the statistics — id, French label, unit, kind (count,
 * mean, median), written definition — and each of its breakdowns with its categories, as a list of
 * API.md's shape (`items`, and no next page: the catalogue is one page). Built from the code, as the
 * README's table is.
 */
export const handler = apiHandler(getStatsCatalogue, async () => ({
  items: catalogueView().map(({ breakdowns, ...indicator }) => ({
    ...indicator,
    breakdowns: breakdowns.map(({ dimension, ...breakdown }) => ({ id: dimension, ...breakdown })),
  })),
  nextCursor: null,
}));
