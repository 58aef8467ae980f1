import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralBodySchema } from '../../lib/domain/referral.js';
import { anyNumber, anyText, numberPaths, textPaths, valueAt, withValueAt } from '../support/arbitraries.js';
import { validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  system = await startTestRuntime('meuse');
});
afterAll(async () => system.stop());

const oddValue = fc.oneof(fc.tuple(fc.constantFrom(...numberPaths), anyNumber), fc.tuple(fc.constantFrom(...textPaths), anyText));

/** How the body is declared: mostly plain JSON, sometimes another charset or an encoding the API does not decode. */
const declaration = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ contentType: 'application/json', encoding: undefined as string | undefined }) },
  {
    weight: 1,
    arbitrary: fc.record({
      contentType: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=UTF-8',
        'application/json;charset="utf-8"',
        'application/json; charset=latin1',
        'application/json; charset=iso-8859-1',
        'application/json; charset=utf-16',
        'application/json; charset=windows-1252',
      ),
      encoding: fc.constantFrom(undefined, 'identity', 'gzip', 'br', 'deflate', 'x-unknown'),
    }),
  },
);
const decodable = ({ contentType, encoding }: { contentType: string; encoding: string | undefined }) =>
  !/charset=(?!"?utf-8"?$)/i.test(contentType) && (encoding === undefined || encoding === 'identity');

describe('property: numbers and texts from the whole double range and all of Unicode never break the public form', () => {
  it('answers 201 with the value stored as the schema reads it, 422 or 415 storing nothing, for 1,000 referrals', async () => {
    const before = await system.countItems();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(oddValue, declaration, async ([path, value], declared) => {
        const body = withValueAt(validReferral(), path, value);
        const headers: Record<string, string> = { 'content-type': declared.contentType };
        if (declared.encoding) headers['content-encoding'] = declared.encoding;
        const answer = await system.request('POST', '/referrals', { body, headers });
        if (!decodable(declared)) {
          expect(answer.status, JSON.stringify(declared)).toBe(415);
          expect(answer.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
          return;
        }
        expect([201, 422], `${path.join('.')} = ${JSON.stringify(value)}`).toContain(answer.status);
        if (answer.status === 422) {
          expect(answer.body.error.code).toBe('VALIDATION_FAILED');
          expect(answer.body.error.details[0].message).toEqual(expect.any(String));
          return;
        }
        created += 1;
        const stored = await system.stores.referrals.get(answer.body.id);
        expect(valueAt(stored, path)).toEqual(valueAt(referralBodySchema.parse(body), path));
      }),
      { numRuns: 1000 },
    );
    // A referral and its journal entry for each 201, and the year's counter once; nothing for a 422 or a 415.
    expect(await system.countItems()).toBe(before + created * 2 + (created > 0 && before === 0 ? 1 : 0));
  });
});
