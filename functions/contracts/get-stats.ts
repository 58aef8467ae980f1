import * as z from 'zod/mini';
import { granularities } from '../../lib/domain/statistics/granularity.js';
import type { StatisticsFileFormat } from '../../lib/domain/statistics/table.js';
import { contract } from '../shared/contract.js';

const month = (name: 'from' | 'to') =>
  z.optional(
    z.string().check(
      z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
        error: `Le paramètre ${name} est un mois au format AAAA-MM, par exemple 2026-03.`,
      }),
    ),
  );

const formats = ['json', 'csv', 'xlsx', 'ods'] as const satisfies readonly ('json' | StatisticsFileFormat)[];

/**
 * `GET /stats`: `from` and `to` (months, YYYY-MM; default this year so far: January to the end of
 * the current period), `by` (default `month`), `format` (default `json`). The span's own rules
 * (whole quarters and years, from ≤ to, its length) are lib/domain/statistics/range.ts's.
 */
export const getStats = contract({
  route: 'getStats',
  query: z.object({
    from: month('from'),
    to: month('to'),
    by: z._default(z.enum(granularities, { error: 'Le paramètre by vaut month, quarter ou year.' }), 'month'),
    format: z._default(z.enum(formats, { error: 'Le paramètre format vaut json, csv, xlsx ou ods.' }), 'json'),
  }),
});
