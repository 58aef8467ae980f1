import type { APIGatewayProxyEvent } from 'aws-lambda';
import { header } from './api-handler.js';

/**
 * The API's base URL as the client reached it, for an address the API serves itself (the calendar
 * feed: the web pages' origin is CloudFront's, which serves no API route). The host is API
 * Gateway's domain name; the base path is what the full request path (`requestContext.path`,
 * `/v1/calendar-feed` on the execute-api endpoint) holds before the route's own path. API Gateway
 * sets `X-Forwarded-Proto` (`https`); the local gateway says `http`.
 */
export function apiBaseUrl(event: APIGatewayProxyEvent, routePath: string): string {
  const host = event.requestContext.domainName ?? header(event, 'host');
  if (!host) throw new Error('request without a host: no address can be built');
  const scheme = header(event, 'x-forwarded-proto')?.toLowerCase() === 'http' ? 'http' : 'https';
  const fullPath = event.requestContext.path ?? event.path;
  const basePath = fullPath.endsWith(routePath) ? fullPath.slice(0, fullPath.length - routePath.length) : '';
  return `${scheme}://${host}${basePath}`;
}
