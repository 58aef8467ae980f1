import { notInDirectoryMessage } from '../lib/domain/staff-rules.js';
import { NotFoundError } from '../lib/errors.js';
import { StaffStore } from '../lib/store/staff.js';
import { getMe } from './contracts/get-me.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';

/**
 * `GET /me`: the caller's own entry of the staff directory, whatever their group, so that anyone
 * can see their own settings (task emails on or off) without reading the whole directory.
 */
export const handler = apiHandler(getMe, async (request) => {
  const member = await getStore(StaffStore).get(request.caller.id);
  if (!member) throw new NotFoundError(notInDirectoryMessage);
  return member;
});
