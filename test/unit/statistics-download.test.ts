import * as XLSX from '@e965/xlsx';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toResult } from '../../functions/shared/api-handler.js';
import { ValidationError } from '../../lib/errors.js';
import { policies } from '../../lib/domain/policies.js';
import { catalogueView, dimensions } from '../../lib/domain/statistics/catalogue.js';
import { cellKey, completeCells, type CellAccumulator } from '../../lib/domain/statistics/cells.js';
import { territoryMapping, unmappedTerritory } from '../../lib/domain/statistics/count.js';
import {
  computedPeriods,
  downloadTable,
  downloadTerritories,
  statisticsDownload,
  type StoredCellsByPeriod,
} from '../../lib/domain/statistics/download.js';
import { statisticsCsv } from '../../lib/domain/statistics/export-csv.js';
import { spreadsheetLayout } from '../../lib/domain/statistics/export-layout.js';
import { statisticsOds } from '../../lib/domain/statistics/export-ods.js';
import { statisticsXlsx } from '../../lib/domain/statistics/export-xlsx.js';
import { maxStatisticsTables, rangeLabel, statsRange } from '../../lib/domain/statistics/range.js';
import { statisticsMediaTypes, type StatisticsTable } from '../../lib/domain/statistics/table.js';

const count = (n: number): CellAccumulator => ({ s: n, n, h: n });
const stored = (entries: [string, string, Record<string, CellAccumulator>][]): StoredCellsByPeriod => {
  const periods = new Map<string, Map<string, Record<string, CellAccumulator>>>();
  for (const [period, territory, cells] of entries) {
    const territories = periods.get(period) ?? new Map();
    territories.set(territory, cells);
    periods.set(period, territories);
  }
  return periods;
};

function issues(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('no ValidationError');
}

