import * as z from 'zod/mini';
import { groups, type Group } from '../identity.js';
import { optionalText, text } from './fields.js';
import { distinctValues } from './validation.js';

/**
 * A staff member's id: the identity its tokens carry (API.md "Staff directory"). On AWS it is the
 * Cognito username the directory opens the account with, so it takes what Cognito accepts in a
 * username (letters, marks, digits, punctuation, symbols: no space, no control; at most 128), less
 * `/` (a path segment) and `#` (the store's key separator). A Cognito `sub` (a UUID) and local ids
 * such as `w-1` both qualify.
 */
const staffIdPattern = /^(?:(?![/#])[\p{L}\p{M}\p{S}\p{N}\p{P}]){1,128}$/u;

export const staffIdMessage = 'L’identifiant compte de 1 à 128 caractères visibles, sans espace, sans « / » ni « # ».';

export function isStaffId(value: string): boolean {
  return value.isWellFormed() && staffIdPattern.test(value);
}

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

/** Who may be given a measure: an active member of group `worker`. */
export function isActiveWorker(member: Pick<StaffMember, 'active' | 'groups'>): boolean {
  return member.active && member.groups.includes('worker');
}

/**
 * Why `workerId` may not be given a measure, in French; null when it may. `member` is the staff
 * member the caller found under that id (null when there is none).
 */
export function workerProblem(workerId: string, member: Pick<StaffMember, 'id' | 'active' | 'groups'> | null): string | null {
  if (!member || member.id !== workerId) return `Aucun membre du personnel n’a l’identifiant « ${workerId} ».`;
  if (!member.groups.includes('worker')) return `« ${workerId} » n’appartient pas au groupe des travailleurs sociaux.`;
  if (!member.active) return `« ${workerId} » n’est plus actif dans l’annuaire du personnel.`;
  return null;
}
