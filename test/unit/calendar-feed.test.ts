import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { apiBaseUrl } from '../../functions/shared/api-base-url.js';
import { feedTokenHash, feedTokenOf, feedUrl, newFeedToken } from '../../lib/domain/calendar-feed.js';

describe('a calendar feed token', () => {
  it('is 32 random bytes in canonical base64url, never twice the same', () => {
    const tokens = Array.from({ length: 200 }, newFeedToken);
    expect(new Set(tokens).size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url').toString('base64url')).toBe(token);
      expect(feedTokenOf(token)).toBe(token);
    }
  });

  it('is read from a path segment with or without .ics, and from nothing else', () => {
    const token = randomBytes(32).toString('base64url');
    expect(feedTokenOf(`${token}.ics`)).toBe(token);
    expect(feedTokenOf(token)).toBe(token);
    for (const segment of [
      undefined,
      '',
      token.slice(1),
      `${token}A`,
      `${token}.ICS`,
      `${token}.ics.ics`,
      `${token.slice(0, 42)}B`,
      `${token.slice(0, 42)}=`,
      randomBytes(32).toString('base64'),
      `${token.slice(0, 41)}+${token.at(-1)}`,
    ]) {
      expect(feedTokenOf(segment), segment).toBeNull();
    }
  });

  it('is stored as the SHA-256 of its bytes, in base64url', () => {
    const bytes = randomBytes(32);
    expect(feedTokenHash(bytes.toString('base64url'))).toBe(createHash('sha256').update(bytes).digest('base64url'));
  });

  it('makes an address under the API’s base URL, ending in .ics', () => {
    expect(feedUrl('https://abc.execute-api.eu-west-3.amazonaws.com/v1/', 'T0K')).toBe(
      'https://abc.execute-api.eu-west-3.amazonaws.com/v1/calendar/T0K.ics',
    );
  });
});

describe('the API base URL a feed address is built on', () => {
  const event = (requestContext: Record<string, unknown>, headers: Record<string, string>, path = '/calendar-feed') =>
    ({ path, headers, requestContext }) as unknown as APIGatewayProxyEvent;

  it('is the execute-api domain with its stage on AWS, in HTTPS', () => {
    const aws = event(
      { domainName: 'abc123.execute-api.eu-west-3.amazonaws.com', path: '/v1/calendar-feed', stage: 'v1' },
      { Host: 'abc123.execute-api.eu-west-3.amazonaws.com', 'X-Forwarded-Proto': 'https' },
    );
    expect(apiBaseUrl(aws, '/calendar-feed')).toBe('https://abc123.execute-api.eu-west-3.amazonaws.com/v1');
  });

  it('is the local gateway’s host, in plain HTTP, without a stage', () => {
    const local = event({ path: '/calendar-feed' }, { host: '127.0.0.1:3000', 'x-forwarded-proto': 'http' });
    expect(apiBaseUrl(local, '/calendar-feed')).toBe('http://127.0.0.1:3000');
  });
});