describe('the span of a download', () => {
  it('defaults to this year so far, by month, and to the current quarter’s or year’s end', () => {
    expect(statsRange({ by: 'month' }, '2026-05-10', 1)).toMatchObject({ from: '2026-01', to: '2026-05' });
    expect(statsRange({ by: 'quarter' }, '2026-05-10', 1)).toMatchObject({
      from: '2026-01',
      to: '2026-06',
      periods: ['2026-Q1', '2026-Q2'],
    });
    expect(statsRange({ by: 'year' }, '2026-05-10', 1)).toMatchObject({ from: '2026-01', to: '2026-12', periods: ['2026'] });
    expect(statsRange({ by: 'month', to: '2025-03' }, '2026-05-10', 1).from).toBe('2025-01');
  });

  it('lists every period between the bounds, across years', () => {
    expect(statsRange({ by: 'quarter', from: '2025-10', to: '2026-06' }, '2026-05-10', 1).periods).toEqual([
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
    expect(statsRange({ by: 'month', from: '2025-11', to: '2026-02' }, '2026-05-10', 1).periods).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });

  it('never cuts a quarter or a year: a bound inside one is refused, naming the parameter, in French', () => {
    expect(issues(() => statsRange({ by: 'quarter', from: '2026-02', to: '2026-12' }, '2026-05-10', 1))).toEqual([
      {
        path: 'from',
        message:
          'Par trimestre, from doit être le premier mois d’un trimestre (janvier, avril, juillet ou octobre) : 2026-02 couperait un trimestre en deux.',
      },
    ]);
    expect(issues(() => statsRange({ by: 'year', from: '2026-01', to: '2026-06' }, '2026-05-10', 1))).toEqual([
      { path: 'to', message: 'Par année, to doit être décembre : 2026-06 couperait une année en deux.' },
    ]);
  });

  it('refuses a span that ends before it starts', () => {
    expect(issues(() => statsRange({ by: 'month', from: '2026-04', to: '2026-03' }, '2026-05-10', 1))[0]!.path).toBe('from');
  });

  it(`holds at most ${maxStatisticsTables} tables (periods × territories), one more is refused`, () => {
    expect(statsRange({ by: 'month', from: '2014-03', to: '2026-08' }, '2026-05-10', 1).periods).toHaveLength(150);
    expect(issues(() => statsRange({ by: 'month', from: '2014-02', to: '2026-08' }, '2026-05-10', 1))[0]!.message).toBe(
      'Trop de périodes pour un seul téléchargement : au plus 150 mois ; la demande en compte 151. Réduisez l’intervalle ou choisissez des périodes plus longues.',
    );
    expect(statsRange({ by: 'month', from: '2025-05', to: '2026-04' }, '2026-05-10', 12).periods).toHaveLength(12);
    expect(issues(() => statsRange({ by: 'month', from: '2025-05', to: '2026-05' }, '2026-05-10', 12))[0]!.message).toContain(
      'au plus 12 mois (12 territoires, ensemble du département compris)',
    );
  });

  it('reads as a French span', () => {
    expect(rangeLabel({ from: '2026-01', to: '2026-12', by: 'quarter' })).toBe('2026, par trimestre');
    expect(rangeLabel({ from: '2025-10', to: '2026-03', by: 'month' })).toBe('d’octobre 2025 à mars 2026, par mois');
    expect(rangeLabel({ from: '2026-03', to: '2026-06', by: 'month' })).toBe('de mars 2026 à juin 2026, par mois');
    expect(rangeLabel({ from: '2026-03', to: '2026-03', by: 'month' })).toBe('mars 2026, par mois');
  });
});

describe('the periods a download shows', () => {
  const range = statsRange({ by: 'quarter', from: '2026-01', to: '2026-12' }, '2026-05-10', 1);

  it('are those the last run had begun, in Paris time: the quarter under way included', () => {
    expect(computedPeriods(range, { time: '2026-05-10T03:00:00.000Z' })).toEqual(['2026-Q1', '2026-Q2']);
    // 30 June 2026, 22:30 UTC is already 1 July in Paris.
    expect(computedPeriods(range, { time: '2026-06-30T22:30:00.000Z' })).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
  });

  it('are none before the first run', () => {
    expect(computedPeriods(range, null)).toEqual([]);
    expect(
      statisticsDownload({ range, run: null, stored: new Map(), territories: [], threshold: 5, ongoing: 'provisional' }),
    ).toEqual({
      generatedAt: null,
      from: '2026-01',
      to: '2026-12',
      by: 'quarter',
      threshold: 5,
      rows: [],
    });
  });

  it('are none where the run had begun none of them, and the files say why they are empty', () => {
    const later = statsRange({ by: 'month', from: '2027-01', to: '2027-03' }, '2026-12-02', 1);
    const download = statisticsDownload({
      range: later,
      run: { time: '2026-12-02T02:30:00.000Z' },
      stored: new Map(),
      territories: [],
      threshold: 5,
      ongoing: 'provisional',
    });
    expect(download.rows).toEqual([]);
    expect(downloadTable(download, { department: 'Meuse', territories: [] }).periodLabel).toBe(
      'de janvier 2027 à mars 2027, par mois (chiffres du calcul du mercredi 2 décembre 2026, ' +
        'quand aucune de ces périodes n’avait commencé : le tableau est vide)',
    );
  });
});

describe('a download over a policy that maps territories', () => {
  const policy = {
    ...policies.meuse,
    territories: [
      { name: 'UTAS Sud', postcodePrefixes: ['552'] },
      { name: 'UTAS Nord', postcodePrefixes: ['551'] },
    ],
  };
  const territories = territoryMapping(policy)!.territories;
  const range = statsRange({ by: 'month', from: '2026-03', to: '2026-03' }, '2026-05-10', 4);
  const received = cellKey('referrals_received', null, null);
  const download = statisticsDownload({
    range,
    run: { time: '2026-05-10T03:00:00.000Z' },
    stored: stored([
      ['2026-03', 'all', { [received]: count(20) }],
      ['2026-03', 'UTAS Nord', { [received]: count(12) }],
      ['2026-03', 'UTAS Sud', { [received]: count(6) }],
      ['2026-03', unmappedTerritory, { [received]: count(2) }],
      ['2026-03', 'Ancienne UTAS', { [received]: count(40) }],
    ]),
    territories,
    threshold: 5,
    ongoing: 'provisional',
  });

  it('has every territory of the policy, the whole department first, and none the policy no longer maps', () => {
    expect(downloadTerritories(territories)).toEqual(['all', 'UTAS Nord', 'UTAS Sud', unmappedTerritory]);
    expect([...new Set(download.rows.map((row) => row.territory))]).toEqual(downloadTerritories(territories));
    const total = (territory: string) =>
      download.rows.find((row) => row.territory === territory && row.indicator === 'referrals_received')!;
    expect(total('all')).toMatchObject({ value: 20, suppressed: false });
    expect(total('UTAS Nord')).toMatchObject({ value: 12 });
    expect(total(unmappedTerritory)).toMatchObject({ value: null, suppressed: true });
  });

  it('is laid out with a first column naming each row’s territory, in every format', async () => {
    const table = downloadTable(download, { department: 'Meuse (UDAF 55)', territories });
    expect(table.territoryColumn).toBe(true);
    expect(table.rows).toHaveLength(4 * completeCells('2026-03', 'all', {}).length);
    expect(table.rows[0]).toMatchObject({
      territory: 'Ensemble du département',
      indicatorLabel: 'Demandes d’ASLL reçues',
      dimensionLabel: 'Ensemble',
      values: [20],
    });
    const csvLines = statisticsCsv(table).split('\r\n');
    expect(csvLines[0]).toBe('\uFEFFTerritoire;Indicateur;Ventilation;Catégorie;Unité;2026-M03');
    expect(csvLines[1]).toBe('Ensemble du département;Demandes d’ASLL reçues;Ensemble;Ensemble;ménages;20');
    expect(csvLines).toContain(
      'Non rattaché (code postal hors des territoires);Demandes d’ASLL reçues;Ensemble;Ensemble;ménages;s',
    );
    const [sheet] = spreadsheetLayout(table);
    expect(sheet!.rows[0]!.map((cell) => (cell.kind === 'text' ? cell.value : ''))).toEqual([
      'Territoire',
      'Indicateur',
      'Ventilation',
      'Catégorie',
      'Unité',
      'mars 2026',
    ]);
  });

  it('leaves a mean over no household empty in the files, where a suppressed one reads « s »', () => {
    const table = downloadTable(download, { department: 'Meuse (UDAF 55)', territories });
    const mean = table.rows.find((row) => row.indicator === 'decision_days_mean' && row.dimension === null)!;
    expect(mean.values).toEqual([undefined]);
    expect(statisticsCsv(table)).toContain('Ensemble du département;Délai moyen de décision;Ensemble;Ensemble;jours;\r\n');
  });

  it('has no territory column where the policy maps none', () => {
    const whole = statisticsDownload({
      range,
      run: { time: '2026-05-10T03:00:00.000Z' },
      stored: new Map(),
      territories: [],
      threshold: 5,
      ongoing: 'provisional',
    });
    expect(downloadTable(whole, { department: 'Meuse', territories: [] }).territoryColumn).toBe(false);
  });
});

describe('a cell hidden so that a small one cannot be worked out (secondary suppression)', () => {
  // March 2026: 14 referrals, 3 by a CCAS (hidden: 1 to 4 households), 11 by a town hall, hidden
  // too, or 14 − 11 would give the 3 away.
  const range = statsRange({ by: 'month', from: '2026-03', to: '2026-03' }, '2026-05-10', 1);
  const download = statisticsDownload({
    range,
    run: { time: '2026-05-10T03:00:00.000Z' },
    stored: stored([
      [
        '2026-03',
        'all',
        {
          [cellKey('referrals_received', null, null)]: count(14),
          [cellKey('referrals_received', 'referrerKind', 'ccas')]: count(3),
          [cellKey('referrals_received', 'referrerKind', 'mairie')]: count(11),
        },
      ],
    ]),
    territories: [],
    threshold: 5,
    ongoing: 'provisional',
  });
  const table = downloadTable(download, { department: 'Meuse', territories: [] });
  const label = (id: string) => dimensions.referrerKind.categories.find((category) => category.id === id)!.label;

  /** Each format read back by a reader that shares no code with its writer: the figures, then what follows them. */
  const readers: Record<'csv' | 'xlsx' | 'ods', (table: StatisticsTable) => Promise<{ figures: unknown[][]; texts: string[] }>> =
    {
      csv: async (source) => {
        const records: string[][] = parse(Buffer.from(statisticsCsv(source), 'utf8'), { bom: true, delimiter: ';' });
        const end = records.findIndex((record) => record.every((field) => field === ''));
        return { figures: records.slice(0, end), texts: records.slice(end).flat() };
      },
      xlsx: async (source) => sheets(await statisticsXlsx(source)),
      ods: async (source) => sheets(await statisticsOds(source)),
    };
  function sheets(bytes: Uint8Array) {
    const workbook = XLSX.read(bytes);
    const rows = (name: string) => XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name]!, { header: 1, defval: null });
    return { figures: rows('Statistiques'), texts: rows('Définitions').flat().map(String) };
  }

  it('is suppressed in the JSON like a small one, with nothing telling the two apart', () => {
    const referrals = download.rows.filter((row) => row.indicator === 'referrals_received' && row.dimension !== 'orientation');
    expect(referrals.find((row) => row.category === 'ccas')).toEqual({
      period: '2026-03',
      territory: 'all',
      indicator: 'referrals_received',
      dimension: 'referrerKind',
      category: 'ccas',
      value: null,
      suppressed: true,
    });
    expect(referrals.find((row) => row.category === 'mairie')).toEqual({
      ...referrals.find((row) => row.category === 'ccas'),
      category: 'mairie',
    });
    expect(referrals.find((row) => row.dimension === null)).toMatchObject({ value: 14, suppressed: false });
  });

  it.each(['csv', 'xlsx', 'ods'] as const)(
    'reads « s » in the %s, as the small one does, and never « < », which would say 11 is under 5',
    async (format) => {
      const { figures, texts } = await readers[format](table);
      const cell = (category: string) => figures.find((row) => row[2] === label(category) && row[1] === 'Prescripteur')![4];
      expect(cell('ccas')).toBe('s');
      expect(cell('mairie')).toBe('s');
      expect(figures.find((row) => row[0] === 'Demandes d’ASLL reçues' && row[1] === 'Ensemble')![4]).toEqual(
        format === 'csv' ? '14' : 14,
      );
      const values = figures.slice(1).flatMap((row) => row.slice(4));
      expect(values.filter((value) => value === 's')).toHaveLength(download.rows.filter((row) => row.suppressed).length);
      expect(values.filter((value) => typeof value === 'string' && value.includes('<'))).toEqual([]);
      // The legend: both reasons, the threshold named, and no claim that the hidden value is small.
      const legend = texts.find((text) => text.startsWith('« s » : secret statistique'));
      expect(legend).toBe(
        '« s » : secret statistique. La case est masquée soit parce qu’elle porte sur moins de 5 ménages (de 1 à 4), ' +
          'soit pour qu’une telle case ne puisse pas être déduite par différence avec le total et les autres cases. ' +
          'Une case « s » n’est donc pas forcément un petit nombre.',
      );
      expect(texts.join(' ')).not.toContain('< 5');
    },
  );

  it('ends the CSV with the block « Définitions »: every indicator of the catalogue, as in the spreadsheets’ sheet', async () => {
    const csv = statisticsCsv(table);
    const records: string[][] = parse(Buffer.from(csv, 'utf8'), { bom: true, delimiter: ';', relax_column_count: false });
    const end = records.findIndex((record) => record.every((field) => field === ''));
    expect(end).toBe(1 + table.rows.length);
    const block = records.slice(end + 1).map((record) => record.slice(0, 5));
    expect(block[0]![0]).toBe('Définitions');
    const headings = block.findIndex((record) => record[0] === 'Code');
    expect(block[headings]).toEqual(['Code', 'Indicateur', 'Unité', 'Définition', 'Ventilations']);
    expect(block.slice(headings + 1)).toEqual(
      catalogueView().map((entry) => [
        entry.id,
        entry.label,
        entry.unit,
        entry.definition,
        entry.breakdowns.map((breakdown) => breakdown.label).join(', ') || 'aucune',
      ]),
    );
    // The same rows as the sheet « Définitions » of the workbook, its empty row included.
    const sheet = XLSX.read(await statisticsXlsx(table)).Sheets['Définitions']!;
    const sheetRows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: '', blankrows: true });
    const filled = (row: unknown[]) => row.slice(0, row.findLastIndex((field) => field !== '') + 1);
    expect(block.slice(1).map(filled)).toEqual(sheetRows.map(filled));
  });
});

