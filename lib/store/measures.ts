import { nextActionableOn } from '../domain/deadlines.js';
import type { Measure, MeasureChange, Visit } from '../domain/measure.js';
import type { DepartmentPolicy } from '../domain/policies.js';
import type { Task } from '../domain/task.js';
import type { MeasureStatus } from '../domain/vocabulary.js';
import { refuseOversizedFile, refuseOversizedHead } from '../domain/file-limits.js';
import { ConflictError, PolicyViolationError } from '../errors.js';
import type { IdempotentWrite } from './idempotency.js';
import { journalPut, type JournalEntry } from './journal.js';
import { keys } from './keys.js';
import type { Page } from './pagination.js';
import { measureMarker } from './statistics-updates.js';
import { taskItem, taskFromItem } from './tasks.js';
import { withoutKeys, type Item, type ListOptions, type Table, type TransactItem } from './table.js';

/**
 * A measure's file is one partition: its head item (the measure's own fields, contract, bilans,
 * renewals, closure, follow-up: all bounded by the policy) and one item per visit and per task, all
 * under sort keys that begin with `MEASURE`, so that one Query reads the whole file and never the
 * journal beside it. Visits, which have no bound, are items of their own: a visit is a small Put
 * whatever the number before it, and the deadlines job judges a measure on its head alone.
 */

/** The measure as a list shows it: its head, without its visits. */
export type MeasureSummary = Omit<Measure, 'visits'>;

/** The measure as `GET /measures/{id}` and every write answer it: the whole file with its open tasks. */
export type MeasureFile = Measure & { tasks: Task[] };

type Head = MeasureSummary;

function headOf(measure: Measure): Head {
  const { visits: _visits, ...head } = measure;
  return head;
}

/** The head item; `actionableOn` puts it in the deadlines index (null: no rule can fire for it). */
function headItem(measure: Measure, actionableOn: string | null): Item {
  return {
    ...keys.measure(measure.id),
    ...keys.measureByStatus(measure.status, measure.createdAt, measure.id),
    ...keys.measureOfWorker(measure.workerId, measure.status, measure.createdAt, measure.id),
    ...keys.deadlineEntry(actionableOn, keys.measurePartition(measure.id)),
    entity: 'measure',
    ...headOf(measure),
  };
}

/** The head item as the deadlines index returns it: the measure, less its visits (none are read). */
export function measureHeadFromItem(item: Item): Measure {
  return { ...withoutKeys<Head>(item), visits: [] };
}

/** The put of a new measure's head item (in the decision's transaction). */
export function measurePut(
  tableName: string,
  measure: Measure,
  options: { create: boolean; policy: DepartmentPolicy },
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: headItem(measure, nextActionableOn(measure, options.policy)),
      ...(options.create ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
    },
  };
}

/**
 * A visit as the file shows it, its fields always in the order the domain writes them (not in
 * whatever order DynamoDB returns them), so that an answer rebuilt from the items is the same bytes.
 */
function visitFromItem(item: Item): Visit {
  const visit = item as unknown as Visit;
  return {
    id: visit.id,
    date: visit.date,
    kind: visit.kind,
    durationMinutes: visit.durationMinutes,
    axes: visit.axes,
    withSectorWorker: visit.withSectorWorker,
    actions: visit.actions,
    notes: visit.notes,
    recordedBy: visit.recordedBy,
    recordedAt: visit.recordedAt,
  };
}

/** Most items DynamoDB takes in one transaction. */
const maxTransactItems = 100;

/**
 * What the idempotency record keeps of a write's answer: the file without its visits, which alone
 * may outgrow DynamoDB's 400 KB per item. It names the version the visits are read up to (visits
 * are never changed or removed) and the visit the write appended, which the answer lists last.
 */
interface StoredVisits {
  throughVersion: number;
  appendedId: string | null;
}

/** Reassembles a file from the items of its partition. */
function fileOf(items: Item[]): MeasureFile | null {
  let head: Head | null = null;
  const visits: Visit[] = [];
  const tasks: Task[] = [];
  for (const item of items) {
    switch (item.entity) {
      case 'measure':
        head = withoutKeys<Head>(item);
        break;
      case 'visit':
        visits.push(visitFromItem(item));
        break;
      case 'task': {
        const task = taskFromItem(item);
        if (task.status === 'open') tasks.push(task);
        break;
      }
    }
  }
  if (!head) return null;
  // Sort keys give visits by date; tasks by due date.
  tasks.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
  return { ...head, visits, tasks };
}

export interface MeasureWrite {
  /** The measure as read, visits included: what the statistics counted before the change. */
  before: Measure;
  change: MeasureChange;
  /** The version the change was computed from: the write lands only if it is still the stored one. */
  readVersion: number;
  /** The department's policy: it says when a deadline rule may next fire for the new state. */
  policy: DepartmentPolicy;
  /** The file's open tasks as read, to close those the change resolved and move them on a hand-over. */
  openTasks: Task[];
  journal: JournalEntry;
  /** The idempotency record of the request, given the file the write leaves. */
  idempotent?: ((file: MeasureFile) => IdempotentWrite | undefined) | undefined;
}

/** Measures: a measure's file, its lifecycle writes, lists by status and by worker. */
export class MeasureStore {
  constructor(private readonly table: Table) {}

  /** The whole file, with its open tasks, in one Query; null if there is no such measure. */
  async getFile(id: string): Promise<MeasureFile | null> {
    const items = await this.table.partition(keys.measurePartition(id), { sortPrefix: keys.measureFilePrefix, consistent: true });
    return fileOf(items);
  }

