import * as z from 'zod/mini';
import { groups, type Group } from '../identity.js';
import { optionalText, text } from './fields.js';
import { distinctValues } from './validation.js';

/** Body of `PUT /staff/{id}` (API.md "Staff directory"); the id is the person's token `sub`. */
export const staffBodySchema = z.strictObject({
  name: text({ max: 120 }),
  email: z.email({ error: 'Adresse e-mail invalide.' }).check(z.maxLength(254)),
  groups: z
    .array(z.enum(groups, { error: 'Groupe inconnu : worker, manager, analyst ou admin.' }))
    .check(
      z.minLength(1, { error: 'Indiquez au moins un groupe.' }),
      distinctValues<Group>('Chaque groupe ne peut être cité qu’une fois.'),
    ),
  territory: optionalText({ max: 120 }),
  active: z._default(z.boolean(), true),
  /** Emails of new tasks (the deadlines job); a member may do without them. */
  emailNotifications: z._default(z.boolean(), true),
});

export type StaffBody = z.output<typeof staffBodySchema>;

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  groups: Group[];
  territory: string | null;
  active: boolean;
  /** Receives an email when the deadlines job gives them new tasks (absent on older entries: yes). */
  emailNotifications?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The staff member a `PUT` leaves: created when `existing` is null, else updated (its creation date kept). */
export function putStaffMember(id: string, body: StaffBody, existing: StaffMember | null, now: Date): StaffMember {
  const at = now.toISOString();
  return {
    id,
    name: body.name,
    email: body.email,
    groups: body.groups,
    territory: body.territory || null,
    active: body.active,
    emailNotifications: body.emailNotifications,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
}

/** An active member of the admin group: who can manage the directory. */
export const isActiveAdmin = (member: StaffMember | null): boolean => !!member?.active && member.groups.includes('admin');

export const lastAdminMessage =
  'La dernière personne administratrice active ne peut ni être désactivée ni quitter le groupe admin : donnez d’abord ce groupe à une autre personne.';

/**
 * Whether this `PUT` takes an active administrator out of the role (deactivated, or the admin group
 * removed). Refused when no one else is one (`lastAdminMessage`): no one could then register,
 * change or deactivate anyone (locally `npm run admin` is the way back; on AWS, the Cognito console).
 */
export function demotesAdmin(existing: StaffMember | null, member: StaffMember): boolean {
  return isActiveAdmin(existing) && !isActiveAdmin(member);
}
