import type { StaffMember } from '../lib/domain/staff.js';
import { notInDirectoryMessage } from '../lib/domain/staff-rules.js';
import { NotFoundError } from '../lib/errors.js';
import { StaffStore } from '../lib/store/staff.js';
import { setEmailNotifications } from './contracts/set-email-notifications.js';
import { getStore } from './shared/dependencies.js';
import { writeHandler } from './shared/write-handler.js';

/**
 * `PUT /me/email-notifications`: a staff member switches the emails of new tasks on or off for
 * themselves (the deadlines job then sends them none; their tasks are still in `GET /tasks`).
 */
export const handler = writeHandler(setEmailNotifications, async (request): Promise<StaffMember> => {
  const staff = getStore(StaffStore);
  const member = await staff.get(request.caller.id);
  if (!member) throw new NotFoundError(notInDirectoryMessage);
  const updated: StaffMember = { ...member, emailNotifications: request.body.enabled, updatedAt: request.now.toISOString() };
  await staff.put(updated, member, request.idempotent(updated));
  return updated;
});
