import { describe, expect, it, vi } from 'vitest';
import type { AwsJsonRequest } from '../../functions/shared/aws-json.js';
import { CognitoStaffIdentities, type CognitoUser } from '../../functions/shared/cognito-staff-identities.js';
import { putStaffMember, staffBodySchema } from '../../lib/domain/staff.js';
import { ConcurrentWriteError, ConflictError } from '../../lib/errors.js';

const poolId = 'eu-west-3_Example';
const member = (overrides: Record<string, unknown> = {}) =>
  putStaffMember(
    'w-1',
    staffBodySchema.parse({ name: 'Camille Petit', email: 'c.petit@udaf55.example.fr', groups: ['worker'], ...overrides }),
    null,
    new Date('2026-01-05T09:00:00Z'),
  );

/** An existing Cognito user, as AdminGetUser describes it. */
const existing = (overrides: Partial<CognitoUser> = {}): Partial<CognitoUser> => ({
  Username: 'w-1',
  Enabled: true,
  UserStatus: 'CONFIRMED',
  UserAttributes: [
    { Name: 'sub', Value: '11111111-2222-4333-8444-555555555555' },
    { Name: 'email', Value: 'c.petit@udaf55.example.fr' },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'name', Value: 'Camille Petit' },
  ],
  ...overrides,
});

function notFound(): Error {
  return Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' });
}

/**
 * A fake client: answers AdminGetUser with `user` (or UserNotFoundException), AdminListGroupsForUser
 * with `groups`, and records every command it is sent, by name and input.
 */
function fakeCognito(user: Partial<CognitoUser> | null, groups: string[] = [], failures: Record<string, Error> = {}) {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const send = vi.fn(async (request: AwsJsonRequest) => {
    expect(request.path).toBe('/');
    const name = request.target!.replace(/^AWSCognitoIdentityProviderService\./, '');
    sent.push({ command: name, input: request.body as Record<string, unknown> });
    if (failures[name]) throw failures[name];
    if (name === 'AdminGetUser') {
      if (!user) throw notFound();
      return user;
    }
    if (name === 'AdminListGroupsForUser') return { Groups: groups.map((GroupName) => ({ GroupName })) };
    return {};
  });
  const identities = new CognitoStaffIdentities({ send }, poolId);
  return { identities, sent, commands: () => sent.map((entry) => entry.command) };
}

