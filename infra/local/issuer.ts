import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK } from 'jose';
import type { Group } from '../../lib/identity.js';
import { idTokenValiditySeconds, tokenClockSkewSeconds } from '../manifest.js';

/**
 * The local stand-in for a Cognito user pool: one signing key kept under the data directory,
 * tokens shaped like Cognito ID tokens, and the verification the API Gateway authorizer does.
 */
export const localIssuer = 'https://cognito-idp.localhost/asll-local';
export const localAudience = 'asll-local-client';
const algorithm = 'ES256';

export interface IssuerKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function createKeys(): Promise<IssuerKeys> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const kid = `asll-local-${Date.now().toString(36)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: algorithm, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' },
  };
}

/** The data directory's issuer keys, created on first use (exclusively, so two starters agree). */
export async function loadOrCreateIssuerKeys(dataDirectory: string): Promise<IssuerKeys> {
  const directory = join(dataDirectory, 'issuer');
  const file = join(directory, 'keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as IssuerKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const keys = await createKeys();
  try {
    writeFileSync(file, JSON.stringify(keys), { flag: 'wx', mode: 0o600 });
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as IssuerKeys;
  }
}

export async function createEphemeralIssuerKeys(): Promise<IssuerKeys> {
  return createKeys();
}

export interface TokenRequest {
  sub: string;
  groups: Group[];
  email?: string | undefined;
  name?: string | undefined;
  /** Lifetime in seconds: the manifest's `idTokenValiditySeconds`, as Cognito's web client issues them. */
  lifetimeSeconds?: number;
}

export async function mintToken(keys: IssuerKeys, request: TokenRequest, now = new Date()): Promise<string> {
  const privateKey = await importJWK(keys.privateJwk, algorithm);
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    'cognito:groups': request.groups,
    // As in Cognito's ID tokens; the local username is the sub, where on AWS it is the staff id.
    'cognito:username': request.sub,
    token_use: 'id',
    ...(request.email ? { email: request.email } : {}),
    ...(request.name ? { name: request.name } : {}),
  })
    .setProtectedHeader({ alg: algorithm, kid: keys.privateJwk.kid!, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (request.lifetimeSeconds ?? idTokenValiditySeconds))
    .sign(privateKey);
}

const weekDays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * A NumericDate claim (`exp`, `iat`) as the REST API's Cognito authorizer writes it in the claims it
 * passes on: Java's `Date.toString()` in UTC, e.g. "Tue Apr 04 18:39:39 UTC 2023" (see
 * functions/shared/caller.ts for the sources).
 */
export function authorizerDate(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map(twoDigits).join(':');
  return `${weekDays[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${twoDigits(date.getUTCDate())} ${time} UTC ${date.getUTCFullYear()}`;
}

/**
 * Verifies a bearer token as the Cognito authorizer would, and more strictly: a token must say when
 * it was issued and when it expires, may not live longer than the pool issues tokens for, and may not
 * be issued in the future beyond a small clock skew. Returns the claims as API Gateway REST passes
 * them to a Lambda proxy integration: every claim a string, `exp` and `iat` as dates, groups joined
 * by commas. A group name that holds a comma cannot be joined without reading as several groups
 * (Cognito would allow such a name; this pool, like the CDK app's, holds only the manifest's): such a
 * claim is left out rather than passed with another meaning.
 */
export async function verifyToken(keys: IssuerKeys, token: string, now = new Date()): Promise<Record<string, string> | null> {
  try {
    const publicKey = await importJWK(keys.publicJwk, algorithm);
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: localIssuer,
      audience: localAudience,
      algorithms: [algorithm],
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    if (payload.token_use !== 'id' || typeof payload.sub !== 'string') return null;
    const { exp, iat } = payload;
    if (typeof exp !== 'number' || typeof iat !== 'number') return null;
    if (exp - iat > idTokenValiditySeconds) return null;
    if (iat > now.getTime() / 1000 + tokenClockSkewSeconds) return null;
    const claims: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload)) {
      if (name === 'exp' || name === 'iat') claims[name] = authorizerDate(value as number);
      else if (name === 'cognito:groups') {
        const names = Array.isArray(value) ? value : [];
        if (names.length > 0 && names.every((group) => typeof group === 'string' && !group.includes(','))) {
          claims[name] = names.join(',');
        }
      } else claims[name] = Array.isArray(value) ? value.join(',') : String(value);
    }
    return claims;
  } catch {
    return null;
  }
}
