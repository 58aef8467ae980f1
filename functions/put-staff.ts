import type { APIGatewayProxyEvent } from 'aws-lambda';
import { demotesAdmin, lastAdminMessage, putStaffMember, type StaffMember } from '../lib/domain/staff.js';
import { staffIdProblem } from '../lib/domain/staff-rules.js';
import { PolicyViolationError, ValidationError } from '../lib/errors.js';
import { putStaff } from './contracts/put-staff.js';
import { getStore } from './shared/dependencies.js';
import { getStaffIdentities } from './shared/staff-identities.js';
import { writeHandler } from './shared/write-handler.js';
import { StaffStore } from '../lib/store/staff.js';

interface PutResult {
  created: boolean;
  member: StaffMember;
}

/** The `{id}` of the path: the id the member's tokens carry; 422 when it could not be one, or is reserved. */
function staffId(event: APIGatewayProxyEvent): string {
  const id = event.pathParameters?.id ?? '';
  const problem = staffIdProblem(id);
  if (problem) throw new ValidationError([{ path: 'id', message: problem }]);
  return id;
}

/** Whether someone other than `id` is an active admin. */
async function anotherActiveAdmin(staff: StaffStore, id: string): Promise<boolean> {
  return (await staff.activeMembers('admin')).some((member) => member.id !== id);
}

export const handler = writeHandler(
  putStaff,
  async (request): Promise<PutResult> => {
    const staff = getStore(StaffStore);
    const id = staffId(request.event);
    const existing = await staff.get(id);
    const member = putStaffMember(id, request.body, existing, request.now);
    if (demotesAdmin(existing, member) && !(await anotherActiveAdmin(staff, id)))
      throw new PolicyViolationError(lastAdminMessage);
    // The account first: when the directory write fails after it, the same request run again
    // converges; the other way round, a replayed idempotency key would never reach the account.
    await getStaffIdentities().upsert(member);
    const result = { created: existing === null, member };
    await staff.put(member, existing, request.idempotent(result));
    return result;
  },
  (result) => ({ statusCode: result.created ? 201 : 200, body: result.member }),
);
