import type { StaffMember } from '../domain/staff.js';
import { ConcurrentWriteError } from '../errors.js';
import { groups, type Group } from '../identity.js';
import type { IdempotentWrite } from './idempotency.js';
import { keys } from './keys.js';
import type { Page } from './pagination.js';
import { withoutKeys, type ListOptions, type Table, type TransactItem } from './table.js';

function memberItem(member: StaffMember) {
  return { ...keys.staffMember(member.id), ...keys.staffInDirectory(member.name, member.id), entity: 'staff', ...member };
}

/**
 * One group's membership item. It carries a copy of the member, so that a group's page is one
 * Query; while the member holds the group it has the group's index keys, once it leaves the group
 * it has none and drops out of the group's list (the item stays: the functions may not delete).
 */
function membershipItem(member: StaffMember, group: Group) {
  const holds = member.groups.includes(group);
  return {
    ...keys.staffMembership(member.id, group),
    ...(holds ? keys.staffInGroup(group, member.name, member.id) : {}),
    entity: 'staff-membership',
    member,
  };
}

/**
 * The staff directory (API.md "Staff directory"): who works for the service, in which groups.
 * Staff records are the department's own staff data, not a household's file: no journal entry.
 */
export class StaffStore {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<StaffMember | null> {
    const item = await this.table.get(keys.staffMember(id));
    return item ? withoutKeys<StaffMember>(item) : null;
  }

  /**
   * Writes the member as `put` left it, in one transaction with its group memberships and the
   * request's idempotency record. `previous` is what the write was computed from: the member is
   * written only if it is still that (absent for a creation), so that two administrators editing
   * one member at once cannot mix their groups; the loser gets a ConcurrentWriteError and is retried.
   */
  async put(member: StaffMember, previous: StaffMember | null, idempotent?: IdempotentWrite): Promise<void> {
    const name = this.table.name;
    const condition = previous
      ? {
          ConditionExpression: 'attribute_exists(PK) AND updatedAt = :previousUpdatedAt',
          ExpressionAttributeValues: { ':previousUpdatedAt': previous.updatedAt },
        }
      : { ConditionExpression: 'attribute_not_exists(PK)' };
    // The groups held now, and those just left (so that they leave the group's list); never the others.
    const touched = groups.filter((group) => member.groups.includes(group) || previous?.groups.includes(group));
    const items: TransactItem[] = [
      { Put: { TableName: name, Item: memberItem(member), ...condition } },
      ...touched.map((group): TransactItem => ({ Put: { TableName: name, Item: membershipItem(member, group) } })),
    ];
    await this.table.transact(items, { idempotent, onConditionFailed: () => new ConcurrentWriteError() });
  }

  /** The directory by name (then id), or one group's members; inactive members included, as such. */
  async list(filter: { group?: Group | undefined }, options: ListOptions): Promise<Page<StaffMember>> {
    if (!filter.group) {
      return this.table.page<StaffMember>({ index: 'GSI1', partition: keys.staffDirectory, ascending: true }, options);
    }
    const page = await this.table.page<{ member: StaffMember }>(
      { index: 'GSI1', partition: keys.staffOfGroup(filter.group), ascending: true },
      options,
    );
    return { items: page.items.map((item) => item.member), nextCursor: page.nextCursor };
  }

  /** Every active member of a group, page by page (a group is a few dozen people at most). */
  async activeMembers(group: Group): Promise<StaffMember[]> {
    const members: StaffMember[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({ group }, { limit: 100, cursor });
      members.push(...page.items.filter((member) => member.active));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return members;
  }
}