describe('keeping Cognito accounts in step with the staff directory', () => {
  it('creates an unknown member’s account under its id, with its e-mail, an invitation and its groups', async () => {
    const cognito = fakeCognito(null);
    await cognito.identities.upsert(member({ groups: ['worker', 'manager'] }));
    expect(cognito.commands()).toEqual(['AdminGetUser', 'AdminCreateUser', 'AdminAddUserToGroup', 'AdminAddUserToGroup']);
    expect(cognito.sent[1]!.input).toEqual({
      UserPoolId: poolId,
      Username: 'w-1',
      UserAttributes: [
        { Name: 'email', Value: 'c.petit@udaf55.example.fr' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Camille Petit' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.sent.slice(2).map((entry) => entry.input.GroupName)).toEqual(['worker', 'manager']);
  });

  it('opens an inactive member’s account disabled, without sending an invitation', async () => {
    const cognito = fakeCognito(null);
    await cognito.identities.upsert(member({ active: false }));
    expect(cognito.commands()).toEqual(['AdminGetUser', 'AdminCreateUser', 'AdminDisableUser', 'AdminAddUserToGroup']);
    expect(cognito.sent[1]!.input.MessageAction).toBe('SUPPRESS');
  });

  it('sends nothing but the reads when the account already matches', async () => {
    const cognito = fakeCognito(existing(), ['worker']);
    await cognito.identities.upsert(member());
    expect(cognito.commands()).toEqual(['AdminGetUser', 'AdminListGroupsForUser']);
  });

  it('adds the groups gained and removes the staff groups lost, leaving other groups alone', async () => {
    const cognito = fakeCognito(existing(), ['worker', 'analyst', 'ops-console']);
    await cognito.identities.upsert(member({ groups: ['worker', 'admin'] }));
    expect(cognito.sent.slice(2)).toEqual([
      { command: 'AdminAddUserToGroup', input: { UserPoolId: poolId, Username: 'w-1', GroupName: 'admin' } },
      { command: 'AdminRemoveUserFromGroup', input: { UserPoolId: poolId, Username: 'w-1', GroupName: 'analyst' } },
    ]);
  });

  it('updates the e-mail address and the name when they changed', async () => {
    const cognito = fakeCognito(existing(), ['worker']);
    await cognito.identities.upsert(member({ email: 'camille.petit@udaf55.example.fr' }));
    expect(cognito.commands()).toEqual(['AdminGetUser', 'AdminUpdateUserAttributes', 'AdminListGroupsForUser']);
    expect(cognito.sent[1]!.input.UserAttributes).toContainEqual({ Name: 'email', Value: 'camille.petit@udaf55.example.fr' });
  });

  it('disables a deactivated member’s account before anything else', async () => {
    const cognito = fakeCognito(existing(), ['worker']);
    await cognito.identities.upsert(member({ active: false }));
    expect(cognito.commands()).toEqual(['AdminGetUser', 'AdminDisableUser', 'AdminListGroupsForUser']);
  });

  it('enables a reactivated account once its groups are right, inviting again whoever never signed in', async () => {
    const signedIn = fakeCognito(existing({ Enabled: false }), []);
    await signedIn.identities.upsert(member());
    expect(signedIn.commands()).toEqual(['AdminGetUser', 'AdminListGroupsForUser', 'AdminAddUserToGroup', 'AdminEnableUser']);

    const neverSignedIn = fakeCognito(existing({ Enabled: false, UserStatus: 'FORCE_CHANGE_PASSWORD' }), ['worker']);
    await neverSignedIn.identities.upsert(member());
    expect(neverSignedIn.commands()).toEqual(['AdminGetUser', 'AdminListGroupsForUser', 'AdminEnableUser', 'AdminCreateUser']);
    expect(neverSignedIn.sent.at(-1)!.input).toMatchObject({ Username: 'w-1', MessageAction: 'RESEND' });
  });

  it('refuses an id that differs from an existing username only by case (409)', async () => {
    const cognito = fakeCognito(existing({ Username: 'W-1' }));
    await expect(cognito.identities.upsert(member())).rejects.toThrow(ConflictError);
    expect(cognito.commands()).toEqual(['AdminGetUser']);
  });

  it('answers 409 when the e-mail address belongs to another account, and asks for a retry when the account was just opened', async () => {
    const taken = fakeCognito(null, [], { AdminCreateUser: Object.assign(new Error('taken'), { name: 'AliasExistsException' }) });
    await expect(taken.identities.upsert(member())).rejects.toThrow(
      'Cette adresse e-mail est déjà celle d’un autre compte du personnel.',
    );
    const raced = fakeCognito(null, [], {
      AdminCreateUser: Object.assign(new Error('exists'), { name: 'UsernameExistsException' }),
    });
    await expect(raced.identities.upsert(member())).rejects.toBeInstanceOf(ConcurrentWriteError);
  });

  it('lets any other Cognito failure through, to become a 500 that says nothing more', async () => {
    const failing = fakeCognito(null, [], {
      AdminGetUser: Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' }),
    });
    await expect(failing.identities.upsert(member())).rejects.toThrow('slow down');
  });
});

describe('choosing where staff accounts live', () => {
  it('uses the Cognito user pool named by USER_POOL_ID, and fails loudly without one', async () => {
    vi.resetModules();
    vi.stubEnv('USER_POOL_ID', undefined);
    const unset = await import('../../functions/shared/staff-identities.js');
    expect(() => unset.getStaffIdentities()).toThrow('Configuration invalide — USER_POOL_ID est absent.');

    vi.resetModules();
    vi.stubEnv('USER_POOL_ID', poolId);
    const set = await import('../../functions/shared/staff-identities.js');
    const { CognitoStaffIdentities: Cognito } = await import('../../functions/shared/cognito-staff-identities.js');
    expect(set.getStaffIdentities()).toBeInstanceOf(Cognito);
    vi.unstubAllEnvs();
  });

  it('uses the provider the local runtime sets instead', async () => {
    vi.resetModules();
    const { getStaffIdentities, useStaffIdentities } = await import('../../functions/shared/staff-identities.js');
    const local = { upsert: vi.fn(async () => undefined) };
    useStaffIdentities(local);
    expect(getStaffIdentities()).toBe(local);
  });
});
