import { orientationOn, type Measure } from '../measure.js';
import type { Orientation } from '../vocabulary.js';
import { bilanDueOn, daysBetween, plannedEnd } from '../measure-dates.js';
import type { DepartmentPolicy } from '../policies.js';
import type { Referral } from '../referral.js';
import type { Granularity } from './granularity.js';
import { dimensions, indicators, type Dimension, type Indicator, type IndicatorId } from './catalogue.js';

/**
 * The counting of the PDALPD statistics, in two pure steps.
 *
 * 1. `referralContributions` / `measureContributions`: what one referral or one measure adds to the
 *    statistics — one contribution per indicator total (dimension null) and per category it falls in,
 *    dated by the date the indicator's definition names. They depend on that item alone (and on the
 *    policy), so a job can keep them per item and replace them when the item changes. The stock
 *    (measures active at a period's end) is kept as segments of days (`measureStockSegments`), which
 *    `stockContributions` turns into one contribution per month end for a day of computation.
 * 2. `aggregate`: contributions → cells, per period (month, quarter, year) and territory. Counts add
 *    up, but distinct households, means and medians do not roll up from monthly cells (a median is
 *    not the median of medians), so every cell is computed from the contributions themselves.
 */

export interface Contribution {
  indicator: IndicatorId;
  /** YYYY-MM-DD: the date the definition names (receivedOn, startedOn, the visit's date…). */
  periodDate: string;
  /** The household's postcode, which places the contribution in a territory. */
  postcode: string;
  /** Whose household it is (`referral:<id>` or `measure:<id>`): cells count distinct households for disclosure control. */
  unit: string;
  dimension: Dimension | null;
  category: string | null;
  /** 1 for a count; the measured quantity (days, 0 or 100 for a share) for a mean or a median. */
  value: number;
}

export interface CountContext {
  policy: DepartmentPolicy;
  /** The day of computation (Europe/Paris), YYYY-MM-DD: stocks of a running month are measured on it. */
  asOf: string;
}

type Parts = [Dimension, string | readonly string[]][];

/** The total and one contribution per category (a multi-valued dimension gives one per value). */
function contribute(
  indicator: IndicatorId,
  periodDate: string,
  postcode: string,
  unit: string,
  value: number,
  parts: Parts,
): Contribution[] {
  const out: Contribution[] = [{ indicator, periodDate, postcode, unit, dimension: null, category: null, value }];
  for (const [dimension, categories] of parts) {
    for (const category of typeof categories === 'string' ? [categories] : categories)
      out.push({ indicator, periodDate, postcode, unit, dimension, category, value });
  }
  return out;
}

export function householdSizeCategory(persons: number): string {
  if (persons <= 1) return '1';
  if (persons === 2) return '2';
  if (persons <= 4) return '3-4';
  return '5+';
}

const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');

/** What one referral adds: its receipt, and its decision once decided. */
export function referralContributions(referral: Referral): Contribution[] {
  const postcode = referral.household.address.postcode;
  const unit = `referral:${referral.id}`;
  const out = contribute('referrals_received', referral.receivedOn, postcode, unit, 1, [
    ['referrerKind', referral.referrer.kind],
    ['channel', referral.referrer.kind === 'household' ? 'direct' : 'partner'],
    ['orientation', referral.orientation],
    ['occupancyStatus', referral.housing.occupancyStatus],
    ['householdSize', householdSizeCategory(referral.household.adults + referral.household.children)],
    ['difficulty', referral.difficulties],
  ]);
  const decision = referral.decision;
  if (decision) {
    const parts: Parts = [['decision', decision.decision]];
    out.push(
      ...contribute('decisions', decision.decidedOn, postcode, unit, 1, parts),
      ...contribute('decision_days_mean', decision.decidedOn, postcode, unit, decision.daysToDecision, parts),
      ...contribute('decision_days_median', decision.decidedOn, postcode, unit, decision.daysToDecision, parts),
    );
  }
  return out;
}

export const lastDayOfMonth = (month: string): string => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
};

