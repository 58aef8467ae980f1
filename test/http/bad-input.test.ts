import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';
import { parisToday } from '../support/dates.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m1', 'manager');
});
afterAll(async () => system.stop());

const errorShape = { error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } };

describe('bad input gets a clear answer and stores nothing', () => {
  it('answers 400 to malformed JSON', async () => {
    const answer = await system.request('POST', '/referrals', {
      rawBody: '{"referrer": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'MALFORMED_JSON', message: 'Le corps de la requête n’est pas un JSON valide.' },
    });
  });

  it('answers 415 to a body that is not sent as JSON', async () => {
    const answer = await system.request('POST', '/referrals', {
      rawBody: 'name=Durand',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject(errorShape);
  });

  it('answers 413 to a body over 64 KB', async () => {
    const answer = await system.request('POST', '/referrals', { body: validReferral({ message: 'x'.repeat(70 * 1024) }) });
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toContain('64 Ko');
  });

  it('answers 422 with French messages and field paths, unknown fields included', async () => {
    const body = { ...validReferral(), surprise: true };
    body.household = { ...body.household, adults: 0 };
    const answer = await system.request('POST', '/referrals', { body });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'household.adults', message: 'Le ménage compte au moins un adulte.' },
        { path: '', message: 'Champ non prévu : surprise.' },
      ]),
    );
  });

  it('answers 422 to a last name holding a right-to-left override, which would show reversed to the staff', async () => {
    const body = validReferral();
    body.household.contact = { ...body.household.contact, lastName: 'Martin\u202eXYZ' };
    const answer = await system.request('POST', '/referrals', { body });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([
      {
        path: 'household.contact.lastName',
        message: 'Ce texte contient des caractères qui inversent le sens d’écriture, non admis.',
      },
    ]);
  });

  it('answers 422 to a decision that lacks what an acceptance needs, naming each field', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    const answer = await system.request('POST', `/referrals/${created.body.id}/decision`, {
      token: manager,
      body: { decision: 'accepted', decidedOn: parisToday(), durationMonths: 6 },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details.map((detail: { path: string }) => detail.path)).toEqual([
      'orientation',
      'axes',
      'durationMonths',
      'workerId',
    ]);
    expect((await system.request('GET', `/referrals/${created.body.id}`, { token: manager })).body.status).toBe('received');
  });

  it('answers 404 to an unknown referral and to an unknown address', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await system.request('GET', `/referrals/${unknown}`, { token: manager })).status).toBe(404);
    expect((await system.request('GET', '/referrals/not-an-id', { token: manager })).status).toBe(404);
    const decision = await system.request('POST', `/referrals/${unknown}/decision`, {
      token: manager,
      body: { decision: 'refused' },
    });
    expect(decision.status).toBe(404);
    expect((await system.request('GET', '/nowhere')).body).toMatchObject(errorShape);
    expect((await system.request('GET', '/referrals/%E0%A4%A', { token: manager })).status).toBe(404);
    expect((await system.request('GET', '/%E0%A4%A')).status).toBe(404);
  });

  it('answers 422 to a page size out of range or a forged cursor', async () => {
    expect((await system.request('GET', '/referrals?limit=0', { token: manager })).status).toBe(422);
    expect((await system.request('GET', '/referrals?limit=101', { token: manager })).status).toBe(422);
    expect((await system.request('GET', '/referrals?cursor=Zm9v', { token: manager })).status).toBe(422);
    expect((await system.request('GET', '/referrals?status=lost', { token: manager })).status).toBe(422);
  });

  it('answers 401 to an expired, forged or foreign token', async () => {
    const forged = `${manager.slice(0, -4)}AAAA`;
    expect((await system.request('GET', '/referrals', { token: forged })).status).toBe(401);
    expect((await system.request('GET', '/referrals', { token: 'abc.def.ghi' })).status).toBe(401);
  });

  it('stored nothing for any of the refused requests above but the referral created to decide on', async () => {
    // one referral, its journal entries (received, then read by the manager), its statistics marker, the year counter
    expect(await system.countItems()).toBe(5);
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeated request with the first response and stores nothing new', async () => {
    const before = await system.countItems();
    const headers = { 'Idempotency-Key': 'form-fill-7f3a' };
    const first = await system.request('POST', '/referrals', { body: validReferral(), headers });
    const second = await system.request('POST', '/referrals', { body: validReferral(), headers });
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, body: first.body });
    // referral + audit + statistics marker + idempotency record (the counter already existed)
    expect(await system.countItems()).toBe(before + 4);
  });

  it('answers 409 when the key comes back with another body', async () => {
    const headers = { 'Idempotency-Key': 'form-fill-9b21' };
    expect((await system.request('POST', '/referrals', { body: validReferral(), headers })).status).toBe(201);
    const other = await system.request('POST', '/referrals', { body: validReferral({ orientation: 'acces' }), headers });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toBe('Cette clé d’idempotence a déjà servi pour une autre requête.');
  });

  it('replays a decision instead of answering 409 when the same decision is retried', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    const body = { decision: 'refused', decidedOn: parisToday(), reason: 'Relève du FSL accès' };
    const headers = { 'Idempotency-Key': `decision-${created.body.id}` };
    const first = await system.request('POST', `/referrals/${created.body.id}/decision`, { token: manager, body, headers });
    const retry = await system.request('POST', `/referrals/${created.body.id}/decision`, { token: manager, body, headers });
    expect(first.status).toBe(200);
    expect(retry).toMatchObject({ status: 200, body: first.body });
  });
});
