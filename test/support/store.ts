import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { table } from '../../infra/manifest.js';
import { ensureTable } from '../../infra/local/table.js';
import { localRegion } from '../../infra/local/runtime.js';
import { createStores } from '../../lib/store/stores.js';
import { createClient, createDocumentClient } from '../../lib/store/client.js';
import type { JournalEntry } from '../../lib/store/journal.js';

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
