import { health } from './contracts/health.js';
import { apiHandler } from './shared/api-handler.js';
import { getTable } from './shared/dependencies.js';
import { logger } from './shared/logger.js';

/** Longer than a healthy read ever takes, short enough for a load balancer's or a person's patience. */
const probeTimeoutMs = 1500;

/** API.md: `{"status":"ok"}`, or 503 `{"status":"unavailable"}` while the database cannot be reached. */
export const handler = apiHandler(
  health,
  async () => {
    try {
      await getTable().probe(probeTimeoutMs);
      return { status: 'ok' as const };
    } catch (error) {
      logger.error('health check: database unreachable', {
        error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      return { status: 'unavailable' as const };
    }
  },
  (result) => ({ statusCode: result.status === 'ok' ? 200 : 503, body: result }),
);
