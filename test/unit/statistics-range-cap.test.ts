import { describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../lib/errors.js';
import { statsRange } from '../../lib/domain/statistics/range.js';

// The enumerators of months and periods, watched: a span refused for its length must be refused
// before any of them runs, so that the widest span the query accepts costs no more than a small one.
const enumerators = vi.hoisted(() => ({ monthsBetween: vi.fn(), periodOf: vi.fn() }));
vi.mock('../../lib/domain/statistics/count.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/domain/statistics/count.js')>();
  enumerators.monthsBetween.mockImplementation(original.monthsBetween);
  enumerators.periodOf.mockImplementation(original.periodOf);
  return { ...original, monthsBetween: enumerators.monthsBetween, periodOf: enumerators.periodOf };
});

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('no ValidationError');
}

describe('a span too long for one download', () => {
  it.each([
    ['month', 'mois', 120_000],
    ['quarter', 'trimestres', 40_000],
    ['year', 'années', 10_000],
  ] as const)('is refused by %s from 0000-01 to 9999-12 by counting, without listing a single period', (by, name, asked) => {
    enumerators.monthsBetween.mockClear();
    enumerators.periodOf.mockClear();
    const error = refusal(() => statsRange({ by, from: '0000-01', to: '9999-12' }, '2026-05-10', 1));
    const message = `Trop de périodes pour un seul téléchargement : au plus 150 ${name} ; la demande en compte ${asked}. Réduisez l’intervalle ou choisissez des périodes plus longues.`;
    expect(error.details).toEqual([{ path: 'to', message }]);
    expect(enumerators.monthsBetween).not.toHaveBeenCalled();
    expect(enumerators.periodOf).not.toHaveBeenCalled();
  });

  it('counts the periods as listing them would, at the cap and one past it, for each kind of period and across years', () => {
    const spans = [
      ['month', '2014-03', '2026-08', 150],
      ['month', '2014-02', '2026-08', 151],
      ['quarter', '1989-01', '2026-06', 150],
      ['quarter', '1988-10', '2026-06', 151],
      ['year', '1877-01', '2026-12', 150],
      ['year', '1876-01', '2026-12', 151],
      ['month', '0099-11', '0100-02', 4],
    ] as const;
    for (const [by, from, to, periods] of spans) {
      if (periods <= 150) expect(statsRange({ by, from, to }, '2026-05-10', 1).periods, `${by} ${from}`).toHaveLength(periods);
      else
        expect(refusal(() => statsRange({ by, from, to }, '2026-05-10', 1)).message, `${by} ${from}`).toContain(
          `en compte ${periods}.`,
        );
    }
  });

  it.each(['month', 'quarter', 'year'] as const)(
    'lists by %s a span that ends in December 9999, the last month the query accepts',
    (by) => {
      // `9999-12` is followed by `10000-01`, which sorts before `9999-12` as text: the listing must stop at `to`.
      const periods = { month: 12, quarter: 4, year: 1 }[by];
      expect(statsRange({ by, from: '9999-01', to: '9999-12' }, '2026-05-10', 1).periods).toHaveLength(periods);
    },
  );

  it('divides the cap among the territories before listing anything', () => {
    enumerators.monthsBetween.mockClear();
    const error = refusal(() => statsRange({ by: 'month', from: '2025-05', to: '2026-05' }, '2026-05-10', 12));
    expect(error.message).toContain(
      'au plus 12 mois (12 territoires, ensemble du département compris) ; la demande en compte 13.',
    );
    expect(enumerators.monthsBetween).not.toHaveBeenCalled();
  });
});
