import { describe, expect, it } from 'vitest';
import { dimensions, indicatorById, indicators } from '../../lib/domain/statistics/catalogue.js';
import {
  accumulatedValue,
  cellKey,
  completeCells,
  histogramMedian,
  parseCellKey,
  type CellAccumulator,
} from '../../lib/domain/statistics/cells.js';
import { aggregate, type Contribution } from '../../lib/domain/statistics/count.js';

const indicator = (id: string) => indicatorById(id)!;

describe('the median of a histogram of values', () => {
  it('is the middle value of an odd count, whatever order the values were stored in', () => {
    expect(histogramMedian({ 30: 1, 10: 2, 20: 2 })).toBe(20);
    expect(histogramMedian({ 7: 1 })).toBe(7);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(histogramMedian({ 10: 1, 20: 1 })).toBe(15);
    expect(histogramMedian({ 10: 3, 14: 3 })).toBe(12);
    expect(histogramMedian({ 1: 1, 2: 1, 100: 2 })).toBe(51);
  });

  it('sorts the values as numbers, not as text', () => {
    expect(histogramMedian({ 9: 1, 10: 1, 100: 1 })).toBe(10);
  });

  it('leaves out values whose count went back to zero, and is null over nothing', () => {
    expect(histogramMedian({ 5: 0, 8: 1 })).toBe(8);
    expect(histogramMedian({})).toBeNull();
    expect(histogramMedian({ 3: 0 })).toBeNull();
  });
});

describe('a cell’s shown value from its accumulator', () => {
  it('is the sum for a count, zero where nothing was stored', () => {
    expect(accumulatedValue(indicator('visits'), { s: 12, n: 12, h: 4 })).toBe(12);
    expect(accumulatedValue(indicator('visits'), undefined)).toBe(0);
  });

  it('is the mean to a tenth for a mean, null over nothing', () => {
    expect(accumulatedValue(indicator('decision_days_mean'), { s: 125, n: 10, h: 10 })).toBe(12.5);
    expect(accumulatedValue(indicator('decision_days_mean'), { s: 10, n: 3, h: 3 })).toBe(3.3);
    expect(accumulatedValue(indicator('visits_at_home_share'), { s: 200, n: 3, h: 2 })).toBe(66.7);
    expect(accumulatedValue(indicator('decision_days_mean'), { s: 0, n: 0, h: 0 })).toBeNull();
    expect(accumulatedValue(indicator('decision_days_mean'), undefined)).toBeNull();
  });

  it('is the histogram’s median for a median', () => {
    expect(accumulatedValue(indicator('measure_days_median'), { s: 0, n: 4, h: 4, d: { 90: 1, 180: 3 } })).toBe(180);
    expect(accumulatedValue(indicator('measure_days_median'), { s: 0, n: 0, h: 0, d: {} })).toBeNull();
  });
});

describe('cell keys', () => {
  it('read back the indicator, breakdown and category they were made of, null for a total', () => {
    expect(parseCellKey(cellKey('measures_closed', 'reason', 'term'))).toEqual({
      indicator: 'measures_closed',
      dimension: 'reason',
      category: 'term',
    });
    expect(parseCellKey(cellKey('renewals', null, null))).toEqual({ indicator: 'renewals', dimension: null, category: null });
  });
});

describe('the complete cells of one period and territory', () => {
  const expectedCount = indicators.reduce(
    (sum, each) => sum + 1 + each.breakdowns.reduce((inner, dimension) => inner + dimensions[dimension].categories.length, 0),
    0,
  );

  it('hold every indicator’s total and every category of its breakdowns, zeros included, in catalogue order', () => {
    const cells = completeCells('2026-Q1', 'all', {});
    expect(cells).toHaveLength(expectedCount);
    expect(cells[0]).toEqual({
      period: '2026-Q1',
      territory: 'all',
      indicator: 'referrals_received',
      dimension: null,
      category: null,
      value: 0,
      households: 0,
    });
    expect([...new Set(cells.map((cell) => cell.indicator))]).toEqual(indicators.map((each) => each.id));
    expect(cells.find((cell) => cell.indicator === 'decision_days_mean')).toMatchObject({ value: null, households: 0 });
  });

  it('take each stored accumulator’s value and households, from a record or a map alike', () => {
    const stored: Record<string, CellAccumulator> = {
      [cellKey('measures_closed', null, null)]: { s: 9, n: 9, h: 9 },
      [cellKey('measures_closed', 'reason', 'term')]: { s: 6, n: 6, h: 6 },
      [cellKey('decision_days_median', 'decision', 'accepted')]: { s: 50, n: 5, h: 5, d: { 8: 2, 12: 3 } },
    };
    for (const accumulators of [stored, new Map(Object.entries(stored))]) {
      const cells = completeCells('2026-03', 'UTAS Nord', accumulators);
      const find = (indicatorId: string, dimension: string | null, category: string | null) =>
        cells.find((cell) => cell.indicator === indicatorId && cell.dimension === dimension && cell.category === category);
      expect(find('measures_closed', null, null)).toMatchObject({ territory: 'UTAS Nord', value: 9, households: 9 });
      expect(find('measures_closed', 'reason', 'term')).toMatchObject({ value: 6, households: 6 });
      expect(find('measures_closed', 'reason', 'moved')).toMatchObject({ value: 0, households: 0 });
      expect(find('decision_days_median', 'decision', 'accepted')).toMatchObject({ value: 12, households: 5 });
    }
  });

  it('give the same cells as counting the contributions directly, when the accumulators hold those contributions', () => {
    const contributionsOf = (unit: string, value: number): Contribution[] =>
      [null, 'accepted'].map((category) => ({
        indicator: 'decision_days_median' as const,
        periodDate: '2026-02-10',
        postcode: '55000',
        unit,
        dimension: category ? ('decision' as const) : null,
        category,
        value,
      }));
    const items = [
      ...contributionsOf('referral:a', 4),
      ...contributionsOf('referral:b', 9),
      ...contributionsOf('referral:c', 20),
    ];
    const direct = aggregate(items, { by: 'month', from: '2026-02', to: '2026-02' });
    const histogram = { 4: 1, 9: 1, 20: 1 };
    const accumulated = completeCells('2026-02', 'all', {
      [cellKey('decision_days_median', null, null)]: { s: 33, n: 3, h: 3, d: histogram },
      [cellKey('decision_days_median', 'decision', 'accepted')]: { s: 33, n: 3, h: 3, d: histogram },
    });
    expect(accumulated).toEqual(direct);
  });
});
