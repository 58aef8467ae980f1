import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { table } from '../../infra/manifest.js';
import { ensureTable } from '../../infra/local/table.js';
import { localRegion } from '../../infra/local/runtime.js';
import { createStores } from '../../lib/store/stores.js';
import { createClient, createDocumentClient } from '../../lib/store/client.js';
import type { Visit } from '../../lib/domain/measure.js';
import type { JournalEntry } from '../../lib/store/journal.js';
import { keys } from '../../lib/store/keys.js';
import type { Table } from '../../lib/store/table.js';

/** A fresh table of the manifest's shape in the run's DynamoDB Local, for one test file. */
export async function freshTable() {
  const endpoint = inject('dynamodbEndpoint');
  const tableName = `asll-test-${randomUUID()}`;
  const client = createClient({ region: localRegion, endpoint });
  await ensureTable(client, tableName, table);
  const documentClient = createDocumentClient({ region: localRegion, endpoint });
  return {
    endpoint,
    tableName,
    stores: createStores(documentClient, tableName),
    /** Every item of the table (tests only: the application never scans). */
    async countItems(): Promise<number> {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: startKey as never }),
        );
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    },
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
      documentClient.destroy();
    },
  };
}

/** A journal entry as a route would pass it to the store, by a worker unless `actor` says otherwise. */
export function journalEntry(action: string, actor = 'w-1'): JournalEntry {
  return {
    at: new Date().toISOString(),
    actor,
    groups: actor === 'public' ? [] : ['worker'],
    action,
    route: 'POST /test',
  };
}

/**
 * Stores visits straight into a measure's partition, as so many writes at `fileVersion` would have
 * (the items `MeasureStore.write` puts): a big file in seconds.
 */
export async function storeVisitItems(table: Table, measureId: string, fileVersion: number, visits: readonly Visit[]) {
  for (let start = 0; start < visits.length; start += 50)
    await Promise.all(
      visits.slice(start, start + 50).map((visit) =>
        table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...keys.measureVisit(measureId, visit.date, visit.id), entity: 'visit', fileVersion, ...visit },
          }),
        ),
      ),
    );
}
