import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { routes, type RouteId } from '../../infra/manifest.js';
import { logger } from './logger.js';

/** True until this function container has answered its first request. */
let coldStart = true;

/**
 * One JSON line per request, as CloudWatch Logs Insights reads it: the request ids, the route,
 * the caller's id (never a name), the status, the duration and whether the container was cold.
 * Written by hand rather than with Powertools Logger, whose weight the bundle goal cannot carry.
 */
export function withRequestLog(
  route: RouteId,
  handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>,
  /** The caller's id as the chain read it from the verified claims; null when there was none. */
  callerIdOf: (event: APIGatewayProxyEvent) => string | null,
) {
  const { method, path } = routes[route];
  return async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const started = performance.now();
    const cold = coldStart;
    coldStart = false;
    const result = await handler(event, context);
    logger.info('request', {
      requestId: context?.awsRequestId,
      gatewayRequestId: event.requestContext?.requestId,
      route: `${method} ${path}`,
      callerId: callerIdOf(event),
      status: result.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      coldStart: cold,
    });
    return result;
  };
}
