import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  bilanDueOn,
  daysBetween,
  followUpDueOn,
  plannedEnd,
  renewedPlannedEnd,
} from '../../lib/domain/measure-dates.js';
import { policies } from '../../lib/domain/policies.js';

/** Any calendar day from 2000 to 2099, as YYYY-MM-DD. */
const calendarDay = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('calendar arithmetic on business dates', () => {
  it.each([
    ['2026-01-15', 1, '2026-01-16'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
  ])('adds days: %s + %i day(s) is %s, whatever the clock change', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-01-15', 3, '2026-04-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-06-10', 0, '2026-06-10'],
  ])('adds months, a missing day clamping to the month’s last: %s + %i month(s) is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('counts calendar days between two dates, across leap years and backwards', () => {
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-10', '2026-03-02')).toBe(-8);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1);
  });

  it('refuses what is not a YYYY-MM-DD date rather than guessing', () => {
    expect(() => addDays('15/01/2026', 1)).toThrow(RangeError);
  });
});

describe('the planned end of a measure', () => {
  it.each([
    ['2026-01-15', 3, '2026-04-14'],
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-10-01', 3, '2026-12-31'],
    ['2026-11-01', 3, '2027-01-31'],
    ['2026-01-31', 1, '2026-02-27'],
    ['2024-01-31', 1, '2024-02-28'],
    ['2024-02-29', 12, '2025-02-27'],
    ['2026-12-31', 6, '2027-06-29'],
  ])('a measure started on %s for %i month(s) ends on %s (the day before start + months)', (startedOn, months, expected) => {
    expect(plannedEnd(startedOn, months)).toBe(expected);
  });

  it.each([
    ['2026-04-14', 3, '2026-07-14'],
    ['2026-02-28', 1, '2026-03-31'],
    ['2026-12-31', 3, '2027-03-31'],
    ['2027-01-30', 1, '2027-02-27'],
    ['2024-02-28', 12, '2025-02-27'],
  ])('a renewal of the measure ending on %s by %i month(s) moves its end to %s', (previous, months, expected) => {
    expect(renewedPlannedEnd(previous, months)).toBe(expected);
  });

  it('puts the bilan the policy’s lead days before the end, and at the end where the policy has no bilan rule', () => {
    expect(bilanDueOn('2026-04-14', policies.meuse)).toBe('2026-04-04');
    expect(bilanDueOn('2026-03-05', policies.meuse)).toBe('2026-02-23');
    expect(bilanDueOn('2026-04-14', policies.plateforme)).toBe('2026-04-14');
    expect(bilanDueOn('2026-04-14', policies['departement-generique'])).toBe('2026-04-14');
  });

  it('puts the follow-up visit the policy’s months after the end, and none where the policy has no follow-up', () => {
    expect(followUpDueOn('2026-04-14', policies.meuse)).toBe('2026-10-14');
    expect(followUpDueOn('2026-08-31', policies.meuse)).toBe('2027-02-28');
    expect(followUpDueOn('2026-04-14', policies.plateforme)).toBeNull();
  });
});

describe('properties of the measure calendar', () => {
  it('a measure of one month or more always ends after it starts', () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: 1, max: 36 }), (startedOn, months) => {
        expect(plannedEnd(startedOn, months) > startedOn).toBe(true);
      }),
    );
  });

  it('a renewal always moves the planned end later', () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: 1, max: 36 }), (previous, months) => {
        expect(renewedPlannedEnd(previous, months) > previous).toBe(true);
      }),
    );
  });

  it('adding months lands in the right month, never on a later day of the month', () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: -36, max: 36 }), (date, months) => {
        const result = addMonths(date, months);
        const monthIndex = (year: string, month: string) => Number(year) * 12 + Number(month) - 1;
        expect(monthIndex(result.slice(0, 4), result.slice(5, 7)) - monthIndex(date.slice(0, 4), date.slice(5, 7))).toBe(months);
        expect(Number(result.slice(8, 10))).toBeLessThanOrEqual(Number(date.slice(8, 10)));
      }),
    );
  });

  it('adding then removing days gives the date back, and daysBetween counts them', () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: -1000, max: 1000 }), (date, days) => {
        expect(addDays(addDays(date, days), -days)).toBe(date);
        expect(daysBetween(date, addDays(date, days))).toBe(days);
      }),
    );
  });

  it('a chain of renewals never ends later than one measure of the same total length', () => {
    fc.assert(
      fc.property(
        calendarDay,
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }),
        (startedOn, initial, renewals) => {
          const chained = renewals.reduce((end, months) => renewedPlannedEnd(end, months), plannedEnd(startedOn, initial));
          const total = renewals.reduce((sum, months) => sum + months, initial);
          expect(chained <= plannedEnd(startedOn, total)).toBe(true);
        },
      ),
    );
  });
});
