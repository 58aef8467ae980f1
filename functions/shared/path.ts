import type { APIGatewayProxyEvent } from 'aws-lambda';
import { parseTaskId } from '../../lib/domain/task.js';

// Apart from query.ts: a route that reads an id in its path does not build the lists' pagination schema.

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
