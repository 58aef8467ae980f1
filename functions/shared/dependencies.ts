import { getConfig, getTableConfig } from '../../lib/config.js';
import { createDocumentClient } from '../../lib/store/client.js';
import { createStores, type Stores } from '../../lib/store/stores.js';

let stores: Stores | undefined;

/** One set of stores (and one DynamoDB client) per Lambda container, created on first use. */
export function getStores(): Stores {
  if (!stores) {
    const { region } = getConfig();
    const { tableName, dynamodbEndpoint } = getTableConfig();
    stores = createStores(createDocumentClient({ region, endpoint: dynamodbEndpoint }), tableName);
  }
  return stores;
}