const nextMonth = (month: string): string => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  // The year padded as the query writes it: `0099-12` is followed by `0100-01`, not `100-01`.
  return monthNumber === 12
    ? `${String(year + 1).padStart(4, '0')}-01`
    : `${month.slice(0, 4)}-${String(monthNumber + 1).padStart(2, '0')}`;
};

/**
 * A stretch of days over which a measure is running with one orientation: from `from` (included)
 * to `until` (excluded; null while it runs). A measure is running on day D from its start
 * (startedOn ≤ D) until it ends (not ended on D or before), with the orientation it has on D
 * (`orientationOn`: the decision's, then each renewal's from the day it was decided).
 */
export interface StockSegment {
  from: string;
  until: string | null;
  orientation: Orientation;
}

/**
 * The measure's stock as segments: what it contributes to "measures active at the end" on any day,
 * without a day of computation, so that it can be stored and compared as it is.
 */
export function measureStockSegments(measure: Measure): StockSegment[] {
  const startedOn = measure.startedOn;
  if (startedOn === null) return [];
  const endedOn = measure.closure?.endedOn ?? null;
  if (endedOn !== null && endedOn <= startedOn) return [];
  const changes = measure.renewals
    .map((renewal) => renewal.decidedOn)
    .filter((day) => day > startedOn && (endedOn === null || day < endedOn));
  const starts = [...new Set([startedOn, ...changes])].sort();
  const segments: StockSegment[] = [];
  for (const [index, from] of starts.entries()) {
    const orientation = orientationOn(measure, from);
    const until = starts[index + 1] ?? endedOn;
    const previous = segments.at(-1);
    if (previous && previous.orientation === orientation) previous.until = until;
    else segments.push({ from, until, orientation });
  }
  return segments;
}

/** The segment running on `day`, if any. */
export function segmentOn(segments: readonly StockSegment[], day: string): StockSegment | undefined {
  return segments.find((segment) => segment.from <= day && (segment.until === null || day < segment.until));
}

/** The day a month's stock is measured on: its last day, or `asOf` in the running month. */
export function stockDayOf(month: string, asOf: string): string {
  const monthEnd = lastDayOfMonth(month);
  return monthEnd < asOf ? monthEnd : asOf;
}

/** One contribution per month end (or `asOf` in the running month) on which the segments say the measure runs. */
export function stockContributions(
  segments: readonly StockSegment[],
  postcode: string,
  unit: string,
  asOf: string,
): Contribution[] {
  const first = segments[0];
  if (!first) return [];
  const out: Contribution[] = [];
  for (const month of monthsBetween(first.from.slice(0, 7), asOf.slice(0, 7))) {
    const day = stockDayOf(month, asOf);
    const segment = segmentOn(segments, day);
    if (segment) out.push(...contribute('measures_active_end', day, postcode, unit, 1, [['orientation', segment.orientation]]));
  }
  return out;
}

/** The day the bilan of `period` was due: the planned end of that period less the policy's lead days. */
function bilanDueDay(measure: Measure, startedOn: string, period: number, policy: DepartmentPolicy): string {
  const periodEnd =
    period === 0
      ? (measure.renewals[0]?.previousPlannedEnd ?? plannedEnd(startedOn, measure.initialDurationMonths))
      : (measure.renewals[period - 1]?.plannedEnd ?? measure.plannedEnd!);
  return bilanDueOn(periodEnd, policy);
}

/**
 * What one measure adds, but for its stock (`measureStockSegments`): its start, visits, bilans,
 * renewals, closure and follow-up. None of it depends on the day of computation.
 */