describe('a period under way at the last run, where the deployment hides it (ASLL_STATS_ONGOING=hidden): published once it has ended', () => {
  // May 2026: 7 referrals, all from the CAF. Were May shown while it runs, the next night's download would
  // show, by difference, the one household a day adds (CAF 7 → 8).
  const received = cellKey('referrals_received', null, null);
  const caf = cellKey('referrals_received', 'referrerKind', 'caf');
  const cells = stored([
    ['2026-04', 'all', { [received]: count(20), [caf]: count(20) }],
    ['2026-05', 'all', { [received]: count(7), [caf]: count(7) }],
    ['2026-Q2', 'all', { [received]: count(27), [caf]: count(27) }],
    ['2026', 'all', { [received]: count(27), [caf]: count(27) }],
  ]);
  const spans = {
    month: { from: '2026-04', to: '2026-05' },
    quarter: { from: '2026-04', to: '2026-06' },
    year: { from: '2026-01', to: '2026-12' },
  };
  const download = (by: keyof typeof spans, time: string) =>
    statisticsDownload({
      range: statsRange({ by, ...spans[by] }, '2026-05-31', 1),
      run: { time },
      stored: cells,
      territories: [],
      threshold: 5,
      ongoing: 'hidden',
    });
  // 31 May, 03:30 in Paris: May is under way. 31 May, 22:30 UTC: already 1 June in Paris, May has ended.
  const during = download('month', '2026-05-31T01:30:00.000Z');
  const after = download('month', '2026-05-31T22:30:00.000Z');
  const of = (rows: typeof during.rows, period: string, key: 'total' | 'caf') =>
    rows.find(
      (row) =>
        row.period === period &&
        row.indicator === 'referrals_received' &&
        (key === 'total' ? row.dimension === null : row.category === 'caf'),
    )!;

  it('answers every cell of it suppressed, in the shape of API.md, and the ended periods as usual', () => {
    const may = during.rows.filter((row) => row.period === '2026-05');
    expect(may).toHaveLength(completeCells('2026-05', 'all', {}).length);
    expect(may.every((row) => row.value === null && row.suppressed)).toBe(true);
    expect(of(during.rows, '2026-05', 'total')).toEqual({
      period: '2026-05',
      territory: 'all',
      indicator: 'referrals_received',
      dimension: null,
      category: null,
      value: null,
      suppressed: true,
    });
    expect(of(during.rows, '2026-04', 'caf')).toMatchObject({ value: 20, suppressed: false });
  });

  it('publishes it at the first run after its last day, from the same stored cells', () => {
    expect(of(after.rows, '2026-05', 'total')).toMatchObject({ value: 7, suppressed: false });
    expect(of(after.rows, '2026-05', 'caf')).toMatchObject({ value: 7, suppressed: false });
    expect(downloadTable(after, { department: 'Meuse', territories: [] }).ongoing).toEqual([]);
  });

  it('holds a quarter and a year back until they end too', () => {
    expect(download('quarter', '2026-05-31T22:30:00.000Z').rows.every((row) => row.suppressed)).toBe(true);
    expect(of(download('quarter', '2026-06-30T22:30:00.000Z').rows, '2026-Q2', 'total')).toMatchObject({ value: 27 });
    expect(download('year', '2026-12-31T12:00:00.000Z').rows.every((row) => row.suppressed)).toBe(true);
    expect(of(download('year', '2026-12-31T23:30:00.000Z').rows, '2026', 'total')).toMatchObject({ value: 27 });
  });

  const note =
    'Période en cours, publiée à sa fin : la période mai 2026 est en cours. Tant qu’une période n’est pas terminée, ' +
    'toutes ses cases sont « s », car ses chiffres changent chaque nuit et deux téléchargements successifs ' +
    'montreraient, par différence, un ménage ; elle est publiée au premier calcul de la nuit qui suit son dernier jour.';

  it('reads « s » in the CSV with the note among the definitions, its column heading unchanged', () => {
    const table = downloadTable(during, { department: 'Meuse', territories: [], ongoing: 'hidden' });
    expect(table.ongoing).toEqual(['2026-05']);
    const records: string[][] = parse(Buffer.from(statisticsCsv(table), 'utf8'), { bom: true, delimiter: ';' });
    expect(records[0]!.slice(4)).toEqual(['2026-M04', '2026-M05']);
    const end = records.findIndex((record) => record.every((field) => field === ''));
    expect(records.slice(1, end).every((record) => record[5] === 's')).toBe(true);
    expect(
      records.find((record) => record[1] === 'Prescripteur' && record[2] === 'Caisse d’allocations familiales (CAF)')!.slice(4),
    ).toEqual(['20', 's']);
    expect(records.slice(end).flat()).toContain(note);
    const afterTable = downloadTable(after, { department: 'Meuse', territories: [] });
    expect(statisticsCsv(afterTable)).not.toContain('Période en cours');
  });

  it.each([
    ['xlsx', statisticsXlsx],
    ['ods', statisticsOds],
  ] as const)('reads « s » in the %s under a heading « (en cours) », with the note in « Définitions »', async (_, write) => {
    const workbook = XLSX.read(await write(downloadTable(during, { department: 'Meuse', territories: [], ongoing: 'hidden' })));
    const rows = (name: string) => XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name]!, { header: 1, defval: null });
    const figures = rows('Statistiques');
    expect(figures[0]!.slice(4)).toEqual(['avril 2026', 'mai 2026 (en cours)']);
    expect(figures.slice(1).every((row) => row[5] === 's')).toBe(true);
    expect(figures.find((row) => row[0] === 'Demandes d’ASLL reçues' && row[1] === 'Ensemble')!.slice(4)).toEqual([20, 's']);
    expect(rows('Définitions').flat()).toContain(note);
  });
});

