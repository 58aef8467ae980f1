import type { Measure } from '../measure.js';
import type { DepartmentPolicy } from '../policies.js';
import type { Referral } from '../referral.js';
import type { Orientation } from '../vocabulary.js';
import { indicators, type IndicatorId } from './catalogue.js';
import { cellKey, parseCellKey, type CellAccumulator } from './cells.js';
import { granularities } from './granularity.js';
import {
  measureContributions,
  measureStockSegments,
  monthsBetween,
  periodOf,
  referralContributions,
  segmentOn,
  stockDayOf,
  wholeDepartment,
  type Contribution,
  type Granularity,
  type StockSegment,
} from './count.js';

/**
 * What one referral or one measure contributes to the statistics, in the form the `stats` job
 * keeps between two runs: its postcode (its territory), its flows summed per month and cell, and
 * its stock as segments of days. Nothing in it depends on the day of computation, so two states of
 * an item compare as they are, and the job can take the difference between what an item contributed
 * at the last run and what it contributes now (`itemDelta`).
 */
export interface ItemStats {
  postcode: string;
  /** Month (YYYY-MM) → cell key → sum, count and, for a median, the histogram of values. */
  flows: Record<string, Record<string, CellSums>>;
  stock: StockSegment[];
}

export interface CellSums {
  s: number;
  n: number;
  d?: Record<string, number>;
}

export const emptyItemStats: ItemStats = { postcode: '', flows: {}, stock: [] };

const medianIndicators = new Set<string>(indicators.filter((each) => each.kind === 'median').map((each) => each.id));
const stockIndicators = new Set<string>(indicators.filter((each) => each.measuredAt === 'stock').map((each) => each.id));
const stockIndicator = indicators.find((each) => each.measuredAt === 'stock')!.id as IndicatorId;

/** Whether a cell key belongs to a stock indicator (a period's value is its last month's). */
export const isStockKey = (key: string) => stockIndicators.has(parseCellKey(key).indicator);

function statsOf(postcode: string, items: readonly Contribution[], stock: StockSegment[]): ItemStats {
  const flows: ItemStats['flows'] = {};
  for (const item of items) {
    const month = item.periodDate.slice(0, 7);
    const cells = (flows[month] ??= {});
    const key = cellKey(item.indicator, item.dimension, item.category);
    const sums = (cells[key] ??= { s: 0, n: 0 });
    sums.s += item.value;
    sums.n += 1;
    if (medianIndicators.has(item.indicator)) {
      sums.d ??= {};
      sums.d[String(item.value)] = (sums.d[String(item.value)] ?? 0) + 1;
    }
  }
  return { postcode, flows, stock };
}

export function referralStats(referral: Referral): ItemStats {
  return statsOf(referral.household.address.postcode, referralContributions(referral), []);
}

export function measureStats(measure: Measure, policy: DepartmentPolicy): ItemStats {
  return statsOf(measure.household.postcode, measureContributions(measure, { policy }), measureStockSegments(measure));
}

// Encoding: compact strings, one per month, so that a file of a hundred visits stays a small item.

/** What the pending marker stores: `p` postcode, `m` month → cells, `k` stock segments. */
export interface EncodedItemStats {
  p: string;
  m: Record<string, string>;
  k: string;
}

const sortedEntries = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * One month as `key s n[ value:count…]` entries joined by `;`, keys sorted (cell keys, made of
 * vocabulary ids, hold neither spaces nor semicolons); segments as `from until orientation` with
 * `-` for a running one.
 */
export function encodeItemStats(stats: ItemStats): EncodedItemStats {
  const m: Record<string, string> = {};
  for (const [month, cells] of sortedEntries(stats.flows)) {
    m[month] = sortedEntries(cells)
      .map(([key, sums]) => {
        const histogram = sums.d ? sortedEntries(sums.d).map(([value, count]) => ` ${value}:${count}`) : [];
        return `${key} ${sums.s} ${sums.n}${histogram.join('')}`;
      })
      .join(';');
  }
  const k = stats.stock.map((segment) => `${segment.from} ${segment.until ?? '-'} ${segment.orientation}`).join(';');
  return { p: stats.postcode, m, k };
}

