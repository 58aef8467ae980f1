import { randomUUID } from 'node:crypto';
import { BatchGetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Measure } from '../domain/measure.js';
import type { DepartmentPolicy } from '../domain/policies.js';
import type { Referral } from '../domain/referral.js';
import type { CellAccumulator } from '../domain/statistics/cells.js';
import { granularities } from '../domain/statistics/granularity.js';
import {
  decodeItemStats,
  emptyItemStats,
  encodeItemStats,
  measureStats,
  referralStats,
  sameStats,
  cellsId,
  type CellsRef,
  type EncodedItemStats,
  type ItemStats,
} from '../domain/statistics/item-stats.js';
import { measureStatuses, referralStatuses } from '../domain/vocabulary.js';
import type { ReadCost } from './deadlines.js';
import { keys } from './keys.js';
import { measureHeadFromItem } from './measures.js';
import { withoutKeys, type Item, type Table, type TransactItem } from './table.js';
import { failedConditions, isConditionFailed } from './transactions.js';

/**
 * The storage of the `stats` job: the pending markers the lifecycle writes leave, the cells items it
 * keeps per period and territory, its last run and its lease.
 */

// The lifecycle side: a write's marker

/**
 * The Update that joins a lifecycle write's transaction when the write changes what its referral or
 * measure contributes: `after` is what it contributes now, `before` what it contributed before the
 * first change since the job last applied it (kept if already there). `changeId` is new at every
 * write, so the job tells a marker it read from one a later write has changed. Null when the write
 * changes nothing the statistics count (a hand-over, a task): no marker, no cost.
 */
export function statsMarkerUpdate(
  tableName: string,
  subjectPartition: string,
  before: ItemStats,
  after: ItemStats,
  at: string,
): TransactItem | null {
  const then = encodeItemStats(before);
  const now = encodeItemStats(after);
  if (sameStats(then, now)) return null;
  const entry = keys.statsPendingEntry(subjectPartition);
  return {
    Update: {
      TableName: tableName,
      Key: keys.statsPending(subjectPartition),
      UpdateExpression:
        'SET #after = :now, #before = if_not_exists(#before, :then), changedAt = :at, changeId = :change, ' +
        'entity = :entity, GSI3PK = :pending, GSI3SK = :subject',
      ExpressionAttributeNames: { '#after': 'after', '#before': 'before' },
      ExpressionAttributeValues: {
        ':now': now,
        ':then': then,
        ':at': at,
        ':change': randomUUID(),
        ':entity': 'StatsPending',
        ':pending': entry.GSI3PK,
        ':subject': entry.GSI3SK,
      },
    },
  };
}

/** A referral write's marker (a referral's own contributions: receipt and decision). */
export function referralMarker(tableName: string, before: Referral | null, after: Referral, at: string): TransactItem | null {
  return statsMarkerUpdate(
    tableName,
    keys.referralPartition(after.id),
    before ? referralStats(before) : emptyItemStats,
    referralStats(after),
    at,
  );
}

/** A measure write's marker; `before` is the measure as read, visits included (null for a new one). */
export function measureMarker(
  tableName: string,
  before: Measure | null,
  after: Measure,
  policy: DepartmentPolicy,
  at: string,
): TransactItem | null {
  return statsMarkerUpdate(
    tableName,
    keys.measurePartition(after.id),
    before ? measureStats(before, policy) : emptyItemStats,
    measureStats(after, policy),
    at,
  );
}

// The job side

export interface PendingMarker {
  subjectPartition: string;
  before: ItemStats;
  after: ItemStats;
  /** `after` as stored: what the cells hold once the marker is applied. */
  afterEncoded: EncodedItemStats;
  changeId: string;
}

/** A cells item as read: `revision` 0 when it does not exist yet. */
export interface StoredCells {
  ref: CellsRef;
  cells: Record<string, CellAccumulator>;
  revision: number;
}

export interface StatsRunState {
  /** The event time of the last run (null: the job never ran, the next run rebuilds). */
  time: string | null;
  /** The day the stored stocks were measured on (the latest run's day). */
  stockDay: string | null;
}

