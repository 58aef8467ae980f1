import { getConfig } from '../../lib/config.js';
import { AsllStore } from '../../lib/store/asll-store.js';
import { createDocumentClient } from '../../lib/store/client.js';

let store: AsllStore | undefined;

/** One store (and one DynamoDB client) per Lambda container, created on first use. */
export function getStore(): AsllStore {
  if (!store) {
    const config = getConfig();
    store = new AsllStore(createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }), config.tableName);
  }
  return store;
}

export { getConfig };
