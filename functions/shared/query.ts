import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { parseOrThrow } from '../../lib/domain/validation.js';

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

/** A reader of the pagination parameters and the list's own filters, checked together (422 naming each one). */
export function listQuery<Shape extends z.core.$ZodShape>(filters: Shape) {
  const schema = z.object({ ...pagination, ...filters });
  return (event: APIGatewayProxyEvent) => parseOrThrow(schema, event.queryStringParameters ?? {});
}

/** A path parameter, or null when it cannot name anything that exists (the caller answers 404). */
export function pathId(event: APIGatewayProxyEvent): string | null {
  const id = event.pathParameters?.id;
  return id && /^[0-9a-f-]{36}$/.test(id) ? id : null;
}
