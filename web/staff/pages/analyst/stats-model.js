/**
 * The statistics dashboard's data, pure: from the rows of `GET /stats?format=json` and the entries
 * of `GET /stats/catalogue` to chart series and tables. No DOM here, so that it is unit-tested.
 *
 * A cell is `{ value, suppressed }` as the API sends it: a suppressed cell has `value: null` and is
 * never turned into a number (a chart leaves it out and marks it, a table shows « s », secret
 * statistique: a cell may be hidden to protect another, so it is not always a small number).
 */

import { periodEnded } from '../../../../lib/domain/statistics/publication.js';
import { monthLabel, periodBounds, spanProblems } from '../../../../lib/domain/statistics/range.js';
import { suppressedMarker } from '../../../../lib/domain/statistics/table.js';

/** The territory of the department as a whole in the API's rows. */
export const wholeDepartment = 'all';

/** @typedef {{ period: string, territory: string, indicator: string, dimension: string | null, category: string | null, value: number | null, suppressed: boolean }} StatsRow */
/** @typedef {{ value: number | null, suppressed: boolean }} Cell */
/** @typedef {{ id: string, label: string }} Category */
/** @typedef {{ id: string, label: string, multiple: boolean, categories: Category[] }} Breakdown */
/** @typedef {{ id: string, label: string, unit: string, definition: string, kind: string, breakdowns: Breakdown[] }} CatalogueEntry */

const monthLong = new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' });
const monthShort = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' });
const numbers = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** @param {string} period `2026-03`, `2026-Q1` or `2026` */
function parsePeriod(period) {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return { kind: 'quarter', year: quarter[1], part: Number(quarter[2]) };
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return { kind: 'month', year: month[1], part: Number(month[2]) };
  return { kind: 'year', year: period, part: 0 };
}

const monthDate = (year, month) => new Date(Date.UTC(Number(year), month - 1, 1));

/** `2026-03` → « mars 2026 », `2026-Q1` → « 1er trimestre 2026 », `2026` → « 2026 ». */
export function periodLabel(period) {
  const { kind, year, part } = parsePeriod(period);
  if (kind === 'month') return `${monthLong.format(monthDate(year, part))} ${year}`;
  if (kind === 'quarter') return `${part === 1 ? '1er' : `${part}e`} trimestre ${year}`;
  return year;
}

/** The short form under a chart's bars: « mars 26 », « T1 26 », « 2026 ». */
export function shortPeriodLabel(period) {
  const { kind, year, part } = parsePeriod(period);
  if (kind === 'month') return `${monthShort.format(monthDate(year, part))} ${year.slice(2)}`;
  if (kind === 'quarter') return `T${part} ${year.slice(2)}`;
  return year;
}

/** The periods of the rows, in time order (`2026-03` < `2026-04`, `2026-Q1` < `2026-Q2`). */
export function periodsOf(rows) {
  return [...new Set(rows.map((row) => row.period))].sort();
}

/** The territories of the rows: the department as a whole first, then the others as the API lists them. */
export function territoriesOf(rows) {
  const named = [...new Set(rows.map((row) => row.territory))].filter((territory) => territory !== wholeDepartment);
  return [wholeDepartment, ...named];
}

const keyOf = (indicator, dimension, category, period) => `${indicator}|${dimension ?? ''}|${category ?? ''}|${period}`;

/**
 * The cells of one territory, looked up by indicator, breakdown, category and period.
 * @param {StatsRow[]} rows
 * @param {string} territory
 */
export function cellsOf(rows, territory) {
  /** @type {Map<string, Cell>} */
  const cells = new Map();
  for (const row of rows)
    if (row.territory === territory)
      cells.set(keyOf(row.indicator, row.dimension, row.category, row.period), {
        value: row.suppressed ? null : row.value,
        suppressed: row.suppressed,
      });
  return {
    /** @returns {Cell | undefined} */
    at: (indicator, dimension, category, period) => cells.get(keyOf(indicator, dimension, category, period)),
  };
}

/**
 * One series per indicator (its total), one value per period: what a chart over time draws.
 * @param {ReturnType<typeof cellsOf>} cells
 * @param {string[]} periods
 * @param {{ indicator: string, label: string }[]} indicators
 */
export function periodSeries(cells, periods, indicators) {
  return indicators.map(({ indicator, label }) =>
    seriesOf(
      label,
      periods.map((period) => cells.at(indicator, null, null, period)),
    ),
  );
}

/**
 * One series of an indicator's categories in one breakdown, for one period.
 * @param {ReturnType<typeof cellsOf>} cells
 * @param {CatalogueEntry} entry
 * @param {Breakdown} breakdown
 * @param {string} period
 */
export function breakdownSeries(cells, entry, breakdown, period) {
  return seriesOf(
    entry.label,
    breakdown.categories.map((category) => cells.at(entry.id, breakdown.id, category.id, period)),
  );
}

/** @param {(Cell | undefined)[]} list */
function seriesOf(name, list) {
  return {
    name,
    values: list.map((cell) => (cell && !cell.suppressed ? cell.value : null)),
    suppressed: list.map((cell) => cell?.suppressed === true),
  };
}

