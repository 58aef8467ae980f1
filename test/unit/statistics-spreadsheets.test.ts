import * as XLSX from '@e965/xlsx';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { statisticsOds } from '../../lib/domain/statistics/export-ods.js';
import { statisticsXlsx } from '../../lib/domain/statistics/export-xlsx.js';
import { statisticsTable } from '../support/statistics-table.js';

const table = statisticsTable();
const writers = { xlsx: statisticsXlsx, ods: statisticsOds } as const;

/** Read back by SheetJS, a reader that shares no code with either writer. */
async function readBack(format: keyof typeof writers, source = table) {
  const bytes = await writers[format](source);
  const workbook = XLSX.read(bytes, { cellStyles: true });
  const rowsOf = (name: string) => XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name]!, { header: 1, defval: null });
  return { bytes, workbook, rowsOf };
}

const part = (bytes: Uint8Array, name: string) => strFromU8(unzipSync(bytes)[name]!);

describe.each(['xlsx', 'ods'] as const)('the statistics %s', (format) => {
  it('holds a sheet « Statistiques » then a sheet « Définitions »', async () => {
    const { workbook } = await readBack(format);
    expect(workbook.SheetNames).toEqual(['Statistiques', 'Définitions']);
  });

  it('gives back every value of the table as a number, and « s » as text where a cell is suppressed', async () => {
    const { workbook, rowsOf } = await readBack(format);
    const [headings, ...rows] = rowsOf('Statistiques');
    expect(headings).toEqual(['Indicateur', 'Ventilation', 'Catégorie', 'Unité', 'T1 2026', 'T2 2026', 'T3 2026', 'T4 2026']);
    expect(rows.map((row) => row.slice(4).map((cell) => (cell === 's' ? null : cell)))).toEqual(
      table.rows.map((row) => row.values),
    );
    const sheet = workbook.Sheets['Statistiques']!;
    expect(sheet['E2']).toMatchObject({ t: 'n', v: 42 });
    expect(sheet['F5']).toMatchObject({ t: 'n', v: 12.25 });
    expect(sheet['E3']).toMatchObject({ t: 's', v: 's' });
  });

  it('keeps each label as written, a leading = or - included, as text and never as a formula; a line end becomes a space', async () => {
    const { workbook, rowsOf } = await readBack(format);
    const rows = rowsOf('Statistiques').slice(1);
    const oneLine = (label: string) => label.replace('\n', ' ');
    expect(rows.map((row) => row.slice(0, 4))).toEqual(
      table.rows.map((row) => [oneLine(row.indicatorLabel), row.dimensionLabel, row.categoryLabel, row.unit]),
    );
    expect(rows[3]![0]).toBe('Durée moyenne des mesures clôturées');
    expect(workbook.Sheets['Statistiques']!['C4']).toMatchObject({ t: 's', v: '=HYPERLINK("http://exemple.invalid")' });
    expect(workbook.Sheets['Statistiques']!['C4'].f).toBeUndefined();
  });

  it('reads back a label holding & and < whole', async () => {
    const [first] = table.rows;
    const { rowsOf } = await readBack(format, statisticsTable({ rows: [{ ...first!, categoryLabel: 'Bailleur & <autre>' }] }));
    expect(rowsOf('Statistiques')[1]![2]).toBe('Bailleur & <autre>');
  });

  it('writes « s » in a suppressed cell whatever the threshold, and names the threshold in « Définitions »', async () => {
    const { rowsOf } = await readBack(format, statisticsTable({ threshold: 3 }));
    expect(rowsOf('Statistiques')[2]!.slice(4)).toEqual(['s', 30, 0, 's']);
    expect(rowsOf('Définitions')[2]![0]).toMatch(/^« s » : secret statistique\. .* moins de 3 ménages \(de 1 à 2\), soit /);
  });

  it('says in « Définitions » the title, the periods, what « s » means, and what each indicator counts', async () => {
    const { rowsOf } = await readBack(format);
    const rows = rowsOf('Définitions').filter((row) => row.some((cell) => cell !== null));
    expect(rows[0]![0]).toBe(table.title);
    expect(rows[1]![0]).toBe('Période : 2026, par trimestre');
    expect(rows[2]![0]).toMatch(
      /^« s » : secret statistique\. .* moins de 5 ménages \(de 1 à 4\), soit pour .* déduite par différence/,
    );
    expect(rows.slice(3).map((row) => row.slice(0, 5))).toEqual([
      ['Code', 'Indicateur', 'Unité', 'Définition', 'Ventilations'],
      ['referrals_received', 'Saisines reçues', 'saisines', table.definitions[0]!.definition, 'Prescripteur, Orientation'],
      ['measure_duration_mean', 'Durée moyenne des mesures clôturées', 'mois', table.definitions[1]!.definition, 'aucune'],
    ]);
  });
});

describe('the statistics xlsx layout', () => {
  it('freezes the headings row of « Statistiques »', async () => {
    const sheet = part(await statisticsXlsx(table), 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<pane ySplit="1" xSplit="0" topLeftCell="A2" activePane="bottomRight" state="frozen"\/>/);
  });

  it('sets each column’s width from its longest text', async () => {
    const { workbook } = await readBack('xlsx');
    const widths = workbook.Sheets['Statistiques']!['!cols']!.map((column) => column.width);
    expect(widths).toEqual([37, 14, 38, 10, 9, 9, 9, 9]);
  });
});

describe('the statistics ods layout', () => {
  it('types every number as office:value-type="float" and « s » as a string', async () => {
    const content = part(await statisticsOds(table), 'content.xml');
    expect(content).toContain('office:value-type="float" office:value="42"');
    expect(content).toContain('office:value-type="float" office:value="0.125"');
    const floats = content.match(/office:value-type="float"/g) ?? [];
    const numbers = table.rows.flatMap((row) => row.values).filter((value) => value !== null);
    expect(floats).toHaveLength(numbers.length);
    expect(content).toMatch(/office:value-type="string"[^>]*>\s*<text:p>s<\/text:p>/);
    expect(content).not.toContain('&lt; 5');
  });

  it('freezes the headings row of « Statistiques » (LibreOffice’s view settings)', async () => {
    const settings = part(await statisticsOds(table), 'settings.xml');
    const statistics = /config:name="Statistiques">(.*?)<\/config:config-item-map-entry>/s.exec(settings)![1]!;
    expect(statistics).toContain(
      '<config:config-item config:name="VerticalSplitMode" config:type="short">2</config:config-item>',
    );
    expect(statistics).toContain(
      '<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>',
    );
  });

  it('sets each column’s width from its longest text', async () => {
    const content = part(await statisticsOds(table), 'content.xml');
    const statistics = /<table:table table:name="Statistiques".*?<\/table:table>/s.exec(content)![0];
    const styles = [...statistics.matchAll(/<table:table-column table:style-name="(co\d+)"/g)].map((match) => match[1]);
    const widthOf = (style: string) =>
      new RegExp(`style:name="${style}"[^>]*>\\s*<style:table-column-properties style:column-width="([^"]+)"`).exec(content)?.[1];
    expect(styles.slice(0, 4).map((style) => widthOf(style!))).toEqual(['7.97cm', '3.14cm', '8.18cm', '2.30cm']);
  });
});
