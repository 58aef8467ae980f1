import { describe, expect, it } from 'vitest';
import { catalogueView } from '../../lib/domain/statistics/catalogue.js';
import {
  alignMonths,
  breakdownSeries,
  breakdownTable,
  cellText,
  cellsOf,
  defaultMonths,
  hasFigures,
  latestPeriodWithData,
  ongoingModeOf,
  ongoingPeriodsOf,
  periodLabel,
  periodProblems,
  periodSeries,
  periodsOf,
  shortPeriodLabel,
  territoriesOf,
} from '../../web/staff/pages/analyst/stats-model.js';

/** Rows as `GET /stats?format=json` sends them (hand-made: a few cells of 2026 by quarter). */
const row = (
  period: string,
  indicator: string,
  dimension: string | null,
  category: string | null,
  value: number | null,
  territory = 'all',
) => ({
  period,
  territory,
  indicator,
  dimension,
  category,
  value,
  suppressed: value === null,
});

const rows = [
  row('2026-Q2', 'referrals_received', null, null, 37),
  row('2026-Q1', 'referrals_received', null, null, 42),
  row('2026-Q1', 'measures_started', null, null, null),
  row('2026-Q2', 'measures_started', null, null, 0),
  row('2026-Q1', 'measures_closed', null, null, 12),
  row('2026-Q1', 'measures_closed', 'reason', 'objectives_met', 9),
  row('2026-Q1', 'measures_closed', 'reason', 'no_cooperation', null),
  row('2026-Q1', 'referrals_received', null, null, 30, 'UTAS Nord'),
];

// As GET /stats/catalogue sends an entry: each breakdown named by its `id`.
const entry = catalogueView().find((each) => each.id === 'measures_closed')!;
const closed = { ...entry, breakdowns: entry.breakdowns.map(({ dimension, ...breakdown }) => ({ id: dimension, ...breakdown })) };
const byReason = closed.breakdowns.find((each) => each.id === 'reason')!;

