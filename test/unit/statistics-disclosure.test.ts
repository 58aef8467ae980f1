import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorById, type Dimension, type IndicatorId } from '../../lib/domain/statistics/catalogue.js';
import { aggregate, type Cell, type Contribution } from '../../lib/domain/statistics/count.js';
import { protect, type ProtectedCell } from '../../lib/domain/statistics/disclosure.js';
import { orientations, referrerKinds, visitKinds } from '../../lib/domain/vocabulary.js';

/** One table of one indicator, January 2026, the whole department; households = the count unless given. */
function table(indicator: IndicatorId, total: number, categories: Partial<Record<Dimension, Record<string, number>>>): Cell[] {
  const cell = (dimension: Dimension | null, category: string | null, value: number): Cell => ({
    period: '2026-01',
    territory: 'all',
    indicator,
    dimension,
    category,
    value,
    households: value,
  });
  return [
    cell(null, null, total),
    ...Object.entries(categories).flatMap(([dimension, values]) =>
      Object.entries(values).map(([category, value]) => cell(dimension as Dimension, category, value)),
    ),
  ];
}

const shown = (cells: ProtectedCell[]) =>
  Object.fromEntries(cells.map((cell) => [cell.category ?? 'total', cell.suppressed ? 'hidden' : cell.value]));

describe('primary suppression', () => {
  it('hides a count of 1 to 4 households, and shows zero and 5 or more', () => {
    const cells = table('referrals_received', 11, { orientation: { acces: 0, maintien: 11 } });
    cells.push(...table('decisions', 4, {}), ...table('renewals', 5, {}));
    expect(protect(cells).map((cell) => cell.value)).toEqual([11, 0, 11, null, 5]);
    expect(protect(cells).map((cell) => cell.suppressed)).toEqual([false, false, false, true, false]);
  });

  it('takes its threshold as a parameter', () => {
    const cells = table('decisions', 7, {});
    expect(protect(cells, { threshold: 10 })[0]).toMatchObject({ value: null, suppressed: true });
    expect(protect(cells, { threshold: 5 })[0]).toMatchObject({ value: 7, suppressed: false });
    expect(() => protect(cells, { threshold: 0 })).toThrow(RangeError);
  });

  it('looks at households, not at what is counted: nine visits to three households are hidden', () => {
    const visits: Cell = {
      period: '2026-01',
      territory: 'all',
      indicator: 'visits',
      dimension: null,
      category: null,
      value: 9,
      households: 3,
    };
    expect(protect([visits])[0]).toMatchObject({ value: null, suppressed: true });
  });

  it('hides a mean or a median over fewer than threshold households, and leaves one over none empty but not hidden', () => {
    const mean = (value: number | null, households: number): Cell => ({
      period: '2026-01',
      territory: 'all',
      indicator: 'decision_days_mean',
      dimension: null,
      category: null,
      value,
      households,
    });
    expect(protect([mean(12.5, 4), mean(12.5, 5), mean(null, 0)])).toMatchObject([
      { value: null, suppressed: true },
      { value: 12.5, suppressed: false },
      { value: null, suppressed: false },
    ]);
  });
});

