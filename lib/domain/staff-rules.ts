import type { StaffMember } from './staff.js';

/*
 * What is judged of a staff member outside the directory's own writes: whether an id can be one,
 * whether a member may be given a measure. Apart from lib/domain/staff.ts so that the functions
 * that judge a worker do not build the directory's body schema.
 */

/**
 * The 401 to a staff member the directory has deactivated since their token was issued; the staff
 * pages (web/staff/api.js) recognise it and say it on the sign-in screen instead of « session expirée ».
 */
export const deactivatedAccount =
  'Ce compte du personnel est désactivé : il ne donne plus accès à l’application. Adressez-vous à un administrateur.';

/**
 * A staff member's id: the identity its tokens carry (API.md "Staff directory"). On AWS it is the
 * Cognito username the directory opens the account with, so it takes what Cognito accepts in a
 * username (letters, marks, digits, punctuation, symbols: no space, no control; at most 128), less
 * `/` (a path segment) and `#` (the store's key separator). A Cognito `sub` (a UUID) and local ids
 * such as `w-1` both qualify.
 */
// Letters, marks, symbols, numbers and punctuation are every general category but separators (Z) and
// other (C: controls, format, surrogates, private use, unassigned): the complement, which V8 builds
// several times faster than the union of five large classes, at every cold start.
const staffIdPattern = /^[^\p{Z}\p{C}/#]{1,128}$/u;

/** To a signed-in person the directory does not know (`GET /me`, `PUT /me/email-notifications`). */
export const notInDirectoryMessage =
  'Vous ne figurez pas dans l’annuaire du personnel : demandez à un administrateur de vous y inscrire.';

export const staffIdMessage = 'L’identifiant compte de 1 à 128 caractères visibles, sans espace, sans « / » ni « # ».';

export function isStaffId(value: string): boolean {
  return value.isWellFormed() && staffIdPattern.test(value);
}

/**
 * The actors the system writes in the journal (and in idempotency scopes) itself, which no member
 * may take as an id, or the journal could not tell them apart: `public`, who sends the public form
 * (functions/shared/api-handler.ts, write-handler.ts); `installation-locale`, the local installation's
 * own commands (infra/local/admin.ts); `system`, kept for the system's own work (the jobs). Compared
 * without case: sign-in ignores it (infra/aws/stateful-stack.ts), and « Public » would read as « public ».
 */
export const publicActor = 'public';
export const localInstallationActor = 'installation-locale';
export const systemActor = 'system';
export const reservedStaffIds = [publicActor, systemActor, localInstallationActor] as const;

/** Why `value` may not be a member's id, in French; null when it may. */
export function staffIdProblem(value: string): string | null {
  if (!isStaffId(value)) return staffIdMessage;
  // The user pool lets staff sign in with their e-mail address as an alias (infra/aws/stateful-stack.ts),
  // and Cognito then refuses a username that has an address's form (AdminCreateUser: InvalidParameterException).
  if (/.@./u.test(value)) {
    return `L’identifiant « ${value} » a la forme d’une adresse électronique, que l’annuaire de connexion refuse comme identifiant (on s’y connecte déjà avec son adresse). Choisissez-en un autre.`;
  }
  if ((reservedStaffIds as readonly string[]).includes(value.toLowerCase())) {
    return `L’identifiant « ${value} » est réservé : le système l’inscrit lui-même au journal (formulaire public, commandes de l’installation). Choisissez-en un autre.`;
  }
  return null;
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
