import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  system = await startTestRuntime('meuse');
});
afterAll(async () => system.stop());

type Json = Record<string, unknown>;

/** Paths of the required leaves and blocks of a referral: removing any one makes it invalid. */
const requiredPaths = [
  ['referrer'],
  ['referrer', 'kind'],
  ['referrer', 'name'],
  ['household'],
  ['household', 'contact', 'lastName'],
  ['household', 'contact', 'firstName'],
  ['household', 'adults'],
  ['household', 'children'],
  ['household', 'address', 'postcode'],
  ['household', 'address', 'commune'],
  ['housing', 'occupancyStatus'],
  ['difficulties'],
  ['orientation'],
  ['exclusions', 'protectionMeasure'],
  ['consent', 'householdAgrees'],
  ['consent', 'privacyNoticeAccepted'],
];

function setAt(target: Json, path: string[], value: unknown | typeof remove): Json {
  const copy = structuredClone(target);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  const last = path.at(-1)!;
  if (value === remove) delete node[last];
  else node[last] = value;
  return copy;
}
const remove = Symbol('remove');

/** A value that no required field of the referral accepts (wrong type or out of every enumeration). */
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.record({ nested: fc.string() }),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.constantFrom('', '   '),
  fc.double({ noNaN: true }).filter((number) => !Number.isInteger(number)),
);

const invalidBodies: fc.Arbitrary<{ text: string; contentType: string }> = fc.oneof(
  // A required field removed.
  fc.constantFrom(...requiredPaths).map((path) => ({
    text: JSON.stringify(setAt(validReferral() as unknown as Json, path, remove)),
    contentType: 'application/json',
  })),
  // A required field given a value of the wrong kind.
  fc.tuple(fc.constantFrom(...requiredPaths.filter((path) => path.length > 1)), wrongValue).map(([path, value]) => ({
    text: JSON.stringify(setAt(validReferral() as unknown as Json, path, value)),
    contentType: 'application/json',
  })),
  // An unknown field, at the top or inside a block.
  fc
    .tuple(
      fc.constantFrom([], ['household'], ['housing'], ['referrer'], ['consent']),
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.jsonValue(),
    )
    .filter(
      ([, key]) =>
        ![
          'referrer',
          'household',
          'housing',
          'difficulties',
          'orientation',
          'exclusions',
          'consent',
          'message',
          'kind',
          'organisation',
          'name',
          'email',
          'phone',
          'contact',
          'adults',
          'children',
          'address',
          'occupancyStatus',
          'landlordType',
          'monthlyRent',
          'arrearsAmount',
          'evictionStage',
          'householdAgrees',
          'privacyNoticeAccepted',
          '__proto__',
        ].includes(key),
    )
    .map(([block, key, value]) => ({
      text: JSON.stringify(setAt(validReferral() as unknown as Json, [...block, `x_${key}`], value)),
      contentType: 'application/json',
    })),
  // Any JSON at all that is not an object shaped like a referral.
  fc.jsonValue().map((value) => ({ text: JSON.stringify(value) ?? 'null', contentType: 'application/json; charset=utf-8' })),
  // Text that is not JSON.
  fc
    .string({ maxLength: 200 })
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map((text) => ({ text, contentType: 'application/json' })),
  // A valid referral sent with a content type that is not JSON.
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/jsonx',
      '',
    )
    .map((contentType) => ({ text: JSON.stringify(validReferral()), contentType })),
);

const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});

describe('property: no malformed request is ever stored or answered with a 5xx', () => {
  it('answers 4xx to 1,000 generated malformed bodies and headers, and the table gains no item', async () => {
    const before = await system.countItems();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        invalidBodies,
        fc.option(headerText, { nil: undefined }),
        fc.option(headerText, { nil: undefined }),
        async (body, idempotencyKey, authorization) => {
          const headers: Record<string, string> = {};
          if (body.contentType) headers['content-type'] = body.contentType;
          if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
          if (authorization !== undefined) headers.authorization = authorization;
          const answer = await system.request('POST', '/referrals', { rawBody: body.text, headers });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          expect(answer.status, `${body.contentType} ${body.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(answer.body.error.message).toEqual(expect.any(String));
        },
      ),
      { numRuns: 1000 },
    );
    expect(await system.countItems()).toBe(before);
    // The generators reach every kind of refusal.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 415, 422]));
  });
});
