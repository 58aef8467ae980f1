import type { APIGatewayProxyEvent } from 'aws-lambda';
import { idTokenValiditySeconds, tokenClockSkewSeconds } from '../../infra/manifest.js';
import { groups as knownGroups, type Caller, type Group } from '../../lib/identity.js';

export type { Caller };

/*
 * What API Gateway REST's Cognito user-pool authorizer puts in `requestContext.authorizer.claims`
 * for a Lambda proxy integration: every claim a string.
 * - `cognito:groups`: the bare name for one group ("team_manager", re:Post question
 *   QUFJRBaEJRSmmqarNrvCWoQA, "AWS Cognito Group"), the names joined by commas for several: AWS's own
 *   Amplify AdminQueries function, behind a REST API with this authorizer, reads it with
 *   `claims['cognito:groups'].split(',')` (aws-amplify/amplify-cli,
 *   packages/amplify-category-auth/resources/adminAuth/admin-auth-app.js). The bracketed,
 *   space-separated form "[a b]" is the HTTP API JWT authorizer's (`authorizer.jwt.claims`,
 *   aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock#802), not this API's.
 * - `exp`, `iat`: Java's `Date.toString()` in UTC, "Tue Apr 04 18:39:39 UTC 2023" (the same re:Post
 *   question; amazon-archives/amazon-cognito-identity-js#92 shows "Fri Jul 29 18:52:53 UTC 2016").
 *
 * Cognito allows commas in a group name (CreateGroup: [\p{L}\p{M}\p{S}\p{N}\p{P}]+), so a group
 * "worker,manager" would read as two: the CDK app refuses such names and creates exactly the
 * manifest's groups, so a token the pool signs cannot hold one.
 */

/** Each comma-separated name, taken whole: no trimming, no brackets, only the manifest's exact names. */
function parseGroups(raw: unknown): Group[] {
  if (typeof raw !== 'string' || raw.length === 0) return [];
  return raw.split(',').filter((name): name is Group => (knownGroups as readonly string[]).includes(name));
}

const javaDate =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Seconds since the epoch of a date claim as the authorizer writes it; null for any other form. */
function claimDate(raw: unknown): number | null {
  const parts = typeof raw === 'string' ? javaDate.exec(raw) : null;
  if (!parts) return null;
  const [, month, day, hours, minutes, seconds, year] = parts;
  const epochMs = Date.UTC(
    Number(year),
    monthNames.indexOf(month!),
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
  );
  return Number.isNaN(epochMs) ? null : epochMs / 1000;
}

/**
 * Defence in depth behind the authorizer (which checks the signature and `exp`): a token must say
 * when it was issued and when it expires, be unexpired, live no longer than the pool issues ID tokens
 * for, and not be issued in the future beyond a small clock skew.
 */
function lifetimeIsSound(claims: Record<string, unknown>, nowSeconds: number): boolean {
  const exp = claimDate(claims.exp);
  const iat = claimDate(claims.iat);
  if (exp === null || iat === null) return false;
  return (
    exp - iat <= idTokenValiditySeconds && exp + tokenClockSkewSeconds > nowSeconds && iat <= nowSeconds + tokenClockSkewSeconds
  );
}

/** Who is calling, from the claims the authorizer verified; null when there are none or they do not hold. */
export function callerOf(event: APIGatewayProxyEvent, now = new Date()): Caller | null {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  if (!claims) return null;
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) return null;
  if (!lifetimeIsSound(claims, now.getTime() / 1000)) return null;
  // Cognito chooses `sub` itself; the staff id is the username the directory opened the account
  // under (`PUT /staff/{id}`), which ID tokens carry as `cognito:username`. Locally both are equal.
  const username = claims['cognito:username'];
  const id = typeof username === 'string' && username.length > 0 ? username : sub;
  return { id, groups: parseGroups(claims['cognito:groups']) };
}