/** A marker applied: the cells now hold `applied` for its item. */
interface Settlement {
  marker: Pick<PendingMarker, 'subjectPartition' | 'changeId'>;
  applied: EncodedItemStats;
}

/** Another run wrote the same cells meanwhile: this one stops (its lease was lost). */
export class StatsRunConflictError extends Error {
  constructor() {
    super('stats: another run changed the cells meanwhile');
  }
}

/** A run holds the lease: this one does not start (EventBridge, or Lambda, tries again later). */
export class StatsLeaseHeldError extends Error {
  constructor() {
    super('stats: another run of the job is in progress');
  }
}

/** Markers a write changed, or another run settled, since they were read: the chunk was not written. */
export class StatsMarkerConflictError extends Error {
  constructor(readonly subjectPartitions: string[]) {
    super('stats: markers changed since they were read');
  }
}

function markerOf(item: Item): PendingMarker {
  const afterEncoded = item.after as EncodedItemStats;
  return {
    subjectPartition: String(item.PK),
    before: decodeItemStats(item.before as EncodedItemStats | undefined),
    after: decodeItemStats(afterEncoded),
    afterEncoded,
    changeId: String(item.changeId),
  };
}

const parallel = 16;

/** Runs `work` over `values`, `parallel` at a time. */
async function eachInParallel<T>(values: readonly T[], work: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, values.length) }, async () => {
      while (next < values.length) await work(values[next++]!);
    }),
  );
}

function cellsItem(stored: StoredCells, at: string): Item {
  const { by, period, territory } = stored.ref;
  return {
    ...keys.statsCells(by, period, territory),
    entity: 'StatsCells',
    by,
    period,
    territory,
    cells: stored.cells,
    updatedAt: at,
    revision: stored.revision + 1,
  };
}

export class StatsJobStore {
  /** Items read since the last `resetCost` (the benchmark's and the tests' figure). */
  cost: ReadCost = { itemsRead: 0, readUnits: 0 };

  constructor(private readonly table: Table) {}

  resetCost(): void {
    this.cost = { itemsRead: 0, readUnits: 0 };
  }

  private count(items: number, units: number | undefined) {
    this.cost.itemsRead += items;
    this.cost.readUnits += units ?? 0;
  }

