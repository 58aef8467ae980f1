import { describe, expect, it } from 'vitest';
import { recordClosure } from '../../lib/domain/closure.js';
import type { Measure } from '../../lib/domain/measure.js';
import { policies } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import { cellKey } from '../../lib/domain/statistics/cells.js';
import { measureStockSegments, stockContributions } from '../../lib/domain/statistics/count.js';
import {
  decodeItemStats,
  emptyItemStats,
  encodeItemStats,
  itemDelta,
  measureStats,
  sameStats,
  stockSource,
} from '../../lib/domain/statistics/item-stats.js';
import { recordVisit } from '../../lib/domain/visit.js';
import { activeMeasure, closureBody, on, withBilan } from '../support/measures.js';

const meuse = policies.meuse;

/** Signed 2026-01-15 (maintien), renewed on 2026-04-04 towards `acces`, closed on 2026-06-30. */
function renewedThenClosed(): Measure {
  const bilan = withBilan(activeMeasure('meuse', '2026-01-15'), 'meuse', '2026-04-04');
  const renewal = recordRenewal(bilan, { decidedOn: '2026-04-04', months: 3, orientation: 'acces' }, meuse, on('2026-04-04'));
  const ending = withBilan(renewal.measure, 'meuse', '2026-06-25', 'end');
  return recordClosure(ending, closureBody('2026-06-30'), meuse, on('2026-06-30')).measure;
}

const visit = (measure: Measure, date: string, index: number) =>
  recordVisit(measure, { date, kind: index % 2 ? 'domicile' : 'telephone', durationMinutes: 30, axes: ['budget'] }, meuse, {
    ...on(date),
    recordId: `v-${index}`,
  }).measure;

describe('a measure’s stock as segments of days', () => {
  it('runs from its start until its end, one segment per orientation (each renewal’s from the day it was decided)', () => {
    expect(measureStockSegments(renewedThenClosed())).toEqual([
      { from: '2026-01-15', until: '2026-04-04', orientation: 'maintien' },
      { from: '2026-04-04', until: '2026-06-30', orientation: 'acces' },
    ]);
    expect(measureStockSegments(activeMeasure('meuse', '2026-01-15'))).toEqual([
      { from: '2026-01-15', until: null, orientation: 'maintien' },
    ]);
  });

  it('gives nothing before the contract', () => {
    const awaiting = { ...activeMeasure(), startedOn: null, contract: null };
    expect(measureStockSegments(awaiting)).toEqual([]);
  });

  it('counts a month end only while the measure runs: a measure ended on the last day of June is not in June’s stock', () => {
    const stock = stockContributions(measureStockSegments(renewedThenClosed()), '55000', 'measure:m-1', '2026-12-31')
      .filter((each) => each.dimension === 'orientation')
      .map((each) => [each.periodDate, each.category]);
    expect(stock).toEqual([
      ['2026-01-31', 'maintien'],
      ['2026-02-28', 'maintien'],
      ['2026-03-31', 'maintien'],
      ['2026-04-30', 'acces'],
      ['2026-05-31', 'acces'],
    ]);
  });
});

describe('what a referral or a measure contributes, as the pending marker keeps it', () => {
  it('encodes and decodes to the same contributions', () => {
    const stats = measureStats(renewedThenClosed(), meuse);
    expect(decodeItemStats(encodeItemStats(stats))).toEqual(stats);
    expect(decodeItemStats(encodeItemStats(emptyItemStats))).toEqual(emptyItemStats);
    expect(sameStats(encodeItemStats(stats), encodeItemStats(measureStats(renewedThenClosed(), meuse)))).toBe(true);
  });

  it('keeps a file of a hundred visits over a year in a few kilobytes', () => {
    let measure = activeMeasure('meuse', '2026-01-15');
    for (let index = 0; index < 100; index += 1) {
      const day = new Date(Date.UTC(2026, 0, 16 + Math.floor(index * 3.4))).toISOString().slice(0, 10);
      measure = visit(measure, day, index);
    }
    const encoded = encodeItemStats(measureStats(measure, meuse));
    expect(Buffer.byteLength(JSON.stringify(encoded))).toBeLessThan(4000);
    expect(decodeItemStats(encoded)).toEqual(measureStats(measure, meuse));
  });

  it('changes, for a new visit, only the cells of its month, quarter and year', () => {
    const before = visit(activeMeasure('meuse', '2026-01-15'), '2026-01-20', 1);
    const after = visit(before, '2026-03-02', 2);
    const delta = itemDelta(measureStats(before, meuse), measureStats(after, meuse), { stockDay: '2026-03-31' });
    expect([...delta.keys()].sort()).toEqual(['month#2026-03#all', 'quarter#2026-Q1#all', 'year#2026#all']);
    // A new household in March's visits, but not in the quarter's or the year's: it was there already.
    expect(delta.get('month#2026-03#all')![cellKey('visits', null, null)]).toEqual({ s: 1, n: 1, h: 1 });
    expect(delta.get('quarter#2026-Q1#all')![cellKey('visits', null, null)]).toEqual({ s: 1, n: 1, h: 0 });
    expect(delta.get('year#2026#all')![cellKey('visits_at_home_share', null, null)]).toEqual({ s: 0, n: 1, h: 0 });
  });

  it('moves the stock of the months from a closure on, and keeps a median’s histogram', () => {
    const running = withBilan(activeMeasure('meuse', '2026-01-15'), 'meuse', '2026-04-04', 'end');
    const closed = recordClosure(running, closureBody('2026-04-14'), meuse, on('2026-04-14')).measure;
    const delta = itemDelta(measureStats(running, meuse), measureStats(closed, meuse), { stockDay: '2026-05-10' });
    const stock = cellKey('measures_active_end', null, null);
    expect(delta.get('month#2026-04#all')![stock]).toEqual({ s: -1, n: -1, h: -1 });
    expect(delta.get('month#2026-05#all')![stock]).toEqual({ s: -1, n: -1, h: -1 });
    expect(delta.get('month#2026-03#all')).toBeUndefined();
    expect(delta.get('quarter#2026-Q2#all')![cellKey('measure_days_median', null, null)]).toEqual({
      s: 90,
      n: 1,
      h: 1,
      d: { 90: 1 },
    });
  });
});

describe('the month whose stock a quarter or a year shows', () => {
  it('is its last month once over, the running month while it runs, none before it begins', () => {
    expect(stockSource('quarter', '2026-Q1', '2026-05-10')).toBe('2026-03');
    expect(stockSource('quarter', '2026-Q2', '2026-05-10')).toBe('2026-05');
    expect(stockSource('year', '2026', '2026-05-10')).toBe('2026-05');
    expect(stockSource('year', '2025', '2026-05-10')).toBe('2025-12');
    expect(stockSource('quarter', '2026-Q3', '2026-05-10')).toBeNull();
  });
});
