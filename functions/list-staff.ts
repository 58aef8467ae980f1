import { listStaff } from './contracts/list-staff.js';
import { apiHandler } from './shared/api-handler.js';
import { getStores } from './shared/dependencies.js';

export const handler = apiHandler(listStaff, async (request) => {
  const { group, limit, cursor } = request.query;
  return getStores().staff.list({ group }, { limit, cursor });
});