/**
 * The table of a breakdown over every period: the indicator's total first (« Ensemble »), then one
 * row per category in the catalogue's order.
 * @param {ReturnType<typeof cellsOf>} cells
 * @param {CatalogueEntry} entry
 * @param {Breakdown} breakdown
 * @param {string[]} periods
 */
export function breakdownTable(cells, entry, breakdown, periods) {
  return [
    { label: 'Ensemble', cells: periods.map((period) => cells.at(entry.id, null, null, period)) },
    ...breakdown.categories.map((category) => ({
      label: category.label,
      cells: periods.map((period) => cells.at(entry.id, breakdown.id, category.id, period)),
    })),
  ];
}

/** What a table cell shows: « s » for a suppressed cell, « 1 250 » for a number, « — » where the API sent nothing. */
export function cellText(cell) {
  if (!cell) return '—';
  if (cell.suppressed) return suppressedMarker;
  return cell.value === null ? '—' : numbers.format(cell.value);
}

/**
 * The periods of an answer still under way at its run (`generatedAt`): provisional figures, or
 * every cell suppressed where the deployment hides them until they end (`ongoingModeOf`).
 * @param {{ generatedAt: string | null, rows: StatsRow[] }} body
 */
export function ongoingPeriodsOf(body) {
  const { generatedAt } = body;
  if (!generatedAt) return [];
  return periodsOf(body.rows).filter((period) => !periodEnded(period, generatedAt));
}

/**
 * Whether the answer shows its periods under way as provisional figures, or hides them until they
 * end (ASLL_STATS_ONGOING=hidden): the API's answer does not name the setting, but a hidden period
 * has every cell suppressed, which a period shown never has (its zeros are never hidden).
 * @param {{ rows: StatsRow[] }} body
 * @param {string[]} ongoing the answer's periods under way (`ongoingPeriodsOf`)
 * @returns {'provisional' | 'hidden'}
 */
export function ongoingModeOf(body, ongoing) {
  const rows = body.rows.filter((row) => ongoing.includes(row.period));
  return rows.length > 0 && rows.every((row) => row.suppressed) ? 'hidden' : 'provisional';
}

/**
 * The last period with at least one visible figure of the indicator, else the last period; the
 * periods `hidden` (under way, all « s » until they end) are passed over while another is there.
 */
export function latestPeriodWithData(cells, indicator, periods, hidden = []) {
  for (let index = periods.length - 1; index >= 0; index -= 1) {
    if (hidden.includes(periods[index])) continue;
    const cell = cells.at(indicator, null, null, periods[index]);
    if (cell && (cell.suppressed || (cell.value ?? 0) > 0)) return periods[index];
  }
  return periods.at(-1);
}

/** Whether a series has anything to draw or mark (all zeros still draw an axis; nothing at all does not). */
export function hasFigures(series) {
  return series.some((each) => each.values.some((value) => value !== null) || each.suppressed.some(Boolean));
}

/**
 * The months a dashboard opens on: the last twelve, up to the current month of `today` (YYYY-MM-DD).
 * @returns {{ from: string, to: string }}
 */
export function defaultMonths(today) {
  const [year, month] = today.split('-').map(Number);
  const start = new Date(Date.UTC(year, month - 1 - 11, 1));
  const from = `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
  return { from, to: today.slice(0, 7) };
}

/**
 * The span moved out to whole periods of `by`, as `GET /stats` requires (a quarter from its first
 * month to its last, a year from January to December): `2026-02`..`2026-05` by quarter →
 * `2026-01`..`2026-06`. Months that are not YYYY-MM are left as they are, for the API to refuse.
 */
export function alignMonths(from, to, by) {
  const valid = (month) => /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return { from: valid(from) ? periodBounds(from, by).first : from, to: valid(to) ? periodBounds(to, by).last : to };
}

/** How the period form's refusals name its fields and months. */
const fieldWords = { from: 'le mois de début', to: 'le mois de fin', fromSubject: 'Le mois de début', month: monthLabel };

/**
 * What keeps the period form from being sent, in the words of its fields (`GET /stats` would
 * refuse it too, but its messages name its parameters, `from` and `to`): API error details,
 * `[]` when the period can be asked for.
 * @returns {{ path: string, message: string }[]}
 */
export function periodProblems(from, to, by) {
  const valid = (month) => /^\d{4}-(0[1-9]|1[0-2])$/.test(month ?? '');
  const problems = [];
  if (!valid(from)) problems.push({ path: 'from', message: 'Indiquez le mois de début au format AAAA-MM, par exemple 2026-01.' });
  if (!valid(to)) problems.push({ path: 'to', message: 'Indiquez le mois de fin au format AAAA-MM, par exemple 2026-12.' });
  if (!['month', 'quarter', 'year'].includes(by))
    problems.push({ path: 'by', message: 'Choisissez de regrouper par mois, par trimestre ou par année.' });
  if (problems.length > 0) return problems;
  return spanProblems(from, to, by, fieldWords);
}