  /** The head alone (one GetItem), for what needs no record; `consistent` to see a write just made. */
  async get(id: string, options: { consistent?: boolean } = {}): Promise<MeasureSummary | null> {
    const item = await this.table.get(keys.measure(id), options);
    return item ? withoutKeys<MeasureSummary>(item) : null;
  }

  /** Measures of one status, newest first: every worker's, or one worker's. */
  async list(status: MeasureStatus, scope: { workerId: string } | 'all', options: ListOptions): Promise<Page<MeasureSummary>> {
    if (scope === 'all')
      return this.table.page<MeasureSummary>({ index: 'GSI1', partition: keys.measuresByStatus(status) }, options);
    return this.table.page<MeasureSummary>(
      { index: 'GSI2', partition: keys.measuresOfWorker(scope.workerId), sortPrefix: keys.measuresOfWorkerPrefix(status) },
      options,
    );
  }

  /**
   * Writes one lifecycle step in one transaction: the new head (only if the stored version is
   * still the one read), the record it appends, the tasks it resolves (marked done) or moves (on a
   * hand-over), the journal entry, the statistics marker (when the change alters what the measure
   * counts) and the idempotency record. A stale version is a
   * ConflictError; the caller decides whether to re-read and try again.
   */
  async write(write: MeasureWrite): Promise<MeasureFile> {
    const { change, readVersion, journal } = write;
    const { measure } = change;
    const partition = keys.measurePartition(measure.id);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table.name,
          Item: headItem(measure, nextActionableOn(measure, write.policy)),
          ConditionExpression: '#version = :readVersion',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':readVersion': readVersion },
        },
      },
    ];
    // Bilans and renewals are in the head; a visit is an item of its own.
    if (change.appended?.collection === 'visits') {
      const visit = change.appended.record;
      items.push({
        Put: {
          TableName: this.table.name,
          Item: {
            ...keys.measureVisit(measure.id, visit.date, visit.id),
            entity: 'visit',
            fileVersion: measure.version,
            ...visit,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    const now = journal.at;
    const tasks: Task[] = [];
    // Each task is rewritten only if still open as read: one its worker marked done in the
    // meantime is neither closed again nor reopened by a hand-over (the write is tried again).
    const whileOpen = {
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open' },
    };
    for (const task of write.openTasks) {
      if (change.resolvedTaskKinds.includes(task.kind) || change.resolvedTaskIds?.includes(task.id)) {
        // Its index entry moves from the assignee's open tasks to their done ones.
        items.push({
          Put: { TableName: this.table.name, Item: taskItem({ ...task, status: 'done', doneAt: now }), ...whileOpen },
        });
        continue;
      }
      // The open tasks of a measure are its worker's: they follow it to a new worker.
      const moved: Task =
        'workerId' in task.assignee && task.assignee.workerId !== measure.workerId
          ? { ...task, assignee: { workerId: measure.workerId } }
          : task;
      if (moved !== task) items.push({ Put: { TableName: this.table.name, Item: taskItem(moved), ...whileOpen } });
      tasks.push(moved);
    }
    items.push(journalPut(this.table.name, partition, journal));
    const marker = measureMarker(this.table.name, write.before, measure, write.policy, now);
    if (marker) items.push(marker);
    const file: MeasureFile = { ...measure, tasks };
    refuseOversizedFile(file, change.appended !== null);
    refuseOversizedHead(headOf(measure), change.appended !== null && change.appended.collection !== 'visits');
    const idempotent = write.idempotent?.({
      ...file,
      visits: {
        throughVersion: measure.version,
        appendedId: change.appended?.collection === 'visits' ? change.appended.record.id : null,
      } satisfies StoredVisits,
    } as unknown as MeasureFile);
    if (items.length + (idempotent ? 1 : 0) > maxTransactItems) throw new TooManyOpenTasksError(write.openTasks.length);
    await this.table.transact(items, { idempotent, onConditionFailed: () => new StaleMeasureError() });
    return file;
  }

  /**
   * The answer a write stored under its idempotency key, as it was first sent: the file it left,
   * its visits read again (those recorded up to its version, in the same order). An answer stored
   * whole (before visits were left out) is returned as it is.
   */
  async replay(stored: unknown): Promise<MeasureFile> {
    const answer = stored as MeasureFile;
    if (Array.isArray(answer.visits)) return answer;
    const { throughVersion, appendedId } = answer.visits as unknown as StoredVisits;
    const items = await this.table.partition(keys.measurePartition(answer.id), {
      sortPrefix: keys.measureVisitsPrefix,
      consistent: true,
    });
    // Visits stored before their version was kept all came before any answer stored this way.
    const recorded = items.filter((item) => typeof item.fileVersion !== 'number' || item.fileVersion <= throughVersion);
    const visits = recorded.filter((item) => item.id !== appendedId).map(visitFromItem);
    const appended = recorded.find((item) => item.id === appendedId);
    // Assigned, so that `visits` keeps its place among the file's fields.
    answer.visits = appended ? [...visits, visitFromItem(appended)] : visits;
    return answer;
  }
}

/**
 * A write that would rewrite more of the measure's open tasks (a hand-over moves them all) than one
 * DynamoDB transaction can carry.
 */
export class TooManyOpenTasksError extends PolicyViolationError {
  constructor(openTasks: number) {
    const message =
      `Cette mesure a ${openTasks} tâches ouvertes : plus qu’une seule opération ne peut en mettre à jour (au plus ${maxTransactItems - 5}). ` +
      'Marquez comme faites celles qui n’ont plus lieu d’être, puis recommencez.';
    super(message, [{ path: '', message }]);
  }
}

/** The measure changed between the read and the write. */
export class StaleMeasureError extends ConflictError {
  constructor() {
    super('Cette mesure a été modifiée entre-temps : rechargez-la avant de recommencer.');
  }
}
