import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK } from 'jose';
import type { Group } from '../manifest.js';

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
  mkdirSync(directory, { recursive: true });
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
  /** Lifetime in seconds; Cognito's ID tokens default to one hour, locally a working day. */
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
    .setExpirationTime(issuedAt + (request.lifetimeSeconds ?? 12 * 60 * 60))
    .sign(privateKey);
}

/**
 * Verifies a bearer token as the Cognito authorizer would and returns the claims as API Gateway
 * passes them to a REST integration: every claim a string, groups joined by commas.
 */
export async function verifyToken(keys: IssuerKeys, token: string): Promise<Record<string, string> | null> {
  try {
    const publicKey = await importJWK(keys.publicJwk, algorithm);
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: localIssuer,
      audience: localAudience,
      algorithms: [algorithm],
    });
    if (payload.token_use !== 'id' || typeof payload.sub !== 'string') return null;
    const claims: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload)) {
      claims[name] = Array.isArray(value) ? value.join(',') : String(value);
    }
    return claims;
  } catch {
    return null;
  }
}
