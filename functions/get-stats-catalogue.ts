import { ValidationError } from '../lib/errors.js';
import { catalogueView } from '../lib/domain/statistics/catalogue.js';
import { getStatsCatalogue } from './contracts/get-stats-catalogue.js';
import { apiHandler } from './shared/api-handler.js';

/**
 * `GET /stats/catalogue`: every indicator of the statistics — id, French label, unit, kind (count,
 * mean, median), written definition — and each of its breakdowns with its categories, as a list of
 * API.md's shape: `limit` (default 25) indicators a page, in the catalogue's order, `nextCursor`
 * naming the last one given. Built from the code, as the README's table is.
 */
export const handler = apiHandler(getStatsCatalogue, async (request) => {
  const { limit, cursor } = request.query;
  const all = catalogueView();
  const start = cursor === undefined ? 0 : afterCursor(cursor, all);
  const page = all.slice(start, start + limit);
  const last = page.at(-1);
  return {
    items: page.map(({ breakdowns, ...indicator }) => ({
      ...indicator,
      breakdowns: breakdowns.map(({ dimension, ...breakdown }) => ({ id: dimension, ...breakdown })),
    })),
    nextCursor: last && start + limit < all.length ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
  };
});

/** Where the page after `cursor` (the last indicator id given, base64url) starts; 422 for any other cursor. */
function afterCursor(cursor: string, all: readonly { id: string }[]): number {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  const index = all.findIndex((indicator) => indicator.id === id);
  if (index < 0) throw new ValidationError([{ path: 'cursor', message: 'Curseur de pagination invalide ou périmé.' }]);
  return index + 1;
}
