import { parisDate } from '../dates.js';
import { longFrenchDate } from '../french-dates.js';
import { catalogueView, dimensions, indicatorTexts, type Dimension, type IndicatorId } from './catalogue.js';
import { completeCells, type CellAccumulator } from './cells.js';
import { unmappedTerritory, wholeDepartment, type Cell } from './count.js';
import { protect, type ProtectedCell } from './disclosure.js';
import { statsRows, type StatsRow } from './export.js';
import { periodEnded, type OngoingMode } from './publication.js';
import { firstMonthOf, rangeLabel, type StatsRange } from './range.js';
import type { StatisticsTable, StatisticsTableRow } from './table.js';

/**
 * One `GET /stats` download, from the cells the `stats` job stored: every territory of the policy
 * (the department as a whole first), every period of the span that the last run has reached,
 * every cell with its zeros, then disclosure control, then the rows. Pure: the handler reads the
 * stored cells and the last run, and hands them here.
 */

/** Stored accumulators: period → territory → cell key → accumulator (absent: zero). */
export type StoredCellsByPeriod = ReadonlyMap<string, ReadonlyMap<string, Readonly<Record<string, CellAccumulator>>>>;

export interface DownloadInput {
  range: StatsRange;
  /** The last `stats` run (its event time), or null when it has never run. */
  run: { time: string } | null;
  stored: StoredCellsByPeriod;
  /** The policy's territories besides the whole department (`territoryMapping(policy).territories`), or none. */
  territories: readonly string[];
  threshold: number;
  /** What a period under way at the last run shows (publication.ts): provisional figures, or all « s ». */
  ongoing: OngoingMode;
}

/** `format=json` (API.md "Analysts"). */
export interface StatsDownload {
  generatedAt: string | null;
  from: string;
  to: string;
  by: StatsRange['by'];
  threshold: number;
  rows: StatsRow[];
}

/**
 * The periods of the span the last run has computed: those begun by the Paris day of its time. A
 * period the job has not reached yet is left out rather than shown as zeros, which would read as
 * « nothing happened »; a period under way is listed, provisional, or every cell of it suppressed
 * until it has ended where the deployment hides it (`unpublishedHidden`). Before the first run, none.
 */
export function computedPeriods(range: StatsRange, run: { time: string } | null): string[] {
  if (!run) return [];
  const reached = parisDate(new Date(run.time)).slice(0, 7);
  return range.periods.filter((period) => firstMonthOf(period) <= reached);
}

/** The territories of a download, in the order of its rows: the whole department, then by name. */
export function downloadTerritories(territories: readonly string[]): string[] {
  const others = [...new Set(territories.filter((each) => each !== wholeDepartment))].sort();
  return [wholeDepartment, ...others];
}

export function statisticsDownload(input: DownloadInput): StatsDownload {
  const cells: Cell[] = [];
  for (const period of computedPeriods(input.range, input.run)) {
    const stored = input.stored.get(period);
    for (const territory of downloadTerritories(input.territories))
      cells.push(...completeCells(period, territory, stored?.get(territory) ?? {}));
  }
  const protectedCells = protect(cells, { threshold: input.threshold });
  return {
    generatedAt: input.run?.time ?? null,
    from: input.range.from,
    to: input.range.to,
    by: input.range.by,
    threshold: input.threshold,
    rows: statsRows(input.ongoing === 'hidden' ? unpublishedHidden(protectedCells, input.run) : protectedCells),
  };
}

/**
 * Where the deployment hides periods under way: every cell of a period the last run saw under way
 * is answered suppressed (publication.ts), the period being published once it has ended. Its
 * stored cells are kept; the hiding is the answer's.
 */
function unpublishedHidden(cells: ProtectedCell[], run: { time: string } | null): ProtectedCell[] {
  if (!run) return cells;
  const ended = new Map<string, boolean>();
  const hasEnded = (period: string) => {
    if (!ended.has(period)) ended.set(period, periodEnded(period, run.time));
    return ended.get(period)!;
  };
  return cells.map((cell) => (hasEnded(cell.period) ? cell : { ...cell, value: null, suppressed: true }));
}

