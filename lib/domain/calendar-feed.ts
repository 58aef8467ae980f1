import { createHash, randomBytes } from 'node:crypto';

/**
 * A worker's private calendar feed: an unguessable URL, `<api>/calendar/<token>.ics`. The token is
 * 256 random bits in base64url (43 characters, no padding); only its SHA-256 is stored, so that a
 * copy of the table hands out no feed. A plain hash, neither salted nor slow: the token is random,
 * not a password, and a lookup by hash compares nothing in user-controlled time.
 */

export const feedTokenBytes = 32;

/**
 * A canonical base64url encoding of 32 bytes: 42 free characters, then one that carries the last 4
 * bits (its 2 low bits zero), optionally followed by `.ics`, the suffix calendar apps like to see.
 */
const feedSegmentPattern = /^([A-Za-z0-9_-]{42}[AEIMQUYcgkosw048])(?:\.ics)?$/;

/** A fresh token (node:crypto's CSPRNG). */
export function newFeedToken(): string {
  return randomBytes(feedTokenBytes).toString('base64url');
}

/** The token a path segment carries (`<token>` or `<token>.ics`); null when no token can be written so. */
export function feedTokenOf(segment: string | undefined): string | null {
  return feedSegmentPattern.exec(segment ?? '')?.[1] ?? null;
}

/** What the table keeps of a token: the SHA-256 of its 32 bytes, in base64url. */
export function feedTokenHash(token: string): string {
  return createHash('sha256').update(Buffer.from(token, 'base64url')).digest('base64url');
}

/** The feed's address under the API's base URL (no trailing slash). */
export function feedUrl(apiBaseUrl: string, token: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/calendar/${token}.ics`;
}

/** What a worker may know of their feed: whether one is live and since when; never the token. */
export interface CalendarFeedStatus {
  active: boolean;
  createdAt: string | null;
}
