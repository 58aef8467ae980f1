import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisToday } from '../support/dates.js';
import { acceptance, validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;
let manager: string;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  admin = await system.token('a-1', 'admin');
  manager = await system.token('m-1', 'manager');
});
afterAll(async () => system.stop());

const camille = { name: 'Camille Petit', email: 'c.petit@udaf55.example.fr', groups: ['worker'], territory: 'UTAS de Verdun' };

describe('the staff directory through the local runtime', () => {
  it('lets an administrator create a member (201), then answers 200 when the same member is put again', async () => {
    const created = await system.request('PUT', '/staff/w-camille', { token: admin, body: camille });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'w-camille',
      ...camille,
      active: true,
      emailNotifications: true,
      createdAt: expect.any(String),
      updatedAt: created.body.createdAt,
    });

    const again = await system.request('PUT', '/staff/w-camille', {
      token: admin,
      body: { ...camille, groups: ['worker', 'manager'] },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ groups: ['worker', 'manager'], createdAt: created.body.createdAt });
    expect(again.body.updatedAt >= created.body.updatedAt).toBe(true);
  });

  it('keeps the local issuer’s account in step: groups, and inactive once deactivated', async () => {
    await system.request('PUT', '/staff/w-leaving', { token: admin, body: { ...camille, name: 'Noé Leroy' } });
    expect(system.accounts.accounts()['w-leaving']).toMatchObject({ groups: ['worker'], active: true });
    const deactivated = await system.request('PUT', '/staff/w-leaving', {
      token: admin,
      body: { ...camille, name: 'Noé Leroy', active: false },
    });
    expect(deactivated).toMatchObject({ status: 200, body: { active: false } });
    expect(system.accounts.accounts()['w-leaving']).toMatchObject({ active: false });
  });

  it('lets a manager list the directory by name, and one group with ?group=', async () => {
    await system.request('PUT', '/staff/m-anne', {
      token: admin,
      body: { ...camille, name: 'Anne Collin', groups: ['manager'] },
    });
    const all = await system.request('GET', '/staff', { token: manager });
    expect(all.status).toBe(200);
    expect(all.body.items.map((member: { name: string }) => member.name)).toEqual(['Anne Collin', 'Camille Petit', 'Noé Leroy']);
    expect(all.body.nextCursor).toBeNull();

    const workers = await system.request('GET', '/staff?group=worker', { token: manager });
    expect(workers.body.items.map((member: { id: string }) => member.id)).toEqual(['w-camille', 'w-leaving']);

    const firstPage = await system.request('GET', '/staff?limit=1', { token: admin });
    expect(firstPage.body.items).toHaveLength(1);
    const secondPage = await system.request('GET', `/staff?limit=1&cursor=${firstPage.body.nextCursor}`, { token: admin });
    expect(secondPage.body.items[0].name).toBe('Camille Petit');
  });

  it('refuses the directory to a worker or an analyst (403), to a manager writing (403) and without a token (401)', async () => {
    for (const group of ['worker', 'analyst'] as const) {
      const token = await system.token(`${group}-1`, group);
      expect((await system.request('GET', '/staff', { token })).status).toBe(403);
      expect((await system.request('PUT', '/staff/x-1', { token, body: camille })).status).toBe(403);
    }
    expect((await system.request('PUT', '/staff/x-1', { token: manager, body: camille })).status).toBe(403);
    expect((await system.request('GET', '/staff')).status).toBe(401);
    expect((await system.request('PUT', '/staff/x-1', { body: camille })).status).toBe(401);
  });

  it('gives every member their own entry (GET /me), their task-email setting included, and no one else’s', async () => {
    await system.request('PUT', '/staff/w-camille', { token: admin, body: camille });
    const camilleToken = await system.token('w-camille', 'worker');
    const own = await system.request('GET', '/me', { token: camilleToken });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: 'w-camille', name: 'Camille Petit', groups: ['worker'], emailNotifications: true });
    await system.request('PUT', '/me/email-notifications', { token: camilleToken, body: { enabled: false } });
    expect((await system.request('GET', '/me', { token: camilleToken })).body.emailNotifications).toBe(false);
    await system.request('PUT', '/me/email-notifications', { token: camilleToken, body: { enabled: true } });

    const stranger = await system.request('GET', '/me', { token: await system.token('w-unknown', 'worker') });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.message).toMatch(/^Vous ne figurez pas dans l’annuaire du personnel/);
    expect((await system.request('GET', '/me')).status).toBe(401);
  });

  it('answers 422 with a French message per field to a bad body, a bad id or a bad filter, and stores nothing', async () => {
    const before = await system.countItems();
    const bad = await system.request('PUT', '/staff/x-2', {
      token: admin,
      body: { name: '', email: 'c.petit', groups: ['worker', 'household'], active: 'yes', role: 'boss' },
    });
    expect(bad.status).toBe(422);
    const paths = bad.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'email', 'groups.1', 'active', '']));
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'email', message: 'Adresse e-mail invalide.' },
        { path: 'groups.1', message: 'Groupe inconnu : worker, manager, analyst ou admin.' },
        { path: '', message: 'Champ non prévu : role.' },
      ]),
    );
    expect(
      (await system.request('PUT', '/staff/x-3', { token: admin, body: { ...camille, groups: [] } })).body.error.details,
    ).toEqual([{ path: 'groups', message: 'Indiquez au moins un groupe.' }]);
    for (const id of ['w%231', 'w%20a', 'x'.repeat(129)]) {
      const answer = await system.request('PUT', `/staff/${id}`, { token: admin, body: camille });
      expect(answer.status, id).toBe(422);
      expect(answer.body.error.details[0]).toEqual({ path: 'id', message: expect.stringContaining('128 caractères') });
    }
    expect((await system.request('GET', '/staff?group=household', { token: manager })).status).toBe(422);
    expect((await system.request('GET', '/staff?limit=101', { token: manager })).status).toBe(422);
    expect((await system.request('GET', '/staff?cursor=Zm9v', { token: manager })).status).toBe(422);
    expect(
      (await system.request('PUT', '/staff/x-4', { token: admin, rawBody: '{', headers: { 'content-type': 'application/json' } }))
        .status,
    ).toBe(400);
    expect(await system.countItems()).toBe(before);
  });

  it('refuses (422) a name or a territory holding a bidi override, and stores nothing', async () => {
    const before = await system.countItems();
    const message = 'Ce texte contient des caractères qui inversent le sens d’écriture, non admis.';
    const spoofed = await system.request('PUT', '/staff/w-two', {
      token: admin,
      body: { ...camille, name: 'Worker Two \u202egnp.exe', territory: 'UTAS \u2067de Verdun\u2069' },
    });
    expect(spoofed.status).toBe(422);
    expect(spoofed.body.error.details).toEqual([
      { path: 'name', message },
      { path: 'territory', message },
    ]);
    expect(await system.countItems()).toBe(before);
  });

  it('refuses (422) as a member’s id an actor the system writes in the journal itself, such as the public form’s', async () => {
    const referral = await system.request('POST', '/referrals', { body: validReferral() });
    const journal = await system.request('GET', `/journal?referralId=${referral.body.id}`, { token: admin });
    expect(journal.body.items[0]).toMatchObject({ actor: 'public', groups: [] });
    const before = await system.countItems();
    for (const id of ['public', 'system', 'installation-locale', 'Public']) {
      const answer = await system.request('PUT', `/staff/${id}`, { token: admin, body: camille });
      expect(answer.status, id).toBe(422);
      expect(answer.body.error.details, id).toEqual([{ path: 'id', message: expect.stringContaining(`« ${id} » est réservé`) }]);
    }
    expect(await system.countItems()).toBe(before);
  });

  it('replays the first answer to a request sent again with its Idempotency-Key', async () => {
    const headers = { 'Idempotency-Key': 'staff-create-w-replay' };
    const body = { ...camille, name: 'Inès Robin' };
    const first = await system.request('PUT', '/staff/w-replay', { token: admin, body, headers });
    const before = await system.countItems();
    const retry = await system.request('PUT', '/staff/w-replay', { token: admin, body, headers });
    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 201, body: first.body });
    expect(await system.countItems()).toBe(before);
    const other = await system.request('PUT', '/staff/w-replay', { token: admin, body: { ...body, active: false }, headers });
    expect(other.status).toBe(409);
  });
});

