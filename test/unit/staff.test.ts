import { describe, expect, it } from 'vitest';
import { putStaffMember, staffBodySchema } from '../../lib/domain/staff.js';
import { isActiveWorker, isStaffId, reservedStaffIds, staffIdProblem } from '../../lib/domain/staff-rules.js';

const body = { name: 'Camille Petit', email: 'c.petit@udaf55.example.fr', groups: ['worker'] };

describe('the staff directory', () => {
  it('reads a staff member, active and emailed of new tasks unless said otherwise', () => {
    expect(staffBodySchema.parse(body)).toEqual({ ...body, active: true, emailNotifications: true });
    expect(staffBodySchema.parse({ ...body, emailNotifications: false }).emailNotifications).toBe(false);
    expect(staffBodySchema.parse({ ...body, active: false, territory: 'UTAS de Verdun' })).toMatchObject({
      active: false,
      territory: 'UTAS de Verdun',
    });
  });

  it('refuses an empty or repeated list of groups, an unknown group, a bad e-mail and names too long', () => {
    expect(staffBodySchema.safeParse({ ...body, groups: [] }).success).toBe(false);
    expect(staffBodySchema.safeParse({ ...body, groups: ['worker', 'worker'] }).success).toBe(false);
    expect(staffBodySchema.safeParse({ ...body, groups: ['household'] }).success).toBe(false);
    expect(staffBodySchema.safeParse({ ...body, email: 'c.petit' }).error!.issues[0]!.message).toBe('Adresse e-mail invalide.');
    expect(staffBodySchema.safeParse({ ...body, name: 'x'.repeat(121) }).success).toBe(false);
    expect(staffBodySchema.safeParse({ ...body, territory: 'x'.repeat(121) }).success).toBe(false);
    expect(staffBodySchema.safeParse({ ...body, role: 'boss' }).success).toBe(false);
  });

  it('refuses a name or a territory holding a bidi override, which would show it reversed on the staff pages and in emails', () => {
    const message = 'Ce texte contient des caractères qui inversent le sens d’écriture, non admis.';
    expect(staffBodySchema.safeParse({ ...body, name: 'Worker Two \u202egnp.exe' }).error!.issues).toEqual([
      expect.objectContaining({ path: ['name'], message }),
    ]);
    expect(staffBodySchema.safeParse({ ...body, territory: 'UTAS \u2066de Verdun\u2069' }).error!.issues).toEqual([
      expect.objectContaining({ path: ['territory'], message }),
    ]);
    expect(staffBodySchema.parse({ ...body, name: 'Camille\u200e Petit' }).name).toBe('Camille\u200e Petit');
  });

  it('creates a member, then updates it keeping its creation date', () => {
    const created = putStaffMember('w-1', staffBodySchema.parse(body), null, new Date('2026-01-02T08:00:00Z'));
    expect(created).toEqual({
      id: 'w-1',
      ...body,
      territory: null,
      active: true,
      emailNotifications: true,
      createdAt: '2026-01-02T08:00:00.000Z',
      updatedAt: '2026-01-02T08:00:00.000Z',
    });
    const updated = putStaffMember(
      'w-1',
      staffBodySchema.parse({ ...body, groups: ['worker', 'manager'] }),
      created,
      new Date('2026-02-01T08:00:00Z'),
    );
    expect(updated).toMatchObject({
      groups: ['worker', 'manager'],
      createdAt: '2026-01-02T08:00:00.000Z',
      updatedAt: '2026-02-01T08:00:00.000Z',
    });
  });

  it('gives measures only to active members of the worker group', () => {
    expect(isActiveWorker({ active: true, groups: ['worker'] })).toBe(true);
    expect(isActiveWorker({ active: false, groups: ['worker'] })).toBe(false);
    expect(isActiveWorker({ active: true, groups: ['manager'] })).toBe(false);
  });

  it('takes as an id what a Cognito username may be, a sub or a local id, without space, slash or #', () => {
    for (const id of ['w-1', 'c.petit', '1b2c3d4e-0000-4000-8000-aabbccddeeff', 'élodie_m', 'x'.repeat(128)]) {
      expect(isStaffId(id), id).toBe(true);
    }
    for (const id of ['', 'w 1', 'w/1', 'w#1', 'w\u00001', 'w\t1', 'x'.repeat(129), '\ud800']) {
      expect(isStaffId(id), JSON.stringify(id)).toBe(false);
    }
  });

  it('refuses as a member’s id, whatever its case, each actor the system writes in the journal itself', () => {
    expect(reservedStaffIds).toEqual(expect.arrayContaining(['public', 'system', 'installation-locale']));
    for (const id of [...reservedStaffIds, 'Public', 'SYSTEM', 'Installation-Locale']) {
      expect(staffIdProblem(id), id).toBe(
        `L’identifiant « ${id} » est réservé : le système l’inscrit lui-même au journal (formulaire public, commandes de l’installation). Choisissez-en un autre.`,
      );
    }
    expect(staffIdProblem('w 1')).toBe('L’identifiant compte de 1 à 128 caractères visibles, sans espace, sans « / » ni « # ».');
    for (const id of ['w-1', 'public-1', 'systeme', 'c.public']) expect(staffIdProblem(id), id).toBeNull();
  });

  it('refuses as a member’s id one that has the form of an e-mail address, which Cognito refuses as a username when addresses sign in too', () => {
    for (const id of ['c.petit@udaf55.example.fr', 'w@1', 'C.Petit@UDAF55']) {
      expect(staffIdProblem(id), id).toBe(
        `L’identifiant « ${id} » a la forme d’une adresse électronique, que l’annuaire de connexion refuse comme identifiant (on s’y connecte déjà avec son adresse). Choisissez-en un autre.`,
      );
    }
    for (const id of ['@w-1', 'w-1@', 'w-1']) expect(staffIdProblem(id), id).toBeNull();
  });

  it('takes as a one-character id every code point of a Cognito username (letters, marks, symbols, numbers, punctuation) but / and #, and nothing else', () => {
    const cognitoUsername = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
    const disagreements: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += 1) {
      const id = String.fromCodePoint(codePoint);
      const expected = cognitoUsername.test(id) && id !== '/' && id !== '#';
      if (isStaffId(id) !== expected) disagreements.push(codePoint.toString(16));
    }
    expect(disagreements).toEqual([]);
    expect(isStaffId('😀'.repeat(128))).toBe(true);
    expect(isStaffId('😀'.repeat(129))).toBe(false);
  });
});