describe('secondary suppression', () => {
  it('hides the other category of a two-category table when one is hidden under a visible total', () => {
    const cells = table('referrals_received', 13, { orientation: { acces: 3, maintien: 10 } });
    expect(shown(protect(cells))).toEqual({ total: 13, acces: 'hidden', maintien: 'hidden' });
  });

  it('hides the next smallest non-zero cell, the first in catalogue order on a tie, and leaves zeros and larger cells', () => {
    const cells = table('visits', 30, { visitKind: { domicile: 14, bureau: 6, telephone: 6, demarche: 0, atelier: 4 } });
    expect(shown(protect(cells))).toEqual({
      total: 30,
      domicile: 14,
      bureau: 'hidden',
      telephone: 6,
      demarche: 0,
      atelier: 'hidden',
    });
  });

  it('needs nothing more when two cells are already hidden', () => {
    const cells = table('visits', 26, { visitKind: { domicile: 20, bureau: 2, telephone: 4, demarche: 0, atelier: 0 } });
    expect(shown(protect(cells))).toEqual({
      total: 26,
      domicile: 20,
      bureau: 'hidden',
      telephone: 'hidden',
      demarche: 0,
      atelier: 0,
    });
  });

  it('hides one more cell when the hidden cells could only be 1 each: their sum, total − visible cells, equals their number', () => {
    // 11 decisions, 9 accepted: refused + redirected = 2, and a hidden cell is never 0, so each would be 1.
    const cells = table('decisions', 11, { decision: { accepted: 9, refused: 1, redirected: 1 } });
    expect(shown(protect(cells))).toEqual({ total: 11, accepted: 'hidden', refused: 'hidden', redirected: 'hidden' });
  });

  it('hides the total when no other non-zero cell is left to hide', () => {
    // A household may declare no difficulty at all: 3 of 10 declare one, the others none.
    const cells = table('referrals_received', 10, { difficulty: { impayes_loyer: 3, budget: 0 } });
    expect(shown(protect(cells))).toEqual({ total: 'hidden', impayes_loyer: 'hidden', budget: 0 });
  });

  it('protects each table on its own, and leaves a table whose total is hidden as it is', () => {
    const cells = [
      ...table('referrals_received', 12, { orientation: { acces: 2, maintien: 10 }, channel: { direct: 6, partner: 6 } }),
      ...table('decisions', 3, { decision: { accepted: 3, refused: 0, redirected: 0 } }),
    ];
    expect(protect(cells).map((cell) => (cell.suppressed ? 'hidden' : cell.value))).toEqual([
      12,
      'hidden',
      'hidden',
      6,
      6,
      'hidden',
      'hidden',
      0,
      0,
    ]);
  });
});