  /** Takes the lease for `ms` (wall clock), unless a run holds it; false when held. */
  async acquireLease(holder: string, ms: number): Promise<boolean> {
    const now = Date.now();
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.statsLease,
          UpdateExpression: 'SET holder = :holder, #until = :until, entity = :entity',
          ConditionExpression: 'attribute_not_exists(holder) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':holder': holder, ':until': now + ms, ':now': now, ':entity': 'StatsLease' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async releaseLease(holder: string): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.statsLease,
          UpdateExpression: 'REMOVE holder, #until',
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  async runState(): Promise<StatsRunState> {
    const item = await this.table.get(keys.statsRun, { consistent: true });
    this.count(item ? 1 : 0, undefined);
    return {
      time: typeof item?.time === 'string' ? item.time : null,
      stockDay: typeof item?.stockDay === 'string' ? item.stockDay : null,
    };
  }

  async recordRun(time: string, stockDay: string, finishedAt: string): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.statsRun, entity: 'StatsRun', time, stockDay, finishedAt },
      }),
    );
  }

  /** Every pending marker, from the sparse index (its entries are whole items: projection ALL). */
  async pendingMarkers(): Promise<PendingMarker[]> {
    const items = await this.table.queryAll(
      {
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pending',
        ExpressionAttributeValues: { ':pending': keys.statsPendingPartition },
      },
      (count, units) => this.count(count, units),
    );
    return items.map(markerOf);
  }

  /** The cells items of `refs` (BatchGet, 100 at a time, strongly consistent); absent ones empty. */
  async readCells(refs: readonly CellsRef[]): Promise<Map<string, StoredCells>> {
    const out = new Map<string, StoredCells>();
    for (const ref of refs) out.set(cellsId(ref), { ref, cells: {}, revision: 0 });
    const all = [...out.values()];
    for (let start = 0; start < all.length; start += 100) {
      let request: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = {
        [this.table.name]: {
          Keys: all.slice(start, start + 100).map(({ ref }) => keys.statsCells(ref.by, ref.period, ref.territory)),
          ConsistentRead: true,
        },
      };
      while (request && Object.keys(request).length > 0) {
        const result = await this.table.client.send(
          new BatchGetCommand({ RequestItems: request, ReturnConsumedCapacity: 'TOTAL' }),
        );
        const items = result.Responses?.[this.table.name] ?? [];
        for (const item of items) {
          const ref = { by: item.by, period: item.period, territory: item.territory } as CellsRef;
          out.set(cellsId(ref), {
            ref,
            cells: (item.cells ?? {}) as Record<string, CellAccumulator>,
            revision: Number(item.revision ?? 0),
          });
        }
        this.count(
          items.length,
          result.ConsumedCapacity?.reduce((sum, each) => sum + (each.CapacityUnits ?? 0), 0),
        );
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  /**
   * Writes one chunk in one transaction: the new cells (each only if still at the revision read),
   * and the markers applied, each out of the index only if still pending with the change read, and
   * the run's state when given. At most 100 items; a crash leaves either all of it or none. A marker
   * that a write changed since it was read, or that is no longer pending (the index lags behind the
   * table: a marker another run settled may still show in it), cancels the chunk with a
   * `StatsMarkerConflictError` naming it: nothing is written, and the caller reads it again.
   */
  async commit(cells: StoredCells[], settlements: Settlement[], at: string, extra: TransactItem[] = []): Promise<void> {
    const cellPuts: TransactItem[] = cells.map((stored) => ({
      Put: {
        TableName: this.table.name,
        Item: cellsItem(stored, at),
        ConditionExpression: stored.revision === 0 ? 'attribute_not_exists(PK)' : 'revision = :revision',
        ...(stored.revision === 0 ? {} : { ExpressionAttributeValues: { ':revision': stored.revision } }),
      },
    }));
    const markerUpdates = settlements.map((settlement) => this.settle(settlement, at));
    const items = [...cellPuts, ...markerUpdates, ...extra];
    if (items.length === 0) return;
    if (items.length > 100) throw new RangeError('stats: a chunk is limited to 100 items');
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed?.some(Boolean)) throw error;
      const markers = failed.slice(cellPuts.length, cellPuts.length + markerUpdates.length);
      const others = failed.filter(
        (flag, index) => flag && (index < cellPuts.length || index >= cellPuts.length + markerUpdates.length),
      );
      if (others.length > 0) throw new StatsRunConflictError();
      throw new StatsMarkerConflictError(
        settlements.filter((_, index) => markers[index]).map((settlement) => settlement.marker.subjectPartition),
      );
    }
  }

  /** A marker as the table holds it now (a strongly consistent read); null if it is not pending. */
  async pendingMarker(subjectPartition: string): Promise<PendingMarker | null> {
    const item = await this.table.get(keys.statsPending(subjectPartition), { consistent: true });
    this.count(item ? 1 : 0, undefined);
    return item && item.GSI3PK !== undefined && item.after !== undefined ? markerOf(item) : null;
  }

  /** The marker out of the index, if still pending with the change that was read. */
  private settle({ marker }: Settlement, at: string): TransactItem {
    return {
      Update: {
        TableName: this.table.name,
        Key: keys.statsPending(marker.subjectPartition),
        UpdateExpression: 'REMOVE GSI3PK, GSI3SK, #before, #after SET settledAt = :at',
        ConditionExpression: 'changeId = :change AND attribute_exists(GSI3PK)',
        ExpressionAttributeNames: { '#before': 'before', '#after': 'after' },
        ExpressionAttributeValues: { ':change': marker.changeId, ':at': at },
      },
    };
  }

  /** A pending marker keeps its `after`, and gets `before` = what the cells now hold for its item. */
  private keepPending({ marker, applied }: Settlement): TransactItem {
    return {
      Update: {
        TableName: this.table.name,
        Key: keys.statsPending(marker.subjectPartition),
        UpdateExpression: 'SET #before = :applied',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#before': 'before' },
        ExpressionAttributeValues: { ':applied': applied },
      },
    };
  }

  /** The Update of the run's stock day inside a chunk, only if still the one read. */
  stockDayUpdate(from: string | null, to: string): TransactItem {
    return {
      Update: {
        TableName: this.table.name,
        Key: keys.statsRun,
        UpdateExpression: 'SET stockDay = :to',
        ConditionExpression: from === null ? 'attribute_not_exists(stockDay)' : 'stockDay = :from',
        ExpressionAttributeValues: { ':to': to, ...(from === null ? {} : { ':from': from }) },
      },
    };
  }

  // The first run: everything, through the status lists (GSI1), never a Scan.

  private everyItemOf(partition: string): Promise<Item[]> {
    return this.table.queryAll(
      { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': partition } },
      (count, units) => this.count(count, units),
    );
  }

  /** What every referral and every measure contributes now, by subject partition. */
  async everySubjectStats(policy: DepartmentPolicy): Promise<Map<string, EncodedItemStats>> {
    const out = new Map<string, EncodedItemStats>();
    for (const status of referralStatuses.values) {
      for (const item of await this.everyItemOf(keys.referralsByStatus(status))) {
        const referral = withoutKeys<Referral>(item);
        out.set(keys.referralPartition(referral.id), encodeItemStats(referralStats(referral)));
      }
    }
    for (const status of measureStatuses.values) {
      const heads = (await this.everyItemOf(keys.measuresByStatus(status))).map(measureHeadFromItem);
      // A measure awaiting its contract contributes nothing; the others with their visits.
      await eachInParallel(heads, async (head) => {
        const visits = head.startedOn === null ? [] : await this.visitsOf(head.id);
        const measure = { ...head, visits } as Measure;
        out.set(keys.measurePartition(head.id), encodeItemStats(measureStats(measure, policy)));
      });
    }
    return out;
  }

  private async visitsOf(measureId: string): Promise<Measure['visits']> {
    const items = await this.table.partition(keys.measurePartition(measureId), { sortPrefix: 'MEASURE#VISIT#' });
    this.count(items.length, undefined);
    return items.map((item) => withoutKeys<Measure['visits'][number]>(item));
  }

  /** Every stored cells item, without its cells (the three small partitions of cells). */
  async storedCellIds(): Promise<StoredCells[]> {
    const refs: StoredCells[] = [];
    for (const by of granularities) {
      const items = await this.table.queryAll(
        {
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.statsCellsPartition(by) },
          ProjectionExpression: '#by, #period, territory, revision',
          ExpressionAttributeNames: { '#by': 'by', '#period': 'period' },
        },
        // Items only, as this read has always been counted.
        (count) => this.count(count, undefined),
      );
      for (const item of items)
        refs.push({
          ref: { by, period: String(item.period), territory: String(item.territory) },
          cells: {},
          revision: Number(item.revision ?? 0),
        });
    }
    return refs;
  }

  /** Writes whole cells items, unconditionally (the first run, under the lease). */
  async putCells(cells: StoredCells[], at: string): Promise<void> {
    await eachInParallel(cells, async (stored) => {
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: cellsItem(stored, at) }));
    });
  }

  /** After a rebuild: each pending marker settled against what the rebuild counted for its subject. */
  async settleAfterRebuild(counted: ReadonlyMap<string, EncodedItemStats>, at: string): Promise<void> {
    const markers = await this.pendingMarkers();
    const empty = encodeItemStats(emptyItemStats);
    await eachInParallel(markers, async (marker) => {
      const applied = counted.get(marker.subjectPartition) ?? empty;
      const settlement = { marker, applied };
      // A marker whose `after` is what the rebuild counted leaves the index; any other keeps its
      // `after` and gets `before` = what was counted, for the next run.
      const upToDate = sameStats(marker.afterEncoded, applied);
      try {
        await this.table.client.send(
          new UpdateCommand((upToDate ? this.settle(settlement, at) : this.keepPending(settlement)).Update!),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        await this.table.client.send(new UpdateCommand(this.keepPending(settlement).Update!));
      }
    });
  }
}
