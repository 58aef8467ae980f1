import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/shared/openapi-document.js';
import { openApiConformance } from '../support/openapi-conformance.js';

// The check every HTTP test's answers go through (test/support/runtime.ts): it must tell a
// conforming answer from one that breaks the document, or the HTTP tier proves nothing by it.
const check = openApiConformance(openApiDocument() as unknown as Parameters<typeof openApiConformance>[0]);
const json = 'application/json; charset=utf-8';

const staffMember = {
  id: 'w-lucie',
  name: 'Lucie Martin',
  email: 'lucie@asll.example.fr',
  groups: ['worker'],
  territory: null,
  active: true,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

describe('the OpenAPI conformance check of the HTTP tests', () => {
  it('passes an answer that has what the document says', () => {
    expect(check({ method: 'PUT', path: '/staff/w-lucie', status: 201, contentType: json, body: staffMember })).toBeNull();
    expect(
      check({
        method: 'GET',
        path: '/staff?limit=2',
        status: 200,
        contentType: json,
        body: { items: [staffMember], nextCursor: null },
      }),
    ).toBeNull();
  });

  it('names the operation and the missing field of an answer that lacks a required one', () => {
    const { email: _email, ...withoutEmail } = staffMember;
    expect(check({ method: 'PUT', path: '/staff/w-lucie', status: 200, contentType: json, body: withoutEmail })).toMatch(
      /^PUT \/staff\/\{id\} → 200 : .*email/,
    );
  });

  it('resolves the shared components: a measure answer without its tasks is refused', () => {
    const problem = check({
      method: 'POST',
      path: '/referrals/r-1/decision',
      status: 201,
      contentType: json,
      body: { referral: {}, measure: { id: 'm-1' } },
    });
    expect(problem).toMatch(/tasks/);
  });

  it('refuses a status or a media type the operation does not document', () => {
    expect(check({ method: 'GET', path: '/health', status: 418, contentType: json, body: {} })).toMatch(/statut absent/);
    expect(check({ method: 'GET', path: '/health', status: 200, contentType: 'text/html', body: '' })).toMatch(/text\/html/);
  });

  it('tells literal paths from templated ones, and leaves what is no operation to the gateway’s own tests', () => {
    expect(
      check({ method: 'GET', path: '/stats/catalogue', status: 200, contentType: json, body: { items: [], nextCursor: null } }),
    ).toBeNull();
    expect(check({ method: 'DELETE', path: '/health', status: 405, contentType: json, body: {} })).toBeNull();
    expect(check({ method: 'GET', path: '/nowhere', status: 404, contentType: json, body: {} })).toBeNull();
  });
});
