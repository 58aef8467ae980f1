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

  it('hides a cell of another breakdown that would add up to a total hidden by the first', () => {
    // Five referrals from five kinds of referrer: each is 1, so the total is hidden with them. The
    // orientation, maintien 5 and acces 0, would give it back, and with it every referrer cell (1 each).
    const cells = table('referrals_received', 5, {
      referrerKind: { household: 1, ccas: 1, mairie: 1, caf: 1, msa: 1 },
      orientation: { acces: 0, maintien: 5 },
    });
    expect(shown(protect(cells))).toEqual({
      total: 'hidden',
      household: 'hidden',
      ccas: 'hidden',
      mairie: 'hidden',
      caf: 'hidden',
      msa: 'hidden',
      acces: 0,
      maintien: 'hidden',
    });
  });

  it('leaves as it is a breakdown where one item may fall in several categories: its cells do not add up to the total', () => {
    const cells = table('referrals_received', 5, {
      referrerKind: { household: 1, ccas: 1, mairie: 1, caf: 1, msa: 1 },
      difficulty: { impayes_loyer: 5, budget: 5 },
    });
    expect(shown(protect(cells))).toMatchObject({ total: 'hidden', impayes_loyer: 5, budget: 5 });
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

  it('never lets a breakdown add up to a hidden total: each then hides a cell, or has nothing but zeros', () => {
    fc.assert(
      fc.property(tablesArbitrary, ({ cells, threshold }) => {
        const result = protect(cells, { threshold });
        const hiddenTotals = new Set(result.filter((cell) => cell.dimension === null && cell.suppressed).map(tableOf));
        const breakdowns = new Map<string, ProtectedCell[]>();
        for (const cell of result) {
          if (cell.dimension === null || !hiddenTotals.has(tableOf(cell))) continue;
          const key = `${tableOf(cell)}|${cell.dimension}`;
          breakdowns.set(key, [...(breakdowns.get(key) ?? []), cell]);
        }
        // Every breakdown of these random referrals is single-choice: its cells add up to the total.
        for (const table of breakdowns.values()) {
          expect(table.some((cell) => cell.suppressed) || table.every((cell) => cell.value === 0)).toBe(true);
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

/** One table of a mean or median indicator with the count table it is over: `[count, value]` per category. */
function averaged(
  indicator: IndicatorId,
  total: [number, number | null],
  dimension: Dimension,
  categories: Record<string, [number, number | null]>,
): Cell[] {
  const over = indicatorById(indicator)!.over!.count as IndicatorId;
  const counts = table(over, total[0], {
    [dimension]: Object.fromEntries(Object.entries(categories).map(([id, [n]]) => [id, n])),
  });
  const means = table(indicator, 0, {
    [dimension]: Object.fromEntries(Object.keys(categories).map((id) => [id, 0])),
  }).map((cell) => {
    const [n, value] = cell.category === null ? total : categories[cell.category]!;
    return { ...cell, value, households: n };
  });
  return [...counts, ...means];
}

const shownOf = (cells: ProtectedCell[], indicator: IndicatorId) => shown(cells.filter((cell) => cell.indicator === indicator));

describe('means and medians', () => {
  it('hides a mean whose count is hidden, even over 5 households or more (secondary suppression of the counts)', () => {
    // 14 decisions, 3 refused (hidden), so the 11 accepted are hidden too: their mean delay is over 11 decisions, but
    // with the total's mean it would give the refused ones' mean away, and their number with it.
    const cells = averaged('decision_days_mean', [14, 9], 'decision', {
      accepted: [11, 8.5],
      refused: [3, 10.8],
      redirected: [0, null],
    });
    expect(shownOf(protect(cells), 'decisions')).toEqual({ total: 14, accepted: 'hidden', refused: 'hidden', redirected: 0 });
    expect(shownOf(protect(cells), 'decision_days_mean')).toEqual({
      total: 9,
      accepted: 'hidden',
      refused: 'hidden',
      redirected: null,
    });
    expect(
      protect(cells).find((cell) => cell.indicator === 'decision_days_mean' && cell.category === 'redirected'),
    ).toMatchObject({
      suppressed: false,
    });
  });

  it('hides the median with its count as the mean', () => {
    const cells = averaged('decision_days_median', [14, 9], 'decision', {
      accepted: [11, 8],
      refused: [3, 12],
      redirected: [0, null],
    });
    expect(shownOf(protect(cells), 'decision_days_median')).toEqual({
      total: 9,
      accepted: 'hidden',
      refused: 'hidden',
      redirected: null,
    });
  });

  it('hides one more mean where one alone is hidden under a visible total: the one over the fewest households', () => {
    // Only means here, so nothing but the rule of the table of means hides the second one.
    const cells = table('decision_days_mean', 0, {}).concat(
      ...(['accepted', 'refused', 'redirected'] as const).map((category, index) => ({
        period: '2026-01',
        territory: 'all',
        indicator: 'decision_days_mean' as const,
        dimension: 'decision' as const,
        category,
        value: [12, 30, 4][index]!,
        households: [20, 6, 3][index]!,
      })),
    );
    cells[0] = { ...cells[0]!, value: 13.6, households: 29 };
    expect(shown(protect(cells))).toEqual({ total: 13.6, accepted: 12, refused: 'hidden', redirected: 'hidden' });
  });

  it('hides one more mean where the hidden ones could only be at the bound: the audit’s 0-day delays', () => {
    // Total delay 0 over 12 decisions, accepted 0 over 9: the refused and redirected ones, hidden, would be 0 days
    // each, since no delay is under 0. No other visible mean is off that bound: the total's is hidden.
    const cells = averaged('decision_days_mean', [12, 0], 'decision', { accepted: [9, 0], refused: [2, 0], redirected: [1, 0] });
    expect(shownOf(protect(cells), 'decisions')).toEqual({ total: 12, accepted: 9, refused: 'hidden', redirected: 'hidden' });
    expect(shownOf(protect(cells), 'decision_days_mean')).toEqual({
      total: 'hidden',
      accepted: 0,
      refused: 'hidden',
      redirected: 'hidden',
    });
  });

  it('hides a visible mean off the bound rather than the total, where there is one; a duration’s bound is 1 day', () => {
    const cells = averaged('measure_days_mean', [15, 61], 'orientation', { acces: [3, 1], maintien: [12, 76] });
    // 3 closures (hidden) under a visible total of 15: the count table hides the 12 as well, and both means go.
    expect(shownOf(protect(cells), 'measure_days_mean')).toEqual({ total: 61, acces: 'hidden', maintien: 'hidden' });
    const bound = averaged('decision_days_mean', [20, 6], 'decision', {
      accepted: [11, 0],
      refused: [2, 0],
      redirected: [7, 17.1],
    });
    // Refused (2) hidden, redirected (7, the smallest) with it; the hidden ones are not all at 0 (17.1): nothing more.
    expect(shownOf(protect(bound), 'decision_days_mean')).toEqual({
      total: 6,
      accepted: 0,
      refused: 'hidden',
      redirected: 'hidden',
    });
  });

  it('gives medians the one-hidden rule but not the bound rule: a median is not the sum of its parts', () => {
    const cells = averaged('decision_days_median', [12, 0], 'decision', {
      accepted: [9, 0],
      refused: [2, 0],
      redirected: [1, 0],
    });
    expect(shownOf(protect(cells), 'decision_days_median')).toEqual({
      total: 0,
      accepted: 0,
      refused: 'hidden',
      redirected: 'hidden',
    });
  });

  it('hides the share of home visits where the count of home visits is hidden', () => {
    const visits = table('visits', 30, { visitKind: { domicile: 3, bureau: 20, telephone: 7, demarche: 0, atelier: 0 } });
    visits[0] = { ...visits[0]!, households: 8 };
    const share: Cell = { ...visits[0]!, indicator: 'visits_at_home_share', value: 10, households: 8 };
    // 10 % of 30 visits would give the 3 home visits away.
    expect(protect([...visits, share]).at(-1)).toMatchObject({
      indicator: 'visits_at_home_share',
      value: null,
      suppressed: true,
    });
  });
});

/** Random decisions: each with its decision and its delay (often 0 days: decided on the day), in one of two territories. */
const decisionTablesArbitrary = fc
  .tuple(
    fc.array(
      fc.record({
        month: fc.constantFrom('2026-01', '2026-02'),
        postcode: fc.constantFrom('55000', '55100'),
        decision: fc.constantFrom('accepted', 'refused', 'redirected'),
        days: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
      }),
      { maxLength: 60 },
    ),
    fc.integer({ min: 2, max: 8 }),
  )
  .map(([decisions, threshold]) => ({
    threshold,
    cells: aggregate(
      decisions.flatMap((decision, index): Contribution[] =>
        (['decisions', 'decision_days_mean', 'decision_days_median'] as const).flatMap((indicator) =>
          ([null, 'decision'] as const).map((dimension) => ({
            indicator,
            dimension,
            category: dimension && decision.decision,
            periodDate: `${decision.month}-15`,
            postcode: decision.postcode,
            unit: `r-${index}`,
            value: indicator === 'decisions' ? 1 : decision.days,
          })),
        ),
      ),
      { by: 'month', from: '2026-01', to: '2026-02', territoryOf: (postcode) => (postcode.startsWith('551') ? 'Nord' : 'Sud') },
    ).filter((cell) => cell.indicator.startsWith('decision')),
  }));

describe('disclosure control of means and medians over random decisions', () => {
  const keyOf = (cell: Cell | ProtectedCell, indicator = cell.indicator) =>
    `${cell.period}|${cell.territory}|${indicator}|${cell.dimension}|${cell.category}`;

  it('never shows a mean or a median whose count is hidden', () => {
    fc.assert(
      fc.property(decisionTablesArbitrary, ({ cells, threshold }) => {
        const result = protect(cells, { threshold });
        const byKey = new Map(result.map((cell) => [keyOf(cell), cell]));
        for (const cell of result) {
          if (cell.indicator === 'decisions' || !byKey.get(keyOf(cell, 'decisions'))!.suppressed) continue;
          expect(cell.suppressed).toBe(true);
        }
      }),
    );
  });

  it('never leaves one mean or median alone hidden under a visible total, nor hidden means that could only be 0 days', () => {
    fc.assert(
      fc.property(decisionTablesArbitrary, ({ cells, threshold }) => {
        const result = protect(cells, { threshold });
        for (const indicator of ['decision_days_mean', 'decision_days_median'] as const) {
          const inTable = (index: number) => result[index]!.indicator === indicator;
          const totals = result.map((_, index) => index).filter((index) => inTable(index) && result[index]!.dimension === null);
          for (const total of totals) {
            if (result[total]!.suppressed || result[total]!.value === null) continue;
            const { period, territory } = result[total]!;
            const hidden = result
              .map((cell, index) => ({ cell, index }))
              .filter(({ cell }) => cell.indicator === indicator && cell.dimension !== null && cell.period === period)
              .filter(({ cell }) => cell.territory === territory && cell.suppressed);
            expect(hidden).not.toHaveLength(1);
            // What a reader works out of the visible figures is the hidden ones' combined mean; where every hidden
            // delay is 0 that mean is 0 and gives each of them away.
            if (indicator === 'decision_days_mean' && hidden.length > 0)
              expect(hidden.every(({ index }) => cells[index]!.value === 0)).toBe(false);
          }
        }
      }),
    );
  });
});
