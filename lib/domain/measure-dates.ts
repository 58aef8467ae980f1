import type { DepartmentPolicy } from './policies.js';

/**
 * The calendar rules of a measure (API.md, "The measure"), on business dates written YYYY-MM-DD.
 * Pure calendar arithmetic: dates are read as UTC midnights, so no time zone or daylight saving
 * change can shift a day.
 */

const dayMs = 86_400_000;

function parts(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function format(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

function utcMs(date: string): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

export function addDays(date: string, days: number): string {
  return format(utcMs(date) + days * dayMs);
}

/** `date` + `months` calendar months; a day the target month lacks clamps to its last day (01-31 + 1 → 02-28). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parts(date);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const targetYear = target.getUTCFullYear();
  const targetMonth = target.getUTCMonth();
  return format(Date.UTC(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth))));
}

/** Calendar days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMs(to) - utcMs(from)) / dayMs);
}

/** Last day of a measure started on `startedOn` for `months`: the day before startedOn + months. */
export function plannedEnd(startedOn: string, months: number): string {
  return addDays(addMonths(startedOn, months), -1);
}

/** Last day after a renewal of `months`: the new period starts the day after the old end. */
export function renewedPlannedEnd(previousPlannedEnd: string, months: number): string {
  return plannedEnd(addDays(previousPlannedEnd, 1), months);
}

/** The bilan is due the policy's lead days before the planned end; at the end where the policy sets no bilan rule. */
export function bilanDueOn(plannedEndDate: string, policy: DepartmentPolicy): string {
  return addDays(plannedEndDate, -(policy.bilan?.leadDays ?? 0));
}

/** The follow-up visit is due the policy's months after the end; null where the policy has no follow-up. */
export function followUpDueOn(endedOn: string, policy: DepartmentPolicy): string | null {
  return policy.followUp ? addMonths(endedOn, policy.followUp.monthsAfterEnd) : null;
}
