/** What the admin pages share about the staff directory (`GET /staff`, `PUT /staff/{id}`). */

/** The staff member `id`, searched through the directory's pages (the API has no `GET /staff/{id}`). */
export async function findMember(api, id) {
  let cursor;
  do {
    const result = await api.get('/staff', { limit: 100, cursor });
    if (!result.ok) return { result };
    const member = result.body.items.find((item) => item.id === id);
    if (member) return { member };
    cursor = result.body.nextCursor;
  } while (cursor);
  return { member: null };
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

/** A message for the next page shown (« … a été ajoutée »), read once. */
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
