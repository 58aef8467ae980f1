import { randomUUID } from 'node:crypto';
import { parisDate } from '../domain/dates.js';
import type { DepartmentPolicy } from '../domain/policies.js';
import type { CellAccumulator } from '../domain/statistics/cells.js';
import { monthsBetween, periodOf, territoryMapping, wholeDepartment } from '../domain/statistics/count.js';
import {
  addCells,
  cellsId,
  cellsRefOf,
  copyStock,
  decodeItemStats,
  emptyItemStats,
  isStockKey,
  itemDelta,
  periodsShowingStockOf,
  stockSource,
  type CellBook,
  type CellsRef,
  type DeltaContext,
} from '../domain/statistics/item-stats.js';
import type { ReadCost } from './deadlines.js';
import {
  StatsJobStore,
  StatsLeaseHeldError,
  StatsMarkerConflictError,
  type PendingMarker,
  type StoredCells,
} from './statistics-updates.js';

/**
 * The `stats` job's run (functions/stats-job.ts is its adapter): the cells of the PDALPD statistics
 * kept up to date from the markers the lifecycle writes leave, or rebuilt whole on the first run.
 */

export interface StatsRun {
  /** The periods whose cells changed (`2026-03`, `2026-Q1`, `2026`), sorted. */
  periods: string[];
  /** Cells items (one period × one territory) written. */
  cells: number;
  /** What the run read (the benchmark's figure). */
  cost: ReadCost;
  /** The first run: everything counted again from the referrals and measures. */
  rebuilt: boolean;
}

export interface StatsRunHooks {
  /** Called once the pending markers are read, before anything is written (tests: a write racing the run). */
  afterMarkersRead?: () => Promise<void>;
}

/** Longer than a run may take (the jobs' 10 minute timeout): a crashed run's lease lapses by the next night. */
const leaseMs = 15 * 60_000;
/** A run that finds the lease held waits for it this many times, then gives up (and is tried again). */
const leaseAttempts = 20;
const leasePauseMs = 1500;

/** Items of one transaction: DynamoDB's limit. */
const chunkLimit = 100;

/** Stable text of a cells map, to tell whether a run changed an item. */
function fingerprint(cells: Readonly<Record<string, CellAccumulator>>): string {
  return JSON.stringify(
    Object.keys(cells)
      .sort()
      .map((key) => {
        const { s, n, h, d } = cells[key]!;
        return [
          key,
          s,
          n,
          h,
          d
            ? Object.keys(d)
                .sort()
                .map((value) => [value, d[value]])
            : null,
        ];
      }),
  );
}

/** The cells items in memory during a run, as read, and what is left to write. */
class Book {
  readonly items = new Map<string, StoredCells>();
  private readonly written = new Map<string, string>();
  readonly periods = new Set<string>();
  count = 0;

  constructor(read: Map<string, StoredCells>) {
    this.add(read);
  }

  add(read: Map<string, StoredCells>): void {
    for (const [id, stored] of read) {
      this.items.set(id, stored);
      this.written.set(id, fingerprint(stored.cells));
    }
  }

  cells(ref: CellsRef): Record<string, CellAccumulator> {
    return this.items.get(cellsId(ref))!.cells;
  }

  /** The items among `ids` whose cells differ from what the table holds. */
  changed(ids: Iterable<string>): StoredCells[] {
    return [...new Set(ids)]
      .map((id) => this.items.get(id)!)
      .filter((stored) => fingerprint(stored.cells) !== this.written.get(cellsId(stored.ref)));
  }

  /** After a commit: the table now holds these. */
  committed(stored: StoredCells[]): void {
    for (const each of stored) {
      each.revision += 1;
      this.written.set(cellsId(each.ref), fingerprint(each.cells));
      this.periods.add(each.ref.period);
      this.count += 1;
    }
  }
}

const territoryRef = (ref: CellsRef, territory: string): CellsRef => ({ ...ref, territory });

