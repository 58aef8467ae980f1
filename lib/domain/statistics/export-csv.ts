import { definitionRows, definitionsSheetName, type LayoutCell } from './export-layout.js';
import { csvPeriodHeading, suppressedMarker, territoryHeading, type StatisticsTable } from './table.js';

const separator = ';';
const lineEnd = '\r\n';
const byteOrderMark = '\uFEFF';

/** The first column headings; one column per period follows. */
export const csvHeadings = ['Indicateur', 'Ventilation', 'Catégorie', 'Unité'] as const;

/**
 * A number as French spreadsheet software reads it: decimal comma, no thousands separator, never
 * an exponent (`String` writes one below 1e-6).
 */
export function frenchNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Valeur non finie dans un tableau de statistiques : ${value}`);
  let text = String(value);
  if (/e/i.test(text)) {
    if (Math.abs(value) >= 1) throw new Error(`Valeur hors d’échelle dans un tableau de statistiques : ${value}`);
    text = value.toFixed(20).replace(/0+$/, '');
  }
  return text.replace('.', ',');
}

/**
 * Text a spreadsheet would take for a formula (= + - @, or a tab or carriage return before one)
 * is prefixed with an apostrophe, which French Excel and LibreOffice show as plain text (OWASP,
 * "CSV Injection"). Only labels go through here: numbers are written as numbers.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field holding the separator, a double quote or a line end is quoted, quotes doubled. */
export function quoteField(field: string): string {
  return /[;"\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

const textField = (text: string) => quoteField(guardFormula(text));

const layoutField = (cell: LayoutCell) =>
  cell.kind === 'text' ? textField(cell.value) : cell.kind === 'number' ? frenchNumber(cell.value) : '';

/**
 * The table as a CSV for French spreadsheet software: UTF-8 with a byte order mark (so that Excel
 * reads the accents), `;` between fields, CRLF after every line the last one included, French
 * headings, one row per indicator and breakdown (and territory, in a first column, where the
 * table has several), one column per period, every suppressed cell as « s » (secret statistique),
 * an empty field where there is nothing to show. After the figures, an empty line, then the block
 * « Définitions »: the rows of the spreadsheets' sheet of that name (what « s » means, then each
 * indicator's code, label, unit, definition and breakdowns). Every line after the figures is as
 * wide as the headings, as Excel writes a CSV, so that a reader wanting one width reads it whole.
 * Returned as a string; encode it as UTF-8.
 */
export function statisticsCsv(table: StatisticsTable): string {
  const territory = table.territoryColumn ? [territoryHeading] : [];
  const headings = [...territory, ...csvHeadings, ...table.columns.map(csvPeriodHeading)];
  const lines = [headings.map(textField)];
  for (const row of table.rows) {
    if (row.values.length !== table.columns.length) {
      throw new Error(`La ligne ${row.indicator}/${row.category ?? 'total'} n’a pas une valeur par période`);
    }
    lines.push([
      ...(table.territoryColumn ? [textField(row.territory ?? '')] : []),
      textField(row.indicatorLabel),
      textField(row.dimensionLabel),
      textField(row.categoryLabel),
      textField(row.unit),
      ...row.values.map((value) => (value === null ? suppressedMarker : value === undefined ? '' : frenchNumber(value))),
    ]);
  }
  const block: LayoutCell[][] = [[], [{ kind: 'text', value: definitionsSheetName }], ...definitionRows(table)];
  for (const row of block) {
    const fields = row.map(layoutField);
    lines.push([...fields, ...Array<string>(Math.max(0, headings.length - fields.length)).fill('')]);
  }
  return byteOrderMark + lines.map((fields) => fields.join(separator) + lineEnd).join('');
}
