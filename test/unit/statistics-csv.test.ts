import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { frenchNumber, guardFormula, quoteField, statisticsCsv } from '../../lib/domain/statistics/export-csv.js';
import { spreadsheetLayout } from '../../lib/domain/statistics/export-layout.js';
import { statisticsTable } from '../support/statistics-table.js';

const table = statisticsTable();

/** The whole CSV as French Excel would split it: UTF-8 with its BOM, `;`, records ended by CRLF. */
function records(csv: string): string[][] {
  const bytes = Buffer.from(csv, 'utf8');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes, { bom: true, delimiter: ';', record_delimiter: '\r\n', relax_column_count: false });
}

const emptyRecord = (record: string[]) => record.every((field) => field === '');

/** The figures: the headings and the rows, up to the empty line before the definitions. */
function parseBack(csv: string): string[][] {
  const all = records(csv);
  return all.slice(0, all.findIndex(emptyRecord));
}

/** What follows the figures and their empty line, each record without its padding. */
function definitionsBlock(csv: string): string[][] {
  const all = records(csv);
  return all
    .slice(all.findIndex(emptyRecord) + 1)
    .map((record) => record.slice(0, record.findLastIndex((field) => field !== '') + 1));
}

/** A French field back to the number it says; « s » back to a suppressed cell. */
const valueOf = (field: string) => (field === 's' ? null : Number(field.replace(',', '.')));

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

  it('parsed back, gives every number of the table and « s » where a cell is suppressed', () => {
    const records = parseBack(statisticsCsv(table)).slice(1);
    expect(records.map((record) => record.slice(4).map(valueOf))).toEqual(table.rows.map((row) => row.values));
    expect(records[1]!.slice(4)).toEqual(['s', '30', '0', 's']);
  });

  it('writes decimals with a comma and integers without a separator of thousands', () => {
    const records = parseBack(statisticsCsv(table)).slice(1);
    expect(records[3]!.slice(4)).toEqual(['7,5', '12,25', 's', '0,125']);
    expect(records[0]!.slice(4)).toEqual(['42', '37', '0', '1250']);
    expect(frenchNumber(0.0000005)).toBe('0,0000005');
    expect(() => frenchNumber(Number.NaN)).toThrow();
  });

  it('writes « s » in a suppressed cell whatever the threshold, and names the threshold in the legend', () => {
    const csv = statisticsCsv(statisticsTable({ threshold: 11 }));
    expect(parseBack(csv)[2]!.slice(4)).toEqual(['s', '30', '0', 's']);
    expect(definitionsBlock(csv)[3]![0]).toMatch(/^« s » : secret statistique\. .* moins de 11 ménages \(de 1 à 10\), soit /);
    expect(csv).not.toContain('<');
  });

  it('ends with an empty line, then the block « Définitions »: title, periods, what « s » means, then each indicator', () => {
    const csv = statisticsCsv(table);
    // The legend of the sheet « Définitions », word for word.
    const [legend] = spreadsheetLayout(table)[1]!.rows[2]!;
    expect(legend).toMatchObject({ kind: 'text', value: expect.stringMatching(/^« s » : secret statistique\. /) });
    expect(records(csv)).toHaveLength(1 + table.rows.length + 1 + 1 + 5 + table.definitions.length);
    expect(records(csv)[1 + table.rows.length]).toEqual(['', '', '', '', '', '', '', '']);
    expect(definitionsBlock(csv)).toEqual([
      ['Définitions'],
      [table.title],
      ['Période : 2026, par trimestre'],
      [legend?.kind === 'text' ? legend.value : ''],
      [],
      ['Code', 'Indicateur', 'Unité', 'Définition', 'Ventilations'],
      ['referrals_received', 'Saisines reçues', 'saisines', table.definitions[0]!.definition, 'Prescripteur, Orientation'],
      ['measure_duration_mean', 'Durée moyenne des mesures clôturées', 'mois', table.definitions[1]!.definition, 'aucune'],
    ]);
  });

  it('writes the definitions by the same rules as the figures: quoted, guarded, as wide as the headings', () => {
    const definitions = [
      { id: 'visits', label: '=Rencontres', unit: 'rencontres', definition: 'Rencontres ; comptées "une à une"', breakdowns: [] },
    ];
    const csv = statisticsCsv(statisticsTable({ definitions }));
    expect(csv).toContain(`\r\nvisits;'=Rencontres;rencontres;"Rencontres ; comptées ""une à une""";aucune;;;\r\n`);
    // Before the first run: no period, four headings, and the block's five columns.
    const empty = statisticsCsv(statisticsTable({ columns: [], rows: [], definitions }));
    expect(empty.split('\r\n').slice(0, 3)).toEqual(['\uFEFFIndicateur;Ventilation;Catégorie;Unité', ';;;', 'Définitions;;;']);
    expect(empty.split('\r\n').at(-2)).toBe(`visits;'=Rencontres;rencontres;"Rencontres ; comptées ""une à une""";aucune`);
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