/** The quarter and year items that show a month item's stock, for that month's territory. */
function stockShowers(month: CellsRef, stockDay: string): CellsRef[] {
  return periodsShowingStockOf(month.period, stockDay).map((ref) => territoryRef(ref, month.territory));
}

/** What one marker's change touches: its cells, and the quarters and years that show a changed month stock. */
function touchedBy(delta: CellBook, stockDay: string): string[] {
  const ids = new Set(delta.keys());
  for (const [id, cells] of delta) {
    const ref = cellsRefOf(id);
    if (ref.by === 'month' && Object.keys(cells).some(isStockKey))
      for (const shower of stockShowers(ref, stockDay)) ids.add(cellsId(shower));
  }
  return [...ids];
}

/** Copies a month's stock into the quarter and year that show it. */
function showStock(book: Book, month: CellsRef, stockDay: string): string[] {
  return stockShowers(month, stockDay).map((shower) => {
    copyStock(book.cells(shower), book.cells(month));
    return cellsId(shower);
  });
}

/** Groups markers so that each transaction holds at most 100 items (cells and markers). */
function chunksOf(markers: { marker: PendingMarker; delta: CellBook; touched: string[] }[]) {
  const chunks: (typeof markers)[] = [];
  let current: typeof markers = [];
  let ids = new Set<string>();
  for (const entry of markers) {
    const union = new Set([...ids, ...entry.touched]);
    if (current.length > 0 && union.size + current.length + 1 > chunkLimit) {
      chunks.push(current);
      current = [];
      ids = new Set(entry.touched);
    } else ids = union;
    current.push(entry);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The nightly run on the markers: each marker's change (what its item contributes now less what it
 * contributed when last applied) added into the cells of its month, quarter and year, for the
 * department and the item's territory; the month stocks carried to each month begun since the last
 * run; only the touched cells items read (one BatchGet) and written, each chunk of markers with its
 * cells in one transaction (a crash never applies a change twice), each marker then out of the index
 * (one a write changed meanwhile is read again and applied as it then is).
 */
async function applyMarkers(
  store: StatsJobStore,
  context: DeltaContext,
  previousDay: string,
  places: string[],
  at: string,
  hooks: StatsRunHooks,
) {
  const { stockDay } = context;
  const markers = (await store.pendingMarkers()).map((marker) => entryOf(marker, context));
  await hooks.afterMarkersRead?.();

  // Months begun since the last run start with the stock of the last month measured.
  const lastMonth = previousDay.slice(0, 7);
  const carried = lastMonth < stockDay.slice(0, 7) ? monthsBetween(lastMonth, stockDay.slice(0, 7)).slice(1) : [];
  const carryIds = new Set<string>();
  for (const month of carried)
    for (const territory of places) {
      const ref: CellsRef = { by: 'month', period: month, territory };
      carryIds.add(cellsId(ref));
      for (const shower of stockShowers(ref, stockDay)) carryIds.add(cellsId(shower));
    }
  const sources = carried.length > 0 ? places.map((territory) => cellsId({ by: 'month', period: lastMonth, territory })) : [];

  const needed = new Set([...sources, ...carryIds, ...markers.flatMap((entry) => entry.touched)]);
  const book = new Book(await store.readCells([...needed].map(cellsRefOf)));

  if (carried.length > 0) {
    for (const month of carried)
      for (const territory of places) {
        const ref: CellsRef = { by: 'month', period: month, territory };
        copyStock(book.cells(ref), book.cells({ ...ref, period: lastMonth }));
        showStock(book, ref, stockDay);
      }
    const changed = book.changed(carryIds);
    // The stock day moves with the last chunk of the carry, so that a crash carries again from the same month.
    for (let start = 0; start < changed.length || start === 0; start += chunkLimit - 1) {
      const chunk = changed.slice(start, start + chunkLimit - 1);
      const last = start + chunkLimit - 1 >= changed.length;
      await store.commit(chunk, [], at, last ? [store.stockDayUpdate(previousDay, stockDay)] : []);
      book.committed(chunk);
    }
  }

  for (const chunk of chunksOf(markers)) await applyChunk(store, book, chunk, context, at);
  return book;
}

type Entry = ReturnType<typeof entryOf>;

function entryOf(marker: PendingMarker, context: DeltaContext) {
  const delta = itemDelta(marker.before, marker.after, context);
  return { marker, delta, touched: touchedBy(delta, context.stockDay) };
}

/** How many times a chunk is tried again with the markers read afresh, before the run gives up. */
const chunkAttempts = 5;

/**
 * One chunk of markers: their changes added into the cells, written with the markers in one
 * transaction. A marker changed (or settled by another run) since it was read cancels it: the cells
 * go back to what the table holds, the marker is read again from the table itself, and the chunk is
 * tried again with what it now says (nothing, if it is no longer pending).
 */
async function applyChunk(store: StatsJobStore, book: Book, chunk: Entry[], context: DeltaContext, at: string): Promise<void> {
  const { stockDay } = context;
  let entries = chunk;
  for (let attempt = 1; ; attempt += 1) {
    const ids = [...new Set(entries.flatMap((entry) => entry.touched))];
    const missing = ids.filter((id) => !book.items.has(id));
    if (missing.length > 0) book.add(await store.readCells(missing.map(cellsRefOf)));
    if (entries.length > 1 && ids.length + entries.length > chunkLimit) {
      for (const part of chunksOf(entries)) await applyChunk(store, book, part, context, at);
      return;
    }
    const saved = new Map(ids.map((id) => [id, structuredClone(book.items.get(id)!.cells)]));
    for (const { delta } of entries)
      for (const [id, cells] of delta) {
        addCells(book.items.get(id)!.cells, cells);
        const ref = cellsRefOf(id);
        if (ref.by === 'month' && Object.keys(cells).some(isStockKey)) showStock(book, ref, stockDay);
      }
    const changed = book.changed(ids);
    const settlements = entries.map(({ marker }) => ({ marker, applied: marker.afterEncoded }));
    if (changed.length + settlements.length > chunkLimit) {
      // One marker touches more than a transaction holds (a stock changed over years, about three
      // years of a backdated closure): its cells go first, the marker with the last of them. A write
      // racing it then stops the run (the only case where a crash could apply part of a change twice).
      while (changed.length + settlements.length > chunkLimit) {
        const part = changed.splice(0, chunkLimit);
        await store.commit(part, [], at);
        book.committed(part);
      }
      await store.commit(changed, settlements, at);
      book.committed(changed);
      return;
    }
    try {
      await store.commit(changed, settlements, at);
      book.committed(changed);
      return;
    } catch (error) {
      for (const [id, cells] of saved) book.items.get(id)!.cells = cells;
      if (!(error instanceof StatsMarkerConflictError) || attempt >= chunkAttempts) throw error;
      const conflicting = new Set(error.subjectPartitions);
      const fresh = await Promise.all([...conflicting].map((subject) => store.pendingMarker(subject)));
      entries = [
        ...entries.filter((entry) => !conflicting.has(entry.marker.subjectPartition)),
        ...fresh.filter((marker): marker is PendingMarker => marker !== null).map((marker) => entryOf(marker, context)),
      ];
      if (entries.length === 0) return;
    }
  }
}

/**
 * The first run: every referral and measure counted again (status lists, GSI1; never a Scan), all
 * cells written whole, and every pending marker settled against what was counted.
 */
async function rebuild(store: StatsJobStore, policy: DepartmentPolicy, context: DeltaContext, places: string[], at: string) {
  const counted = await store.everySubjectStats(policy);
  const cells = new Map<string, Record<string, CellAccumulator>>();
  const into = (ref: CellsRef) => {
    const id = cellsId(ref);
    if (!cells.has(id)) cells.set(id, {});
    return cells.get(id)!;
  };
  let firstMonth = context.stockDay.slice(0, 7);
  for (const encoded of counted.values()) {
    for (const [id, change] of itemDelta(emptyItemStats, decodeItemStats(encoded), context)) {
      const ref = cellsRefOf(id);
      addCells(into(ref), change);
      if (ref.by === 'month' && ref.period < firstMonth) firstMonth = ref.period;
    }
  }
  for (const by of ['quarter', 'year'] as const) {
    const periods = new Set(monthsBetween(firstMonth, context.stockDay.slice(0, 7)).map((month) => periodOf(month, by)));
    for (const period of periods) {
      const source = stockSource(by, period, context.stockDay);
      for (const territory of places) {
        const monthCells = source ? cells.get(cellsId({ by: 'month', period: source, territory })) : undefined;
        copyStock(into({ by, period, territory }), monthCells ?? {});
      }
    }
  }
  const existing = new Map((await store.storedCellIds()).map((stored) => [cellsId(stored.ref), stored]));
  const written: StoredCells[] = [];
  for (const id of new Set([...cells.keys(), ...existing.keys()])) {
    const content = cells.get(id) ?? {};
    const stored = existing.get(id);
    if (!stored && Object.keys(content).length === 0) continue;
    written.push({ ref: cellsRefOf(id), cells: content, revision: stored?.revision ?? 0 });
  }
  await store.putCells(written, at);
  await store.settleAfterRebuild(counted, at);
  return { periods: new Set(written.map((stored) => stored.ref.period)), count: written.length };
}

async function takeLease(store: StatsJobStore, holder: string): Promise<void> {
  for (let attempt = 1; attempt <= leaseAttempts; attempt += 1) {
    if (await store.acquireLease(holder, leaseMs)) return;
    await new Promise((resolve) => setTimeout(resolve, leasePauseMs));
  }
  throw new StatsLeaseHeldError();
}

/**
 * The `stats` job for the instant `now`: under the run's lease, either the first run's rebuild or
 * the markers of the changes since the last run; then the run recorded (its `time` is what the
 * downloads show as `generatedAt`, never earlier than the last run's). Running it again for the same
 * time changes nothing.
 */
export async function runStatsJob(
  store: StatsJobStore,
  policy: DepartmentPolicy,
  now: Date,
  hooks: StatsRunHooks = {},
): Promise<StatsRun> {
  store.resetCost();
  const holder = randomUUID();
  await takeLease(store, holder);
  try {
    const at = new Date().toISOString();
    const state = await store.runState();
    const today = parisDate(now);
    // Stocks are measured on the latest day a run saw: a run for an earlier time does not move them back.
    const previousDay = state.stockDay ?? today;
    const stockDay = previousDay > today ? previousDay : today;
    const mapping = territoryMapping(policy);
    const context: DeltaContext = { territoryOf: mapping?.territoryOf, stockDay };
    const places = [wholeDepartment, ...(mapping?.territories ?? [])];
    const rebuilt = state.time === null;
    const outcome = rebuilt
      ? await rebuild(store, policy, context, places, at)
      : await applyMarkers(store, context, previousDay, places, at, hooks).then((book) => ({
          periods: book.periods,
          count: book.count,
        }));
    // Nor the downloads' generatedAt: an event delivered late, or `npm run job -- stats --time` for
    // an earlier instant, still applied every change written until now, and the period under way
    // (what the pages call « en cours ») must not step back to a month that has since ended.
    const time = state.time !== null && state.time > now.toISOString() ? state.time : now.toISOString();
    await store.recordRun(time, stockDay, new Date().toISOString());
    return { periods: [...outcome.periods].sort(), cells: outcome.count, cost: { ...store.cost }, rebuilt };
  } finally {
    await store.releaseLease(holder);
  }
}
