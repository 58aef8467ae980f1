import writeXlsxFile, { type Cell, type Sheet } from 'write-excel-file/node';
import { spreadsheetLayout, type LayoutCell } from './export-layout.js';
import type { StatisticsTable } from './table.js';

function xlsxCell(cell: LayoutCell): Cell {
  if (cell.kind === 'empty') return null;
  if (cell.kind === 'number') return { type: Number, value: cell.value };
  return {
    type: String,
    value: cell.value,
    ...(cell.bold ? { fontWeight: 'bold' as const } : {}),
    ...(cell.alignRight ? { align: 'right' as const } : {}),
    ...(cell.wrap ? { wrap: true, alignVertical: 'top' as const } : {}),
  };
}

/**
 * The table as an Office Open XML workbook, written by write-excel-file: numbers as numeric cells,
 * labels and « s » as text cells (never read as formulas, so they need no guard), the headings
 * row frozen, column widths set, and the sheet « Définitions ».
 */
export async function statisticsXlsx(table: StatisticsTable): Promise<Uint8Array> {
  const sheets: Sheet<Buffer>[] = spreadsheetLayout(table).map((sheet) => ({
    sheet: sheet.name,
    data: sheet.rows.map((row) => row.map(xlsxCell)),
    columns: sheet.widths.map((width) => ({ width })),
    ...(sheet.frozenRows > 0 ? { stickyRowsCount: sheet.frozenRows } : {}),
  }));
  const buffer = await writeXlsxFile(sheets).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