export function decodeItemStats(encoded: EncodedItemStats | undefined | null): ItemStats {
  if (!encoded) return emptyItemStats;
  const flows: ItemStats['flows'] = {};
  for (const [month, text] of Object.entries(encoded.m ?? {})) {
    const cells: Record<string, CellSums> = {};
    for (const entry of text ? text.split(';') : []) {
      const [key = '', s = '0', n = '0', ...histogram] = entry.split(' ');
      const sums: CellSums = { s: Number(s), n: Number(n) };
      if (histogram.length > 0)
        sums.d = Object.fromEntries(histogram.map((pair) => pair.split(':')).map(([value, count]) => [value, Number(count)]));
      cells[key] = sums;
    }
    flows[month] = cells;
  }
  const stock = (encoded.k ? encoded.k.split(';') : []).map((text) => {
    const [from = '', until = '-', orientation = ''] = text.split(' ');
    return { from, until: until === '-' ? null : until, orientation: orientation as Orientation };
  });
  return { postcode: encoded.p ?? '', flows, stock };
}

/** Two states contribute the same when they encode the same. */
export function sameStats(a: EncodedItemStats, b: EncodedItemStats): boolean {
  if (a.p !== b.p || a.k !== b.k) return false;
  const months = Object.keys(a.m);
  return months.length === Object.keys(b.m).length && months.every((month) => a.m[month] === b.m[month]);
}

// Differences and cell books

/** A stored cells item: one granularity, one period, one territory. */
export interface CellsRef {
  by: Granularity;
  period: string;
  territory: string;
}

export const cellsId = (ref: CellsRef) => `${ref.by}#${ref.period}#${ref.territory}`;

export function cellsRefOf(id: string): CellsRef {
  const [by, period, ...territory] = id.split('#');
  return { by: by as Granularity, period: period!, territory: territory.join('#') };
}

/** The cells of many items in memory: cells id → cell key → accumulator. */
export type CellBook = Map<string, Record<string, CellAccumulator>>;

export interface DeltaContext {
  /** The territory of a postcode, where the policy maps postcodes (else the department only). */
  territoryOf?: ((postcode: string) => string) | undefined;
  /** The day stocks are measured on: months up to its month, the running month on that day. */
  stockDay: string;
}

function placesOf(postcode: string, context: DeltaContext): string[] {
  return context.territoryOf ? [wholeDepartment, context.territoryOf(postcode)] : [wholeDepartment];
}

/** Every cell one state of an item reaches, summed per stored item and cell. */
function reach(stats: ItemStats, context: DeltaContext): Map<string, Map<string, CellSums>> {
  const out = new Map<string, Map<string, CellSums>>();
  const add = (id: string, key: string, sums: CellSums) => {
    const cells = out.get(id) ?? new Map<string, CellSums>();
    out.set(id, cells);
    const into = cells.get(key) ?? { s: 0, n: 0 };
    into.s += sums.s;
    into.n += sums.n;
    if (sums.d) {
      into.d ??= {};
      for (const [value, count] of Object.entries(sums.d)) into.d[value] = (into.d[value] ?? 0) + count;
    }
    cells.set(key, into);
  };
  const places = placesOf(stats.postcode, context);
  for (const [month, cells] of Object.entries(stats.flows)) {
    for (const by of granularities) {
      const period = periodOf(month, by);
      for (const territory of places)
        for (const [key, sums] of Object.entries(cells)) add(cellsId({ by, period, territory }), key, sums);
    }
  }
  const first = stats.stock[0];
  if (first) {
    for (const month of monthsBetween(first.from.slice(0, 7), context.stockDay.slice(0, 7))) {
      const segment = segmentOn(stats.stock, stockDayOf(month, context.stockDay));
      if (!segment) continue;
      for (const territory of places) {
        const id = cellsId({ by: 'month', period: month, territory });
        add(id, cellKey(stockIndicator, null, null), { s: 1, n: 1 });
        add(id, cellKey(stockIndicator, 'orientation', segment.orientation), { s: 1, n: 1 });
      }
    }
  }
  return out;
}

