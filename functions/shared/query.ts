import * as z from 'zod/mini';

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