describe('the directory’s last word over a token still valid (tokens live up to an hour)', () => {
  it('refuses at once a member made inactive (401, in French), and lets them back once reactivated', async () => {
    await system.registerStaff('m-leaving', ['manager']);
    const leaving = await system.token('m-leaving', 'manager');
    expect((await system.request('GET', '/referrals?status=received', { token: leaving })).status).toBe(200);

    await system.registerStaff('m-leaving', ['manager'], { active: false });
    const refused = await system.request('GET', '/referrals?status=received', { token: leaving });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/^Ce compte du personnel est désactivé/),
    });
    // Nor may they write, nor reactivate themselves.
    expect((await system.request('PUT', '/me/email-notifications', { token: leaving, body: { enabled: false } })).status).toBe(
      401,
    );

    await system.registerStaff('m-leaving', ['manager']);
    expect((await system.request('GET', '/referrals?status=received', { token: leaving })).status).toBe(200);
  });

  it('counts only the groups the directory still gives: a group taken away stops at once (403)', async () => {
    // Another administrator stays: the last one cannot leave the group (staff-last-admin.test.ts).
    await system.registerStaff('a-staying', ['admin']);
    await system.registerStaff('a-former', ['admin', 'manager']);
    const former = await system.token('a-former', 'admin', 'manager');
    await system.registerStaff('a-former', ['manager']);
    const reinstate = await system.request('PUT', '/staff/a-former', {
      token: former,
      body: { name: 'Ancienne administratrice', email: 'a.former@asll.example.fr', groups: ['admin', 'manager'] },
    });
    expect(reinstate.status).toBe(403);
    // What the directory still gives works.
    expect((await system.request('GET', '/referrals?status=received', { token: former })).status).toBe(200);
  });

  it('leaves a caller the directory does not know with the groups of their token (the first administrator)', async () => {
    const first = await system.token('first-admin', 'admin');
    expect((await system.request('GET', '/staff', { token: first })).status).toBe(200);
  });
});

