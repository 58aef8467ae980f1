import { listStaff } from './contracts/list-staff.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';
import { StaffStore } from '../lib/store/staff.js';

export const handler = apiHandler(listStaff, async (request) => {
  const { group, limit, cursor } = request.query;
  return getStore(StaffStore).list({ group }, { limit, cursor });
});
