import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';
import type { ListOptions, Table, TransactItem } from './table.js';
import type { Page } from './pagination.js';

/**
 * One line of a file's journal (CNIL délibération 2021-122): who, with which groups, when, did
 * what, through which route. It names no household: the file it belongs to is its partition.
 */
export interface JournalEntry {
  at: string;
  /** The caller's staff id, or `public` for the public form. */
  actor: string;
  groups: string[];
  /** `read`, or the write's name (`received`, `decided`, `contract`, `visit`…). */
  action: string;
  /** Method and resource path, e.g. `GET /measures/{id}`. */
  route: string;
}

function journalItem(subjectPartition: string, entry: JournalEntry) {
  return { ...keys.journal(subjectPartition, entry.at, randomUUID()), entity: 'journal', ...entry };
}

/** The journal entry of a write, to join that write's transaction. */
export function journalPut(tableName: string, subjectPartition: string, entry: JournalEntry): TransactItem {
  return { Put: { TableName: tableName, Item: journalItem(subjectPartition, entry) } };
}

export class JournalStore {
  constructor(private readonly table: Table) {}

  /**
   * Records reads: one entry per file read. Single puts, side by side, rather than a batch write:
   * the functions' role then never holds BatchWriteItem, which could delete.
   */
  async recordReads(subjectPartitions: string[], entry: JournalEntry): Promise<void> {
    await Promise.all(
      subjectPartitions.map((partition) =>
        this.table.client.send(new PutCommand({ TableName: this.table.name, Item: journalItem(partition, entry) })),
      ),
    );
  }

  /** A file's journal, oldest first. */
  async list(subjectPartition: string, options: ListOptions): Promise<Page<JournalEntry>> {
    return this.table.page<JournalEntry>(
      { partition: subjectPartition, sortPrefix: keys.journalPrefix, ascending: true },
      options,
    );
  }
}
