import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { parseTaskId } from '../../lib/domain/task.js';

const limitMessage = 'Le paramètre limit doit être un nombre entier entre 1 et 100.';

/** `?limit=` (1–100, default 25) and `?cursor=`, as every list of API.md takes them. */
const pagination = {
  limit: z._default(
    z.coerce
      .number({ error: limitMessage })
      .check(z.int({ error: limitMessage }), z.minimum(1, { error: limitMessage }), z.maximum(100, { error: limitMessage })),
    25,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};

/** The schema of a list's query: the pagination parameters and the list's own filters (422 naming each one). */
export function listQuery<Shape extends z.core.$ZodShape>(filters: Shape) {
  return z.object({ ...pagination, ...filters });
}

/** A path parameter, or null when it cannot name anything that exists (the caller answers 404). */
export function pathId(event: APIGatewayProxyEvent): string | null {
  const id = event.pathParameters?.id;
  return id && /^[0-9a-f-]{36}$/.test(id) ? id : null;
}

/** A task id in the path (`<kind>.<subjectId>[.<qualifier>]`, not a UUID), or null when no task can have it (404). */
export function pathTaskId(event: APIGatewayProxyEvent): string | null {
  const id = event.pathParameters?.id;
  return id && parseTaskId(id) ? id : null;
}