/**
 * What replacing `before` by `after` changes in the stored cells: per item and cell, the change of
 * the sum, the count, the histogram and the households (the item was in the cell, or is now). Only
 * cells that change are there, so the job reads and writes only what an item's change touches. The
 * stocks are those of months (a quarter's or a year's is copied from its last month: `stockSource`).
 */
export function itemDelta(before: ItemStats, after: ItemStats, context: DeltaContext): CellBook {
  const was = reach(before, context);
  const is = reach(after, context);
  const delta: CellBook = new Map();
  for (const id of new Set([...was.keys(), ...is.keys()])) {
    const old = was.get(id) ?? new Map<string, CellSums>();
    const now = is.get(id) ?? new Map<string, CellSums>();
    const cells: Record<string, CellAccumulator> = {};
    for (const key of new Set([...old.keys(), ...now.keys()])) {
      const a = old.get(key) ?? { s: 0, n: 0 };
      const b = now.get(key) ?? { s: 0, n: 0 };
      const change: CellAccumulator = { s: b.s - a.s, n: b.n - a.n, h: (b.n > 0 ? 1 : 0) - (a.n > 0 ? 1 : 0) };
      const d: Record<string, number> = {};
      for (const value of new Set([...Object.keys(a.d ?? {}), ...Object.keys(b.d ?? {})])) {
        const count = (b.d?.[value] ?? 0) - (a.d?.[value] ?? 0);
        if (count !== 0) d[value] = count;
      }
      if (Object.keys(d).length > 0) change.d = d;
      if (change.s !== 0 || change.n !== 0 || change.h !== 0 || change.d) cells[key] = change;
    }
    if (Object.keys(cells).length > 0) delta.set(id, cells);
  }
  return delta;
}

const isEmpty = (accumulator: CellAccumulator) =>
  accumulator.s === 0 && accumulator.n === 0 && accumulator.h === 0 && Object.keys(accumulator.d ?? {}).length === 0;

/** Adds a delta into stored cells (in place); an accumulator back to nothing is dropped. */
export function addCells(cells: Record<string, CellAccumulator>, delta: Readonly<Record<string, CellAccumulator>>): void {
  for (const [key, change] of Object.entries(delta)) {
    const into = cells[key] ?? { s: 0, n: 0, h: 0 };
    const next: CellAccumulator = { s: into.s + change.s, n: into.n + change.n, h: into.h + change.h };
    const d = { ...into.d };
    for (const [value, count] of Object.entries(change.d ?? {})) {
      const total = (d[value] ?? 0) + count;
      if (total === 0) delete d[value];
      else d[value] = total;
    }
    if (Object.keys(d).length > 0) next.d = d;
    if (isEmpty(next)) delete cells[key];
    else cells[key] = next;
  }
}

/** Replaces the stock cells of `target` by those of `source` (in place). */
export function copyStock(target: Record<string, CellAccumulator>, source: Readonly<Record<string, CellAccumulator>>): void {
  for (const key of Object.keys(target)) if (isStockKey(key)) delete target[key];
  for (const [key, accumulator] of Object.entries(source)) if (isStockKey(key)) target[key] = { ...accumulator };
}

const lastMonthOf = (by: 'quarter' | 'year', period: string) =>
  by === 'year' ? `${period}-12` : `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3).padStart(2, '0')}`;

/**
 * The month whose stock a quarter or a year shows: its last month, or the running month (that of
 * `stockDay`) while it runs; null for a period that has not begun.
 */
export function stockSource(by: 'quarter' | 'year', period: string, stockDay: string): string | null {
  const running = stockDay.slice(0, 7);
  const last = lastMonthOf(by, period);
  if (last <= running) return last;
  return periodOf(running, by) === period ? running : null;
}

/** The quarter and the year whose stock a month's stock is, on `stockDay` (none for an inner month). */
export function periodsShowingStockOf(month: string, stockDay: string): CellsRef[] {
  const out: CellsRef[] = [];
  for (const by of ['quarter', 'year'] as const) {
    const period = periodOf(month, by);
    if (stockSource(by, period, stockDay) === month) out.push({ by, period, territory: '' });
  }
  return out;
}
