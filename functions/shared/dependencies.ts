import { getConfig, getTableConfig } from '../../lib/config.js';
import { createDocumentClient } from '../../lib/store/client.js';
import { StaffStore } from '../../lib/store/staff.js';
import { Table } from '../../lib/store/table.js';
import { provideStaffDirectory } from './staff-directory.js';

let table: Table | undefined;
const stores = new Map<new (table: Table) => unknown, unknown>();

/** The table (and its one DynamoDB client) of this Lambda container, created on first use. */
export function getTable(): Table {
  if (!table) {
    const { region } = getConfig();
    const { tableName, dynamodbEndpoint } = getTableConfig();
    table = new Table(createDocumentClient({ region, endpoint: dynamodbEndpoint }), tableName);
  }
  return table;
}

/**
 * One aggregate's store over the container's table. A handler names the stores it uses, so that
 * its bundle carries those and no other (bundle size is a goal: see bench/).
 */
export function getStore<S>(Store: new (table: Table) => S): S {
  let store = stores.get(Store) as S | undefined;
  if (!store) {
    store = new Store(getTable());
    stores.set(Store, store);
  }
  return store;
}

// Every protected route that reads the table checks its caller against the directory (api-handler.ts).
provideStaffDirectory((staffId) => getStore(StaffStore).get(staffId));
