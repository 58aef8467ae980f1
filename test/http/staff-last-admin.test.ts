import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime } from '../support/runtime.js';

/**
 * The directory always keeps an active administrator: the last one can neither be deactivated nor
 * leave the admin group (no one could register or reactivate anyone afterwards).
 */

let system: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  system = await startTestRuntime('departement-generique');
});
afterAll(async () => system.stop());

const chloe = { name: 'Chloé Garnier', email: 'c.garnier@asll.example.fr', groups: ['admin'] };
const lastAdmin = {
  code: 'POLICY_VIOLATION',
  message:
    'La dernière personne administratrice active ne peut ni être désactivée ni quitter le groupe admin : donnez d’abord ce groupe à une autre personne.',
  details: [],
};

describe('the last active administrator', () => {
  it('cannot leave the admin group nor be deactivated, by herself or anyone; her entry is unchanged', async () => {
    await system.registerStaff('a-chloe', ['admin']);
    const token = await system.token('a-chloe', 'admin');
    for (const body of [
      { ...chloe, groups: ['manager'] },
      { ...chloe, active: false },
    ]) {
      const answer = await system.request('PUT', '/staff/a-chloe', { token, body });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toEqual(lastAdmin);
    }
    const directory = await system.request('GET', '/staff?group=admin', { token });
    expect(directory.body.items.map((member: { id: string; active: boolean }) => [member.id, member.active])).toEqual([
      ['a-chloe', true],
    ]);
    // Her other changes go through.
    expect(
      (await system.request('PUT', '/staff/a-chloe', { token, body: { ...chloe, groups: ['admin', 'manager'] } })).status,
    ).toBe(200);
  });

  it('may hand the role over: once someone else is an active administrator, she may leave it', async () => {
    const token = await system.token('a-chloe', 'admin');
    // An inactive administrator is no one to manage the directory.
    await system.registerStaff('a-absent', ['admin'], { active: false });
    expect((await system.request('PUT', '/staff/a-chloe', { token, body: { ...chloe, groups: ['worker'] } })).status).toBe(422);

    await system.registerStaff('a-hugo', ['admin']);
    const left = await system.request('PUT', '/staff/a-chloe', { token, body: { ...chloe, groups: ['worker'] } });
    expect(left.status).toBe(200);
    expect(left.body.groups).toEqual(['worker']);
    // Hugo, now the last one, is held as she was.
    const hugo = await system.token('a-hugo', 'admin');
    const leaving = await system.request('PUT', '/staff/a-hugo', {
      token: hugo,
      body: { name: 'Hugo Lemoine', email: 'h.lemoine@asll.example.fr', groups: ['admin'], active: false },
    });
    expect(leaving.body.error).toEqual(lastAdmin);
  });
});