describe('a period under way at the last run, by default (API.md): its figures, provisional', () => {
  const received = cellKey('referrals_received', null, null);
  const kind = (id: string) => cellKey('referrals_received', 'referrerKind', id);
  const cells = stored([
    ['2026-04', 'all', { [received]: count(20), [kind('caf')]: count(20) }],
    ['2026-05', 'all', { [received]: count(15), [kind('caf')]: count(3), [kind('ccas')]: count(6), [kind('mairie')]: count(6) }],
  ]);
  const during = statisticsDownload({
    range: statsRange({ by: 'month', from: '2026-04', to: '2026-05' }, '2026-05-31', 1),
    run: { time: '2026-05-31T01:30:00.000Z' },
    stored: cells,
    territories: [],
    threshold: 5,
    ongoing: 'provisional',
  });
  const total = (period: string) =>
    during.rows.find((row) => row.period === period && row.indicator === 'referrals_received' && row.dimension === null)!;
  const note =
    'Période en cours, chiffres provisoires : la période mai 2026 est en cours. Ses chiffres sont recalculés chaque nuit ' +
    'jusqu’à sa fin et peuvent encore changer.';

  it('shows its counts, small ones suppressed as in any period', () => {
    expect(total('2026-05')).toMatchObject({ value: 15, suppressed: false });
    expect(during.rows.find((row) => row.period === '2026-05' && row.category === 'caf')).toMatchObject({
      value: null,
      suppressed: true,
    });
  });

  it('heads its column « (en cours) » and explains it among the definitions', async () => {
    const table = downloadTable(during, { department: 'Meuse', territories: [] });
    expect(table.ongoing).toEqual(['2026-05']);
    const records: string[][] = parse(Buffer.from(statisticsCsv(table), 'utf8'), { bom: true, delimiter: ';' });
    expect(records.find((record) => record[0] === 'Demandes d’ASLL reçues' && record[1] === 'Ensemble')!.slice(4)).toEqual([
      '20',
      '15',
    ]);
    expect(records.flat()).toContain(note);
    const workbook = XLSX.read(await statisticsXlsx(table));
    const figures = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['Statistiques']!, { header: 1, defval: null });
    expect(figures[0]!.slice(4)).toEqual(['avril 2026', 'mai 2026 (en cours)']);
  });
});