/** The periods of a download still under way at its run: provisional, or all « s » where the deployment hides them. */
export function ongoingPeriods(download: Pick<StatsDownload, 'generatedAt' | 'rows'>): string[] {
  const { generatedAt } = download;
  if (!generatedAt) return [];
  return [...new Set(download.rows.map((row) => row.period))].filter((period) => !periodEnded(period, generatedAt));
}

const territoryLabel = (territory: string) =>
  territory === wholeDepartment
    ? 'Ensemble du département'
    : territory === unmappedTerritory
      ? 'Non rattaché (code postal hors des territoires)'
      : territory;

/** « Ensemble » on a total, else the breakdown's label and its category's. */
function breakdownLabels(dimension: string | null, category: string | null): { dimension: string; category: string } {
  if (dimension === null) return { dimension: 'Ensemble', category: 'Ensemble' };
  const definition = dimensions[dimension as Dimension];
  return {
    dimension: definition.label,
    category: definition.categories.find((each) => each.id === category)?.label ?? category ?? '',
  };
}

/**
 * The download as the files lay it out (CSV, XLSX, ODS): one row per territory, indicator and
 * breakdown, one column per period. Where the policy maps territories, a first column names the
 * territory of each row, so that the one sheet filters and pivots by territory (a CSV has no
 * sheets, and the three formats hold the same table); the department as a whole alone needs none.
 */
export function downloadTable(
  download: StatsDownload,
  options: {
    department: string;
    territories: readonly string[];
    /** What the download did with a period under way (its DownloadInput's `ongoing`); default provisional. */
    ongoing?: OngoingMode;
  },
): StatisticsTable {
  const columns = [...new Set(download.rows.map((row) => row.period))];
  const column = new Map(columns.map((period, index) => [period, index]));
  const rows = new Map<string, StatisticsTableRow & { values: (number | null | undefined)[] }>();
  for (const cell of download.rows) {
    const key = [cell.territory, cell.indicator, cell.dimension ?? '', cell.category ?? ''].join('\u0000');
    let row = rows.get(key);
    if (!row) {
      const indicator = indicatorTexts[cell.indicator as IndicatorId];
      const labels = breakdownLabels(cell.dimension, cell.category);
      row = {
        territory: territoryLabel(cell.territory),
        indicator: cell.indicator,
        indicatorLabel: indicator.label,
        dimension: cell.dimension,
        dimensionLabel: labels.dimension,
        category: cell.category,
        categoryLabel: labels.category,
        unit: indicator.unit,
        values: columns.map(() => undefined),
      };
      rows.set(key, row);
    }
    row.values[column.get(cell.period)!] = cell.suppressed ? null : (cell.value ?? undefined);
  }
  // An empty table says why, so that it never reads as figures lost: no run yet, or a span the last run had not begun.
  const generated = download.generatedAt
    ? `chiffres du calcul du ${longFrenchDate(parisDate(new Date(download.generatedAt)))}` +
      (columns.length === 0 ? ', quand aucune de ces périodes n’avait commencé : le tableau est vide' : '')
    : 'aucun calcul des statistiques n’a encore eu lieu : le tableau est vide';
  return {
    title: `Statistiques ASLL du PDALPD — ${options.department}`,
    periodLabel: `${rangeLabel(download)} (${generated})`,
    threshold: download.threshold,
    territoryColumn: downloadTerritories(options.territories).length > 1,
    columns,
    ongoing: ongoingPeriods(download),
    ongoingMode: options.ongoing ?? 'provisional',
    rows: [...rows.values()],
    definitions: catalogueView().map((entry) => ({
      id: entry.id,
      label: entry.label,
      unit: entry.unit,
      definition: entry.definition,
      breakdowns: entry.breakdowns.map((breakdown) => ({ id: breakdown.dimension, label: breakdown.label })),
    })),
  };
}
