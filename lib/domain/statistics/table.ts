import { frenchMonthName } from '../french-dates.js';
import type { OngoingMode } from './publication.js';
/**
 * One statistics download, as every format writes it (CSV, XLSX, ODS): its rows (of one territory,
 * or of several with a territory column), one column per period, suppressed cells already decided. Built from the stored cells by whoever
 * serves `GET /stats`; the writers only lay it out, they never count nor suppress.
 */
export interface StatisticsTable {
  /** French title, e.g. « Statistiques ASLL du PDALPD — Meuse ». */
  title: string;
  /** French label of the periods asked for, e.g. « 2026, par trimestre ». */
  periodLabel: string;
  /** The disclosure threshold, which the files' legend of a suppressed cell names. */
  threshold: number;
  /** Rows of several territories: a first column « Territoire » names each row's. */
  territoryColumn?: boolean;
  /** The period ids, in order: `2026-03` (month), `2026-Q1` (quarter) or `2026` (year), all of one kind. */
  columns: readonly string[];
  /**
   * The columns of periods still under way at the last run (publication.ts): their heading says
   * « en cours », and the definitions say whether their figures are provisional or all « s » and why.
   */
  ongoing?: readonly string[];
  /** What those columns show: provisional figures (the default), or all « s » until they end. */
  ongoingMode?: OngoingMode;
  rows: readonly StatisticsTableRow[];
  /** What each indicator of the rows counts, for the sheet of definitions. */
  definitions: readonly StatisticsDefinition[];
}

export interface StatisticsTableRow {
  /** French name of the row's territory (« Ensemble du département »…), shown where the table has a territory column. */
  territory?: string;
  /** Indicator id of the catalogue, e.g. `measures_closed`. */
  indicator: string;
  indicatorLabel: string;
  /** Breakdown id (`reason`…), `null` on an indicator's total. */
  dimension: string | null;
  /** French label of the breakdown, e.g. « Motif de fin », or « Ensemble » on a total. */
  dimensionLabel: string;
  /** Category id of the breakdown (`term`…), `null` on a total. */
  category: string | null;
  categoryLabel: string;
  /** French unit, e.g. « ménages », « mesures », « jours ». */
  unit: string;
  /**
   * One value per column, in the columns' order; `null` where the cell is suppressed, `undefined`
   * where there is nothing to show (a mean or a median over no household: an empty cell).
   */
  values: readonly (number | null | undefined)[];
}

export interface StatisticsDefinition {
  id: string;
  label: string;
  unit: string;
  /** What is counted, on which date, in which period. */
  definition: string;
  /** The breakdowns the indicator has, with their French labels. */
  breakdowns: readonly { id: string; label: string }[];
}

export type StatisticsFileFormat = 'csv' | 'xlsx' | 'ods';

/** What `Content-Type` each download carries. */
export const statisticsMediaTypes: Readonly<Record<StatisticsFileFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** The heading of the first column of a table of several territories, in every format. */
export const territoryHeading = 'Territoire';

/**
 * How every suppressed cell reads in every download: « s », secret statistique, as French official
 * statistics write it. One marker for both suppressions, which says nothing of the hidden value: a
 * cell hidden so that a small one cannot be worked out may hold any number (« < 5 » would be false
 * there), and telling the two apart would help work the small ones out.
 */
export const suppressedMarker = 's';

/** « de 1 à 4 » under a threshold of 5; « un seul » under a threshold of 2. */
function smallCounts(threshold: number): string {
  return threshold - 1 <= 1 ? 'un seul' : `de 1 à ${threshold - 1}`;
}

/**
 * What « s » means, said once at the head of the definitions (sheet « Définitions », the CSV's
 * block) and beside the analyst page's tables and charts: both reasons a cell is hidden, without
 * saying which one hid which cell.
 */
export function suppressionNote(threshold: number): string {
  return (
    `« ${suppressedMarker} » : secret statistique. La case est masquée soit parce qu’elle porte sur moins de ${threshold} ` +
    `ménages (${smallCounts(threshold)}), soit pour qu’une telle case ne puisse pas être déduite par différence avec le ` +
    `total et les autres cases. Une case « ${suppressedMarker} » n’est donc pas forcément un petit nombre.`
  );
}

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface ParsedPeriod {
  kind: PeriodKind;
  year: string;
  /** The month (`03`) or quarter (`1`) within the year; empty for a year. */
  part: string;
}

/** `2026-03`, `2026-Q1` or `2026`; anything else is a programming error of the caller. */
export function parsePeriod(period: string): ParsedPeriod {
  const match = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/.exec(period);
  if (!match) throw new Error(`Période inconnue : ${period}`);
  const [, year, month, quarter] = match;
  if (month) return { kind: 'month', year: year!, part: month };
  if (quarter) return { kind: 'quarter', year: year!, part: quarter };
  return { kind: 'year', year: year!, part: '' };
}

/**
 * A period's column heading in the spreadsheets: « mars 2026 », « T1 2026 », « 2026 ». Written as
 * text cells, so no spreadsheet turns them into dates.
 */
export function periodHeading(period: string): string {
  const { kind, year, part } = parsePeriod(period);
  if (kind === 'month') return `${frenchMonthName(Number(part))} ${year}`;
  if (kind === 'quarter') return `T${part} ${year}`;
  return year;
}

/**
 * A period's column heading in the CSV: `2026-M03`, `2026-T1`, `2026`. A spreadsheet opening a CSV
 * guesses every field's type, and French Excel reads « mars 2026 » or `2026-03` as a date; these
 * codes (the months' form of SDMX, the quarters' of INSEE) stay text and still sort.
 */
export function csvPeriodHeading(period: string): string {
  const { kind, year, part } = parsePeriod(period);
  if (kind === 'month') return `${year}-M${part}`;
  if (kind === 'quarter') return `${year}-T${part}`;
  return year;
}
