/** What the admin pages share about the staff directory (`GET /staff`, `PUT /staff/{id}`). */
import { compareNames } from '../../ui.js';

/** The directory's pages (of one group, if given), 100 members at a time; throws the API's answer when one fails. */
async function* directoryPages(api, group) {
  let cursor;
  do {
    const result = await api.get('/staff', { limit: 100, group, cursor });
    if (!result.ok) throw result;
    yield result.body.items;
    cursor = result.body.nextCursor;
  } while (cursor);
}

/**
 * The staff member `id` (`{ member }`, null when there is none), searched through the directory's
 * pages: the API has no `GET /staff/{id}`. `{ result }` holds the failed answer.
 */
export async function findMember(api, id) {
  try {
    for await (const items of directoryPages(api)) {
      const member = items.find((item) => item.id === id);
      if (member) return { member };
    }
    return { member: null };
  } catch (result) {
    return { result };
  }
}

/**
 * Every member of the directory (of `group`, if given), by name in French order (« Exemple 2 »
 * before « Exemple 10 », which the API's text order puts first); throws the failed answer.
 */
export async function allMembers(api, group) {
  const members = [];
  for await (const items of directoryPages(api, group)) members.push(...items);
  return members.sort((a, b) => compareNames(a.name, b.name));
}

/** Every member's name by id. */
export async function directoryNames(api) {
  const names = new Map();
  for await (const items of directoryPages(api)) for (const member of items) names.set(member.id, member.name);
  return names;
}

/** The `PUT /staff/{id}` body that keeps `member` as it is, with `changes` applied. */
export function bodyOf(member, changes = {}) {
  const body = {
    name: member.name,
    email: member.email,
    groups: member.groups,
    active: member.active,
    emailNotifications: member.emailNotifications ?? true,
    ...(member.territory ? { territory: member.territory } : {}),
    ...changes,
  };
  if (!body.territory) delete body.territory;
  return body;
}

/** A message for the next page shown (« … fait désormais partie de l’annuaire »), read once. */
let flash = null;
export function setFlash(text) {
  flash = text;
}
export function takeFlash() {
  const text = flash;
  flash = null;
  return text;
}

export const groupLabels = (labels, groups) => groups.map((group) => labels.staffGroups?.[group] ?? group);