describe('statistics dashboard data', () => {
  it('names periods as a French reader says them, long in tables and short under the bars', () => {
    expect(periodLabel('2026-03')).toBe('mars 2026');
    expect(periodLabel('2026-Q1')).toBe('1er trimestre 2026');
    expect(periodLabel('2026-Q3')).toBe('3e trimestre 2026');
    expect(periodLabel('2026')).toBe('2026');
    expect(shortPeriodLabel('2026-02')).toBe('févr. 26');
    expect(shortPeriodLabel('2026-Q4')).toBe('T4 26');
  });

  it('orders periods in time and puts the whole department before the territories', () => {
    expect(periodsOf(rows)).toEqual(['2026-Q1', '2026-Q2']);
    expect(territoriesOf(rows)).toEqual(['all', 'UTAS Nord']);
    expect(territoriesOf(rows.filter((each) => each.territory === 'all'))).toEqual(['all']);
  });

  it('keeps a suppressed cell out of the drawn values, never as 0, and marks it', () => {
    const cells = cellsOf(rows, 'all');
    const [received, started] = periodSeries(
      cells,
      ['2026-Q1', '2026-Q2'],
      [
        { indicator: 'referrals_received', label: 'Demandes' },
        { indicator: 'measures_started', label: 'Mesures commencées' },
      ],
    );
    expect(received).toEqual({ name: 'Demandes', values: [42, 37], suppressed: [false, false] });
    expect(started).toEqual({ name: 'Mesures commencées', values: [null, 0], suppressed: [true, false] });
  });

  it('reads one territory only', () => {
    const cells = cellsOf(rows, 'UTAS Nord');
    expect(periodSeries(cells, ['2026-Q1'], [{ indicator: 'referrals_received', label: 'Demandes' }])[0]!.values).toEqual([30]);
  });

  it('lays a breakdown out in the catalogue order, the total first, with « s » where suppressed', () => {
    const cells = cellsOf(rows, 'all');
    const table = breakdownTable(cells, closed, byReason, ['2026-Q1']);
    expect(table[0]).toEqual({ label: 'Ensemble', cells: [{ value: 12, suppressed: false }] });
    expect(table.slice(1).map((each) => each.label)).toEqual(byReason.categories.map((category) => category.label));
    const reasonRow = (id: string) =>
      table.find((each) => each.label === byReason.categories.find((category) => category.id === id)!.label)!;
    expect(cellText(reasonRow('objectives_met').cells[0])).toBe('9');
    expect(cellText(reasonRow('no_cooperation').cells[0])).toBe('s');

    const series = breakdownSeries(cells, closed, byReason, '2026-Q1');
    expect(series.values[byReason.categories.findIndex((category) => category.id === 'no_cooperation')]).toBeNull();
    expect(series.suppressed.filter(Boolean)).toHaveLength(1);
  });

  it('writes numbers the French way, and a dash where the API sent nothing', () => {
    expect(cellText({ value: 1250, suppressed: false })).toBe('1\u202f250');
    expect(cellText({ value: 7.5, suppressed: false })).toBe('7,5');
    expect(cellText({ value: 0, suppressed: false })).toBe('0');
    expect(cellText({ value: null, suppressed: true })).toBe('s');
    expect(cellText(undefined)).toBe('—');
  });

  it('opens a breakdown on the last period with figures', () => {
    const cells = cellsOf(rows, 'all');
    expect(latestPeriodWithData(cells, 'measures_closed', ['2026-Q1', '2026-Q2'])).toBe('2026-Q1');
    expect(latestPeriodWithData(cells, 'referrals_received', ['2026-Q1', '2026-Q2'])).toBe('2026-Q2');
    expect(latestPeriodWithData(cells, 'visits', ['2026-Q1', '2026-Q2'])).toBe('2026-Q2');
  });

  it('knows the periods under way at the run, and where they are hidden (all « s »), opens a breakdown on the last one ended', () => {
    // 10 May 2026 in Paris: the second quarter is under way, the first has ended.
    expect(ongoingPeriodsOf({ generatedAt: '2026-05-10T01:30:00.000Z', rows })).toEqual(['2026-Q2']);
    // 30 June, 22:30 UTC is 1 July in Paris: the second quarter has ended too.
    expect(ongoingPeriodsOf({ generatedAt: '2026-06-30T22:30:00.000Z', rows })).toEqual([]);
    expect(ongoingPeriodsOf({ generatedAt: null, rows: [] })).toEqual([]);
    const held = cellsOf([row('2026-Q1', 'visits', null, null, 40), row('2026-Q2', 'visits', null, null, null)], 'all');
    expect(latestPeriodWithData(held, 'visits', ['2026-Q1', '2026-Q2'], ['2026-Q2'])).toBe('2026-Q1');
    expect(latestPeriodWithData(held, 'visits', ['2026-Q2'], ['2026-Q2'])).toBe('2026-Q2');
  });

  it('tells provisional periods under way (some figure shown) from hidden ones (every cell « s »)', () => {
    const hidden = [
      row('2026-Q1', 'visits', null, null, 40),
      row('2026-Q2', 'visits', null, null, null),
      row('2026-Q2', 'renewals', null, null, null),
    ];
    expect(ongoingModeOf({ rows: hidden }, ['2026-Q2'])).toBe('hidden');
    const shown = [
      row('2026-Q1', 'visits', null, null, 40),
      row('2026-Q2', 'visits', null, null, null),
      row('2026-Q2', 'renewals', null, null, 0),
    ];
    expect(ongoingModeOf({ rows: shown }, ['2026-Q2'])).toBe('provisional');
    expect(ongoingModeOf({ rows: hidden }, [])).toBe('provisional');
  });

  it('tells a chart with something to draw (zeros or suppressed cells) from one with nothing', () => {
    expect(hasFigures([{ values: [null], suppressed: [true] }])).toBe(true);
    expect(hasFigures([{ values: [0], suppressed: [false] }])).toBe(true);
    expect(hasFigures([{ values: [null, null], suppressed: [false, false] }])).toBe(false);
  });

  it('moves a span out to whole quarters or years, as GET /stats requires, and leaves months as they are', () => {
    expect(alignMonths('2026-02', '2026-05', 'quarter')).toEqual({ from: '2026-01', to: '2026-06' });
    expect(alignMonths('2025-11', '2026-03', 'year')).toEqual({ from: '2025-01', to: '2026-12' });
    expect(alignMonths('2026-02', '2026-05', 'month')).toEqual({ from: '2026-02', to: '2026-05' });
    expect(alignMonths('2026-13', '', 'quarter')).toEqual({ from: '2026-13', to: '' });
  });

  it('opens on the last twelve months, across a year end', () => {
    expect(defaultMonths('2026-12-01')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(defaultMonths('2026-03-15')).toEqual({ from: '2025-04', to: '2026-03' });
  });
});

describe('the period form’s own check, in the words of its fields', () => {
  it('accepts whole periods, and names the field at fault otherwise, never the API’s from and to', () => {
    expect(periodProblems('2026-01', '2026-12', 'month')).toEqual([]);
    expect(periodProblems('2026-04', '2026-09', 'quarter')).toEqual([]);
    expect(periodProblems('2025-01', '2026-12', 'year')).toEqual([]);
    expect(periodProblems('2026-10', '2026-03', 'month')).toEqual([
      { path: 'from', message: 'Le mois de début (octobre 2026) doit précéder le mois de fin (mars 2026) ou lui être égal.' },
    ]);
    expect(periodProblems('2026-02', '2026-11', 'quarter')).toEqual([
      {
        path: 'from',
        message:
          'Par trimestre, le mois de début doit être le premier mois d’un trimestre (janvier, avril, juillet ou octobre) : février 2026 couperait un trimestre en deux.',
      },
      {
        path: 'to',
        message:
          'Par trimestre, le mois de fin doit être le dernier mois d’un trimestre (mars, juin, septembre ou décembre) : novembre 2026 couperait un trimestre en deux.',
      },
    ]);
    expect(periodProblems('2026-03', '2026-12', 'year').map((problem) => problem.message)).toEqual([
      'Par année, le mois de début doit être janvier : mars 2026 couperait une année en deux.',
    ]);
    expect(periodProblems('', '2026-13', 'week').map((problem) => problem.path)).toEqual(['from', 'to', 'by']);
    for (const problem of periodProblems('abc', '2026-02', 'month')) expect(problem.message).not.toMatch(/\b(from|to)\b/);
  });
});
