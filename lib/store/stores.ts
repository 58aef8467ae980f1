import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CalendarFeedStore } from './calendar-feeds.js';
import { findStoredResult, type IdempotencyRequest } from './idempotency.js';
import { JournalStore } from './journal.js';
import { MeasureStore } from './measures.js';
import { ReferralStore } from './referrals.js';
import { StaffStore } from './staff.js';
import { Table } from './table.js';
import { TaskStore } from './tasks.js';

/** Every aggregate's store over the one table. */
export function createStores(client: DynamoDBDocumentClient, tableName: string) {
  const table = new Table(client, tableName);
  return {
    table,
    referrals: new ReferralStore(table),
    measures: new MeasureStore(table),
    journal: new JournalStore(table),
    tasks: new TaskStore(table),
    staff: new StaffStore(table),
    calendarFeeds: new CalendarFeedStore(table),
    idempotency: { find: (request: IdempotencyRequest, now: Date) => findStoredResult(table, request, now) },
  };
}

export type Stores = ReturnType<typeof createStores>;
