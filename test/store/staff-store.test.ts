import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putStaffMember, staffBodySchema, type StaffMember } from '../../lib/domain/staff.js';
import { ConcurrentWriteError } from '../../lib/errors.js';
import type { Group } from '../../lib/identity.js';
import { fingerprint } from '../../lib/store/idempotency.js';
import type { StaffStore } from '../../lib/store/staff.js';
import { freshTable } from '../support/store.js';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => table.drop());

const member = (id: string, name: string, groups: Group[], at = '2026-01-05T09:00:00Z', existing: StaffMember | null = null) =>
  putStaffMember(id, staffBodySchema.parse({ name, email: `${id}@asll.example.fr`, groups }), existing, new Date(at));

async function everyPage(store: StaffStore, group: Group | undefined, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list({ group }, { limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    // No short page before the last one: the filter is the index, not a sieve over pages.
    if (page.nextCursor) expect(page.items).toHaveLength(limit);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  return { ids, pages };
}

describe('the staff store on DynamoDB Local', () => {
  it('creates a member, then updates it keeping its creation date', async () => {
    const { staff } = table.stores;
    const created = member('w-create', 'Camille Petit', ['worker']);
    await staff.put(created, null);
    expect(await staff.get('w-create')).toEqual(created);

    const updated = member('w-create', 'Camille Petit-Durand', ['worker', 'manager'], '2026-02-01T09:00:00Z', created);
    await staff.put(updated, created);
    expect(await staff.get('w-create')).toEqual({
      ...updated,
      createdAt: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-02-01T09:00:00.000Z',
    });
    expect(await staff.get('nobody')).toBeNull();
  });

  it('refuses to write over a member changed since it was read, and to create one twice', async () => {
    const { staff } = table.stores;
    const created = member('w-race', 'Alex Roux', ['worker']);
    await staff.put(created, null);
    await expect(staff.put(created, null)).rejects.toBeInstanceOf(ConcurrentWriteError);
    const first = member('w-race', 'Alex Roux', ['manager'], '2026-01-06T09:00:00Z', created);
    const second = member('w-race', 'Alex Roux', ['analyst'], '2026-01-06T09:00:01Z', created);
    await staff.put(first, created);
    await expect(staff.put(second, created)).rejects.toBeInstanceOf(ConcurrentWriteError);
    expect((await staff.get('w-race'))?.groups).toEqual(['manager']);
  });

  it('stores the idempotency record in the same transaction as the member', async () => {
    const { staff, idempotency } = table.stores;
    const request = { scope: 'putStaff#/staff/w-key#admin#k1', bodyHash: fingerprint('{}') };
    const created = member('w-key', 'Sam Blanc', ['worker']);
    const now = new Date();
    await staff.put(created, null, { request, result: { created: true, member: created }, now });
    expect(await idempotency.find(request, now)).toEqual({ result: { created: true, member: created } });
  });
});

describe('listing the staff directory', () => {
  let listing: Awaited<ReturnType<typeof freshTable>>;
  beforeAll(async () => {
    listing = await freshTable();
    const people: [string, string, Group[]][] = [
      ['s-01', 'Zoé Martin', ['worker']],
      ['s-02', 'Émile Bernard', ['worker', 'manager']],
      ['s-03', 'emma Lefèvre', ['analyst']],
      ['s-04', 'Élodie Petit', ['worker']],
      ['s-05', 'Petit', ['admin']],
      ['s-06', 'Petit Jean', ['worker']],
      ['s-07', 'Lucas Moreau', ['manager']],
      ['s-08', 'Léa Garnier', ['worker', 'admin']],
      ['s-09', 'Hugo Faure', ['worker']],
      ['s-10', 'Hugo Faure', ['worker']],
    ];
    for (const [id, name, groups] of people) await listing.stores.staff.put(member(id, name, groups), null);
  });
  afterAll(async () => listing.drop());

  it('lists everyone by name as a person sorts it (case and accents aside), namesakes by id, page by page', async () => {
    const { ids, pages } = await everyPage(listing.stores.staff, undefined, 3);
    expect(ids).toEqual(['s-04', 's-02', 's-03', 's-09', 's-10', 's-08', 's-07', 's-05', 's-06', 's-01']);
    expect(pages).toBe(4);
  });

  it('lists one group’s members in full pages, none repeated or lost', async () => {
    const { ids, pages } = await everyPage(listing.stores.staff, 'worker', 2);
    expect(ids).toEqual(['s-04', 's-02', 's-09', 's-10', 's-08', 's-06', 's-01']);
    expect(pages).toBe(4);
    expect((await everyPage(listing.stores.staff, 'analyst', 5)).ids).toEqual(['s-03']);
  });

  it('moves a member out of the groups it left and into those it joined, and shows it inactive', async () => {
    const { staff } = listing.stores;
    const before = (await staff.get('s-01'))!;
    const after = putStaffMember(
      's-01',
      staffBodySchema.parse({ name: 'Zoé Martin', email: before.email, groups: ['manager'], active: false }),
      before,
      new Date('2026-03-01T09:00:00Z'),
    );
    await staff.put(after, before);
    expect((await everyPage(staff, 'worker', 10)).ids).not.toContain('s-01');
    const managers = await staff.list({ group: 'manager' }, { limit: 10 });
    expect(managers.items.map((item) => item.id)).toEqual(['s-02', 's-07', 's-01']);
    expect(managers.items.at(-1)).toEqual(after);
    expect((await staff.list({}, { limit: 100 })).items).toHaveLength(10);
  });
});
