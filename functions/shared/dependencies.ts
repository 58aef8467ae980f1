import { getConfig, getTableConfig } from '../../lib/config.js';
import { AsllStore } from '../../lib/store/asll-store.js';
import { createDocumentClient } from '../../lib/store/client.js';

let store: AsllStore | undefined;

/** One store (and one DynamoDB client) per Lambda container, created on first use. */
export function getStore(): AsllStore {
  if (!store) {
    const { region } = getConfig();
    const { tableName, dynamodbEndpoint } = getTableConfig();
    store = new AsllStore(createDocumentClient({ region, endpoint: dynamodbEndpoint }), tableName);
  }
  return store;
}
