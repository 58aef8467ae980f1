import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Group } from '../../infra/manifest.js';
import { groups as knownGroups } from '../../infra/manifest.js';

export interface Caller {
  /** Cognito `sub`: a worker's identity. */
  id: string;
  groups: Group[];
}

/**
 * API Gateway's Cognito authorizer hands claims over as strings; `cognito:groups` arrives as
 * "manager", "a,b", "[a b]" or, from some emulators, an array. All are read the same way.
 */
function parseGroups(raw: unknown): Group[] {
  const names = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  return names.filter((name): name is Group => (knownGroups as readonly string[]).includes(name));
}

/** Who is calling, from the claims the authorizer verified; null when there are none. */
export function callerOf(event: APIGatewayProxyEvent): Caller | null {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) return null;
  return { id: sub, groups: parseGroups(claims?.['cognito:groups']) };
}