describe('a download’s answer to API Gateway', () => {
  it('carries bytes base64-encoded with isBase64Encoded, and text as it is', () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff]);
    const headers = { 'Content-Type': statisticsMediaTypes.ods };
    expect(toResult({ statusCode: 200, raw: true, body: bytes, headers })).toMatchObject({
      body: 'UEsDBP8=',
      isBase64Encoded: true,
      headers: { 'Content-Type': statisticsMediaTypes.ods },
    });
    // A view into a larger buffer sends its own bytes only.
    const view = new Uint8Array([9, 9, 0x50, 0x4b, 9]).subarray(2, 4);
    expect(toResult({ statusCode: 200, raw: true, body: view, headers }).body).toBe(Buffer.from([0x50, 0x4b]).toString('base64'));
    const text = toResult({
      statusCode: 200,
      raw: true,
      body: '\uFEFFa;b\r\n',
      headers: { 'Content-Type': statisticsMediaTypes.csv },
    });
    expect(text.body).toBe('\uFEFFa;b\r\n');
    expect(text.isBase64Encoded).toBeUndefined();
  });
});

describe('the largest download', () => {
  // Every cell visible, with values as long as they get, under territories with long names.
  const everyCell = (value: number): Record<string, CellAccumulator> =>
    Object.fromEntries(
      completeCells('x', 'x', {}).map((cell) => [
        cellKey(cell.indicator, cell.dimension, cell.category),
        { s: value * 1000 + 0.3, n: 1000, h: value, d: { [value]: 1000 } },
      ]),
    );
  const names = Array.from(
    { length: 11 },
    (_, index) => `Unité territoriale d’action sociale n° ${index + 1} — Bar-le-Duc, Commercy et Saint-Mihiel`,
  );
  const shapes = [
    {
      label: 'the whole department alone, by month over the longest span',
      territories: [] as string[],
      from: '2014-03',
      to: '2026-08',
    },
    { label: 'twelve territories with long names', territories: names, from: '2025-05', to: '2026-04' },
  ];
  const limits = { lambdaResponseBytes: 6 * 1024 * 1024, gatewayResponseBytes: 10 * 1024 * 1024 };

  it.each(shapes)('fits within Lambda’s 6 MB response, base64 included: $label', async (shape) => {
    const all = downloadTerritories(shape.territories);
    const range = statsRange({ by: 'month', from: shape.from, to: shape.to }, '2026-12-01', all.length);
    expect(range.periods.length * all.length).toBeLessThanOrEqual(maxStatisticsTables);
    const cells = everyCell(987654);
    const download = statisticsDownload({
      range,
      run: { time: '2026-12-01T01:00:00.000Z' },
      stored: stored(
        range.periods.flatMap((period) => all.map((territory) => [period, territory, cells] as [string, string, typeof cells])),
      ),
      territories: shape.territories,
      threshold: 5,
      ongoing: 'provisional',
    });
    expect(download.rows.every((row) => !row.suppressed)).toBe(true);
    const table = downloadTable(download, { department: 'Meuse (UDAF 55)', territories: shape.territories });
    const answers = {
      json: toResult({ statusCode: 200, body: download }),
      csv: toResult({
        statusCode: 200,
        raw: true,
        body: statisticsCsv(table),
        headers: { 'Content-Type': statisticsMediaTypes.csv },
      }),
      xlsx: toResult({
        statusCode: 200,
        raw: true,
        body: await statisticsXlsx(table),
        headers: { 'Content-Type': statisticsMediaTypes.xlsx },
      }),
      ods: toResult({
        statusCode: 200,
        raw: true,
        body: await statisticsOds(table),
        headers: { 'Content-Type': statisticsMediaTypes.ods },
      }),
    };
    for (const [format, answer] of Object.entries(answers)) {
      // What Lambda counts: the whole result as JSON, the body escaped inside it.
      const payload = Buffer.byteLength(JSON.stringify(answer));
      expect(payload, format).toBeLessThan(limits.lambdaResponseBytes * 0.9);
      expect(payload, format).toBeLessThan(limits.gatewayResponseBytes);
    }
  });
});