describe('who may be given a measure', () => {
  async function accept(workerId: string) {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    return system.request('POST', `/referrals/${created.body.id}/decision`, {
      token: manager,
      body: { ...acceptance, workerId, decidedOn: parisToday() },
    });
  }

  it('opens the measure for an active member of the worker group', async () => {
    await system.registerStaff(acceptance.workerId);
    const answer = await accept(acceptance.workerId);
    expect(answer.status).toBe(201);
    expect(answer.body.measure.workerId).toBe(acceptance.workerId);
  });

  it.each([
    ['someone the directory does not know', 'w-nobody', null, 'Aucun membre du personnel n’a l’identifiant « w-nobody ».'],
    [
      'an inactive worker',
      'w-gone',
      { groups: ['worker'], active: false },
      '« w-gone » n’est plus actif dans l’annuaire du personnel.',
    ],
    [
      'a manager who is no worker',
      'm-only',
      { groups: ['manager'] },
      '« m-only » n’appartient pas au groupe des travailleurs sociaux.',
    ],
    ['an id that cannot be a staff id', 'w#1', null, 'Aucun membre du personnel n’a l’identifiant « w#1 ».'],
  ] as const)('answers 422 on workerId for %s, and decides nothing', async (_case, workerId, member, message) => {
    if (member) await system.registerStaff(workerId, [...member.groups], 'active' in member ? { active: member.active } : {});
    const answer = await accept(workerId);
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([{ path: 'workerId', message }]);
    expect(answer.body.error.message).toBe(message);
  });
});
