import { OdsDocument, type OdsCellValue } from 'odf-kit/ods';
import { spreadsheetLayout, type LayoutCell } from './export-layout.js';
import type { StatisticsTable } from './table.js';

/** A character of the default 10 pt font is about 0.21 cm wide; a little margin on top. */
const centimetres = (characters: number) => `${(characters * 0.21 + 0.2).toFixed(2)}cm`;

function odsCell(cell: LayoutCell): OdsCellValue {
  if (cell.kind === 'empty') return null;
  if (cell.kind === 'number') return { type: 'float', value: cell.value };
  return {
    type: 'string',
    value: cell.value,
    ...(cell.bold ? { bold: true } : {}),
    ...(cell.alignRight ? { align: 'right' as const } : {}),
    ...(cell.wrap ? { wrap: true, verticalAlign: 'top' as const } : {}),
  };
}

/**
 * The table as an OpenDocument spreadsheet, written by odf-kit: numbers as
 * `office:value-type="float"` cells, labels and « s » as string cells, the headings row frozen,
 * column widths set, and the sheet « Définitions ».
 */
export async function statisticsOds(table: StatisticsTable): Promise<Uint8Array> {
  const document = new OdsDocument();
  document.setMetadata({ title: table.title, description: table.periodLabel });
  for (const layout of spreadsheetLayout(table)) {
    const sheet = document.addSheet(layout.name);
    for (const row of layout.rows) sheet.addRow(row.map(odsCell));
    layout.widths.forEach((width, index) => sheet.setColumnWidth(index, centimetres(width)));
    if (layout.frozenRows > 0) sheet.freezeRows(layout.frozenRows);
  }
  return document.save();
}