/** Random months of referrals: each household with its referrer, channel and orientation, in one of two territories. */
const contributionsArbitrary = fc
  .array(
    fc.record({
      month: fc.constantFrom('2026-01', '2026-02'),
      postcode: fc.constantFrom('55000', '55100'),
      referrerKind: fc.constantFrom(...referrerKinds.values.slice(0, 5)),
      orientation: fc.constantFrom(...orientations.values),
      visitKind: fc.constantFrom(...visitKinds.values),
      visits: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 80 },
  )
  .map((households) =>
    households.flatMap((household, index): Contribution[] => {
      const base = { periodDate: `${household.month}-15`, postcode: household.postcode, unit: `h-${index}`, value: 1 };
      const referral = (dimension: Dimension | null, category: string | null): Contribution => ({
        ...base,
        indicator: 'referrals_received',
        dimension,
        category,
      });
      const visits = (dimension: Dimension | null, category: string | null): Contribution => ({
        ...base,
        indicator: 'visits',
        dimension,
        category,
        value: household.visits,
      });
      return [
        referral(null, null),
        referral('referrerKind', household.referrerKind),
        referral('channel', household.referrerKind === 'household' ? 'direct' : 'partner'),
        referral('orientation', household.orientation),
        visits(null, null),
        visits('visitKind', household.visitKind),
      ];
    }),
  );

const tablesArbitrary = fc.tuple(contributionsArbitrary, fc.integer({ min: 2, max: 8 })).map(([items, threshold]) => ({
  threshold,
  cells: aggregate(items, {
    by: 'month',
    from: '2026-01',
    to: '2026-02',
    territoryOf: (postcode) => (postcode.startsWith('551') ? 'Nord' : 'Sud'),
  }).filter((cell) => cell.indicator === 'referrals_received' || cell.indicator === 'visits'),
}));

const tableOf = (cell: { period: string; territory: string; indicator: string }) =>
  `${cell.period}|${cell.territory}|${cell.indicator}`;

describe('disclosure control over random tables', () => {
  it('never leaves exactly one hidden cell in a table whose total is visible', () => {
    fc.assert(
      fc.property(tablesArbitrary, ({ cells, threshold }) => {
        const result = protect(cells, { threshold });
        const totals = new Map(result.filter((cell) => cell.dimension === null).map((cell) => [tableOf(cell), cell]));
        const hiddenPerTable = new Map<string, number>();
        for (const cell of result) {
          if (cell.dimension === null) continue;
          const key = `${tableOf(cell)}|${cell.dimension}`;
          hiddenPerTable.set(key, (hiddenPerTable.get(key) ?? 0) + (cell.suppressed ? 1 : 0));
        }
        for (const [key, hidden] of hiddenPerTable) {
          const total = totals.get(key.split('|').slice(0, 3).join('|'))!;
          if (!total.suppressed) expect(hidden).not.toBe(1);
        }
      }),
    );
  });

  it('shows no count over 1 to threshold − 1 households, shows every zero, and shows a value only where not suppressed', () => {
    fc.assert(
      fc.property(tablesArbitrary, ({ cells, threshold }) => {
        const result = protect(cells, { threshold });
        result.forEach((cell, index) => {
          const households = cells[index]!.households;
          if (!cell.suppressed) {
            expect(households === 0 || households >= threshold).toBe(true);
            expect(cell.value).toBe(cells[index]!.value);
          } else expect(cell.value).toBeNull();
          if (households === 0) expect(cell.suppressed).toBe(false);
        });
      }),
    );
  });

  it('gives the same answer for the same cells, in whatever order they come', () => {
    fc.assert(
      fc.property(
        tablesArbitrary,
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        ({ cells, threshold }, randoms) => {
          const keyOf = (cell: ProtectedCell) => `${tableOf(cell)}|${cell.dimension}|${cell.category}`;
          const once = protect(cells, { threshold });
          expect(protect(cells, { threshold })).toEqual(once);
          const order = cells.map((cell) => ({ cell, rank: randoms.next().value as number })).sort((a, b) => a.rank - b.rank);
          const shuffled = protect(
            order.map((each) => each.cell),
            { threshold },
          );
          const byKey = new Map(shuffled.map((cell) => [keyOf(cell), cell]));
          for (const cell of once) expect(byKey.get(keyOf(cell))).toEqual(cell);
        },
      ),
    );
  });

  it('never lets total − visible cells give one hidden cell’s value', () => {
    fc.assert(
      fc.property(tablesArbitrary, ({ cells, threshold }) => {
        const result = protect(cells, { threshold });
        const groups = new Map<string, number[]>();
        result.forEach((cell, index) => {
          if (cell.dimension === null || indicatorById(cell.indicator)!.kind !== 'count') return;
          const key = `${tableOf(cell)}|${cell.dimension}`;
          groups.set(key, [...(groups.get(key) ?? []), index]);
        });
        const totals = new Map(result.map((cell, index) => [cell.dimension === null ? tableOf(cell) : '', index]));
        for (const [key, members] of groups) {
          const total = result[totals.get(key.split('|').slice(0, 3).join('|'))!]!;
          const hidden = members.filter((index) => result[index]!.suppressed);
          if (total.suppressed || hidden.length === 0) continue;
          // Two hidden cells or more: the residual is their sum, and no single one of them is pinned down.
          expect(hidden.length).toBeGreaterThanOrEqual(2);
          const residual =
            total.value! -
            members.filter((index) => !result[index]!.suppressed).reduce((sum, index) => sum + result[index]!.value!, 0);
          const nonZeroHidden = hidden.filter((index) => cells[index]!.value! > 0);
          if (nonZeroHidden.length >= 2) for (const index of nonZeroHidden) expect(cells[index]!.value).toBeLessThan(residual);
          // A hidden cell is never 0: hidden cells summing to their number would each be 1.
          expect(residual).toBeGreaterThan(hidden.length);
        }
      }),
    );
  });
});
