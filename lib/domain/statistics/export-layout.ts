import { ongoingNote } from './publication.js';
import { periodHeading, suppressedMarker, suppressionNote, territoryHeading, type StatisticsTable } from './table.js';

/**
 * The two spreadsheets (XLSX, ODS) hold the same sheets, laid out here once; each writer only
 * hands this layout to its library. A cell is a number (a typed numeric cell), a text, or empty.
 */
export type LayoutCell =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string; bold?: boolean; alignRight?: boolean; wrap?: boolean }
  | { kind: 'empty' };

export interface LayoutSheet {
  name: string;
  rows: LayoutCell[][];
  /** Column widths, in characters of the default font. */
  widths: number[];
  /** Rows kept in view when scrolling (the headings). */
  frozenRows: number;
}

export const dataSheetName = 'Statistiques';
export const definitionsSheetName = 'Définitions';

export const dataHeadings = ['Indicateur', 'Ventilation', 'Catégorie', 'Unité'] as const;
export const definitionHeadings = ['Code', 'Indicateur', 'Unité', 'Définition', 'Ventilations'] as const;

/**
 * A cell holds one line: a line end inside a label becomes a space. ODF has no line end inside a
 * paragraph (odf-kit writes it as is, and LibreOffice shows a space), so both formats show the same.
 */
const oneLine = (value: string) => value.replace(/\s*[\r\n]+\s*/g, ' ');

const text = (value: string, style: Omit<Extract<LayoutCell, { kind: 'text' }>, 'kind' | 'value'> = {}): LayoutCell => ({
  kind: 'text',
  value: oneLine(value),
  ...style,
});
const heading = (value: string) => text(value, { bold: true });

/** Wide enough for the longest text of each column, within bounds a screen can show. */
function widthsOf(rows: readonly LayoutCell[][], columns: number, { min = 8, max = 60 } = {}): number[] {
  return Array.from({ length: columns }, (_, index) => {
    const longest = Math.max(
      0,
      ...rows.map((row) => {
        const cell = row[index];
        if (!cell || cell.kind === 'empty') return 0;
        return cell.kind === 'number' ? String(cell.value).length : cell.value.length;
      }),
    );
    return Math.min(max, Math.max(min, longest + 2));
  });
}

/** The lines above the definitions: the title, the periods, what « s » means, what a period under way shows. */
function definitionHead(table: StatisticsTable): LayoutCell[][] {
  const ongoing = table.ongoing ?? [];
  return [
    [heading(table.title)],
    [text(`Période : ${table.periodLabel}`)],
    [text(suppressionNote(table.threshold))],
    ...(ongoing.length > 0
      ? [[text(ongoingNote(ongoing.map(periodHeading), suppressedMarker, table.ongoingMode ?? 'provisional'))]]
      : []),
  ];
}

/**
 * The rows of « Définitions », which the CSV writes too, after its figures: the title, the periods,
 * what « s » means, where a period is under way what it shows (provisional figures, or all « s » and why), an empty row, then the
 * headings and what each indicator counts.
 */
export function definitionRows(table: StatisticsTable): LayoutCell[][] {
  return [
    ...definitionHead(table),
    [],
    definitionHeadings.map(heading),
    ...table.definitions.map((definition) => [
      text(definition.id),
      text(definition.label),
      text(definition.unit),
      text(definition.definition, { wrap: true }),
      text(definition.breakdowns.map((breakdown) => breakdown.label).join(', ') || 'aucune', { wrap: true }),
    ]),
  ];
}

/**
 * Sheet « Statistiques »: the headings row (frozen), then one row per indicator and breakdown (and
 * territory, in a first column, where the table has several), one column per period (« T4 2026 (en
 * cours) » for one under way); a suppressed
 * cell, whichever suppression hid it, is the text « s », right-aligned under the numbers; nothing
 * to show, an empty cell. Sheet « Définitions »: `definitionRows`.
 */
export function spreadsheetLayout(table: StatisticsTable): LayoutSheet[] {
  const territory = table.territoryColumn ? [territoryHeading] : [];
  const ongoing = new Set(table.ongoing ?? []);
  const columnHeading = (period: string) => (ongoing.has(period) ? `${periodHeading(period)} (en cours)` : periodHeading(period));
  const dataRows: LayoutCell[][] = [[...territory, ...dataHeadings, ...table.columns.map(columnHeading)].map(heading)];
  for (const row of table.rows) {
    if (row.values.length !== table.columns.length) {
      throw new Error(`La ligne ${row.indicator}/${row.category ?? 'total'} n’a pas une valeur par période`);
    }
    dataRows.push([
      ...(table.territoryColumn ? [text(row.territory ?? '')] : []),
      text(row.indicatorLabel),
      text(row.dimensionLabel),
      text(row.categoryLabel),
      text(row.unit),
      ...row.values.map((value): LayoutCell =>
        value === null
          ? text(suppressedMarker, { alignRight: true })
          : value === undefined
            ? { kind: 'empty' }
            : { kind: 'number', value },
      ),
    ]);
  }

  const definitions = definitionRows(table);
  // The lines of the head run over the empty cells to their right: they set no width.
  const definitionWidths = widthsOf(definitions.slice(definitionHead(table).length + 1), definitionHeadings.length);
  definitionWidths[3] = 80;

  return [
    {
      name: dataSheetName,
      rows: dataRows,
      widths: widthsOf(dataRows, territory.length + dataHeadings.length + table.columns.length),
      frozenRows: 1,
    },
    { name: definitionsSheetName, rows: definitions, widths: definitionWidths, frozenRows: 0 },
  ];
}
