import { staffGroups } from './domain/vocabulary.js';

/**
 * Who calls the API: the token's `sub` and its groups (`cognito:groups`, API.md "Conventions").
 * The groups are the staff groups of the vocabulary, so their French labels live in one place.
 */
export const groups = staffGroups.values;
export type Group = (typeof groups)[number];

export interface Caller {
  /** The staff id (a worker's `workerId`): the token's `cognito:username`, or its `sub` where there is none. */
  id: string;
  groups: Group[];
}

export function isGroup(value: string): value is Group {
  return (groups as readonly string[]).includes(value);
}

export function hasGroup(caller: Caller, group: Group): boolean {
  return caller.groups.includes(group);
}