export function measureContributions(measure: Measure, context: Pick<CountContext, 'policy'>): Contribution[] {
  const startedOn = measure.startedOn;
  if (startedOn === null) return [];
  const postcode = measure.household.postcode;
  const unit = `measure:${measure.id}`;
  // At its start, the orientation the decision gave; at its end (duration, closure), the last one.
  const orientation: Parts = [['orientation', measure.orientation]];
  const out = contribute('measures_started', startedOn, postcode, unit, 1, [
    ['orientation', orientationOn(measure, startedOn)],
    ['axis', measure.axes],
  ]);
  for (const visit of measure.visits) {
    out.push(
      ...contribute('visits', visit.date, postcode, unit, 1, [['visitKind', visit.kind]]),
      ...contribute('visits_at_home_share', visit.date, postcode, unit, visit.kind === 'domicile' ? 100 : 0, []),
    );
  }
  for (const bilan of measure.bilans) {
    const onTime = bilan.submittedOn <= bilanDueDay(measure, startedOn, bilan.period, context.policy);
    out.push(...contribute('bilans', bilan.submittedOn, postcode, unit, 1, [['onTime', yesNo(onTime)]]));
  }
  for (const renewal of measure.renewals)
    out.push(...contribute('renewals', renewal.decidedOn, postcode, unit, 1, [['orientation', renewal.orientation]]));
  const closure = measure.closure;
  if (closure) {
    const days = daysBetween(startedOn, closure.endedOn) + 1;
    out.push(
      ...contribute('measures_closed', closure.endedOn, postcode, unit, 1, [
        ['reason', closure.reason],
        ['housingOutcome', closure.housingOutcome],
        ...orientation,
      ]),
      ...contribute('measure_days_median', closure.endedOn, postcode, unit, days, orientation),
      ...contribute('measure_days_mean', closure.endedOn, postcode, unit, days, orientation),
    );
    if (closure.evictionAvoided === true)
      out.push(...contribute('evictions_avoided', closure.endedOn, postcode, unit, 1, orientation));
  }
  if (measure.followUp)
    out.push(
      ...contribute('follow_ups', measure.followUp.visitedOn, postcode, unit, 1, [
        ['stillHoused', yesNo(measure.followUp.stillHoused)],
      ]),
    );
  return out;
}

/** Every contribution of a department's referrals and measures, stocks measured as of `context.asOf`. */
export function contributions(data: { referrals: readonly Referral[]; measures: readonly Measure[] }, context: CountContext) {
  return [
    ...data.referrals.flatMap((referral) => referralContributions(referral)),
    ...data.measures.flatMap((measure) => [
      ...measureContributions(measure, context),
      ...stockContributions(measureStockSegments(measure), measure.household.postcode, `measure:${measure.id}`, context.asOf),
    ]),
  ];
}

export type { Granularity };

/** The period a month (YYYY-MM) belongs to: `2026-03`, `2026-Q1` or `2026`. */
export function periodOf(month: string, by: Granularity): string {
  if (by === 'month') return month;
  if (by === 'year') return month.slice(0, 4);
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/** The months from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  // Stops at `to` itself: after `9999-12` comes `10000-01`, which sorts before `9999-12` as text.
  for (let month = from; month <= to; month = nextMonth(month)) {
    months.push(month);
    if (month === to) break;
  }
  return months;
}

/** The territory of the whole department: present in every aggregation. */
export const wholeDepartment = 'all';
/** Where a postcode no territory of the policy claims is counted, so that the territories add up to the department. */
export const unmappedTerritory = 'non rattaché';

/**
 * The policy's postcode → territory mapping (the longest matching prefix wins), or undefined where
 * the policy maps none. Postcodes no territory claims fall in `unmappedTerritory`.
 */
export function territoryMapping(
  policy: DepartmentPolicy,
): { territoryOf: (postcode: string) => string; territories: string[] } | undefined {
  const territories = policy.territories;
  if (!territories || territories.length === 0) return undefined;
  const prefixes = territories
    .flatMap((territory) => territory.postcodePrefixes.map((prefix) => ({ prefix, name: territory.name })))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    territoryOf: (postcode) => prefixes.find(({ prefix }) => postcode.startsWith(prefix))?.name ?? unmappedTerritory,
    territories: [...territories.map((territory) => territory.name), unmappedTerritory],
  };
}

export interface AggregateOptions {
  by: Granularity;
  /** First and last month (YYYY-MM) counted; a period cut by them counts only its months inside. */
  from: string;
  to: string;
  /** A territory for a postcode (null: the department as a whole only). */
  territoryOf?: (postcode: string) => string | null;
  /** Territories that get cells even where nothing happened, in this order (besides `all`). */
  territories?: readonly string[];
}

