import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { frenchNumber, guardFormula, quoteField, statisticsCsv } from '../../lib/domain/statistics/export-csv.js';
import { statisticsTable } from '../support/statistics-table.js';

const table = statisticsTable();

/** The CSV as French Excel would split it: UTF-8 with its BOM, `;`, records ended by CRLF. */
function parseBack(csv: string): string[][] {
  const bytes = Buffer.from(csv, 'utf8');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes, { bom: true, delimiter: ';', record_delimiter: '\r\n', relax_column_count: false });
}

/** A French field back to the number it says; « < 5 » back to a suppressed cell. */
const valueOf = (field: string) => (field === '< 5' ? null : Number(field.replace(',', '.')));

describe('the statistics CSV for French spreadsheet software', () => {
  it('starts with the UTF-8 byte order mark, separates fields with `;` and ends every line, the last too, with CRLF', () => {
    const csv = statisticsCsv(table);
    expect(csv.startsWith('\uFEFFIndicateur;Ventilation;Catégorie;Unité;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseBack(csv)).toHaveLength(1 + table.rows.length);
  });

  it('has French headings, then one column per period in order, as codes no spreadsheet takes for a date', () => {
    const [headings] = parseBack(statisticsCsv(table));
    expect(headings).toEqual(['Indicateur', 'Ventilation', 'Catégorie', 'Unité', '2026-T1', '2026-T2', '2026-T3', '2026-T4']);
    const monthly = statisticsTable({ columns: ['2026-03', '2026-04'], rows: [] });
    expect(parseBack(statisticsCsv(monthly))[0]!.slice(4)).toEqual(['2026-M03', '2026-M04']);
    expect(parseBack(statisticsCsv(statisticsTable({ columns: ['2025', '2026'], rows: [] })))[0]!.slice(4)).toEqual([
      '2025',
      '2026',
    ]);
  });

  it('parsed back, gives every number of the table and « < 5 » where a cell is suppressed', () => {
    const records = parseBack(statisticsCsv(table)).slice(1);
    expect(records.map((record) => record.slice(4).map(valueOf))).toEqual(table.rows.map((row) => row.values));
    expect(records[1]!.slice(4)).toEqual(['< 5', '30', '0', '< 5']);
  });

  it('writes decimals with a comma and integers without a separator of thousands', () => {
    const records = parseBack(statisticsCsv(table)).slice(1);
    expect(records[3]!.slice(4)).toEqual(['7,5', '12,25', '< 5', '0,125']);
    expect(records[0]!.slice(4)).toEqual(['42', '37', '0', '1250']);
    expect(frenchNumber(0.0000005)).toBe('0,0000005');
    expect(() => frenchNumber(Number.NaN)).toThrow();
  });

  it('writes the threshold of the table in a suppressed cell', () => {
    const records = parseBack(statisticsCsv(statisticsTable({ threshold: 11 }))).slice(1);
    expect(records[1]!.slice(4)).toEqual(['< 11', '30', '0', '< 11']);
  });

  it('quotes a label holding `;`, a double quote or a line end, as RFC 4180 says, and it reads back whole', () => {
    const csv = statisticsCsv(table);
    expect(csv).toContain(';"CCAS; mairie ""annexe""";');
    const records = parseBack(csv).slice(1);
    expect(records[1]![2]).toBe('CCAS; mairie "annexe"');
    expect(records[3]![0]).toBe('Durée moyenne des mesures\nclôturées');
    expect(quoteField('Prescripteur')).toBe('Prescripteur');
  });

  it('prefixes with an apostrophe a label a spreadsheet would run as a formula, and no number', () => {
    const records = parseBack(statisticsCsv(table)).slice(1);
    expect(records[2]![2]).toBe('\'=HYPERLINK("http://exemple.invalid")');
    expect(records[3]![2]).toBe("'-");
    expect(['+33', '@SUM(A1)', '\tx', '-1'].map(guardFormula)).toEqual(["'+33", "'@SUM(A1)", "'\tx", "'-1"]);
    expect(guardFormula('Saisines – total')).toBe('Saisines – total');
  });

  it('refuses a row whose values do not match the periods, rather than shift the columns', () => {
    const [first] = table.rows;
    expect(() => statisticsCsv(statisticsTable({ rows: [{ ...first!, values: [1, 2, 3] }] }))).toThrow(/une valeur par période/);
  });
});
