import { z } from '../../lib/domain/validation.js';
import { parseOrThrow } from '../../lib/domain/validation.js';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** `?limit=` (1–100, default 25) and `?cursor=`, as every list of API.md takes them. */
const paginationSchema = z.object({
  limit: z.coerce
    .number({ error: 'Le paramètre limit doit être un nombre entier entre 1 et 100.' })
    .int({ error: 'Le paramètre limit doit être un nombre entier entre 1 et 100.' })
    .min(1, { error: 'Le paramètre limit doit être un nombre entier entre 1 et 100.' })
    .max(100, { error: 'Le paramètre limit doit être un nombre entier entre 1 et 100.' })
    .default(25),
  cursor: z.string().min(1).max(2048).optional(),
});

export function queryParameters<S extends z.ZodObject>(event: APIGatewayProxyEvent, schema: S) {
  const merged = paginationSchema.extend(schema.shape);
  return parseOrThrow(merged, event.queryStringParameters ?? {}) as z.output<typeof paginationSchema> & z.output<S>;
}

/** A path parameter, or a 404 when it cannot name anything that exists. */
export function pathId(event: APIGatewayProxyEvent): string | null {
  const id = event.pathParameters?.id;
  return id && /^[0-9a-f-]{36}$/.test(id) ? id : null;
}