export interface Cell {
  period: string;
  territory: string;
  indicator: IndicatorId;
  dimension: Dimension | null;
  category: string | null;
  /** A count, or a mean (to a tenth) or median; null for a mean or median over nothing. */
  value: number | null;
  /** Distinct households (referrals or measures) behind the value: what disclosure control looks at. */
  households: number;
}

/**
 * Every cell of one period and territory, in catalogue order — each indicator's total (dimension
 * null), then every category of its breakdowns, zeros included, so that a table is whole — with the
 * value and households `figures` gives each.
 */
export function catalogueCells(
  period: string,
  territory: string,
  figures: (indicator: Indicator, dimension: Dimension | null, category: string | null) => Pick<Cell, 'value' | 'households'>,
): Cell[] {
  const cells: Cell[] = [];
  for (const indicator of indicators as readonly Indicator[]) {
    const cellOf = (dimension: Dimension | null, category: string | null): Cell => ({
      period,
      territory,
      indicator: indicator.id as IndicatorId,
      dimension,
      category,
      ...figures(indicator, dimension, category),
    });
    cells.push(cellOf(null, null));
    for (const dimension of indicator.breakdowns)
      for (const category of dimensions[dimension].categories) cells.push(cellOf(dimension, category.id));
  }
  return cells;
}

const keyOf = (...parts: (string | null)[]) => parts.map((part) => part ?? '').join('\u0000');

const mean = (values: number[]) => Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function valueOf(indicator: Indicator, values: number[]): number | null {
  if (indicator.kind === 'count') return values.reduce((sum, value) => sum + value, 0);
  if (values.length === 0) return null;
  return indicator.kind === 'mean' ? mean(values) : median(values);
}

/**
 * Cells of every period of `from`..`to`, for `all` and each territory, every indicator, its total
 * (dimension null) and every category of its breakdowns — zeros included, so that a table is whole.
 * A stock (measures active at the end) takes, for a quarter or a year, its last month inside `to`.
 */
export function aggregate(items: readonly Contribution[], options: AggregateOptions): Cell[] {
  const months = monthsBetween(options.from, options.to);
  const periods = [...new Set(months.map((month) => periodOf(month, options.by)))];
  const stockMonth = new Map<string, string>();
  for (const month of months) stockMonth.set(periodOf(month, options.by), month);
  const stockMonths = new Set(stockMonth.values());
  const stocks = new Set<string>(indicators.filter((each) => each.measuredAt === 'stock').map((each) => each.id));

  const seenTerritories = new Set<string>();
  const groups = new Map<string, { values: number[]; units: Set<string> }>();
  for (const item of items) {
    const month = item.periodDate.slice(0, 7);
    if (month < options.from || month > options.to) continue;
    if (stocks.has(item.indicator) && !stockMonths.has(month)) continue;
    const period = periodOf(month, options.by);
    const territory = options.territoryOf?.(item.postcode) ?? null;
    for (const place of territory === null ? [wholeDepartment] : [wholeDepartment, territory]) {
      if (place !== wholeDepartment) seenTerritories.add(place);
      const key = keyOf(period, place, item.indicator, item.dimension, item.category);
      const group = groups.get(key) ?? { values: [], units: new Set<string>() };
      group.values.push(item.value);
      group.units.add(item.unit);
      groups.set(key, group);
    }
  }

  const named = (options.territories ?? []).filter((each) => each !== wholeDepartment);
  const others = [...seenTerritories].filter((each) => !named.includes(each)).sort();
  const territories = [wholeDepartment, ...named, ...others];
  const cells: Cell[] = [];
  for (const period of periods) {
    for (const territory of territories) {
      cells.push(
        ...catalogueCells(period, territory, (indicator, dimension, category) => {
          const group = groups.get(keyOf(period, territory, indicator.id, dimension, category));
          return { value: valueOf(indicator, group?.values ?? []), households: group?.units.size ?? 0 };
        }),
      );
    }
  }
  return cells;
}
