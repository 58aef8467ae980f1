import type { Group } from '../../lib/identity.js';

/** What the authorization needs of a staff member: whether they are active, and their groups. */
export interface DirectoryEntry {
  active: boolean;
  groups: readonly Group[];
}

export type DirectoryLookup = (staffId: string) => Promise<DirectoryEntry | null>;

let lookup: DirectoryLookup | undefined;

/**
 * The staff directory as the routes' authorization reads it, provided by the module that holds the
 * container's table (dependencies.ts), which every function reading the table imports. A module of
 * its own, so that neither the functions without the table nor the jobs carry the table's code.
 */
export function provideStaffDirectory(directory: DirectoryLookup): void {
  lookup = directory;
}

export function staffDirectory(): DirectoryLookup | undefined {
  return lookup;
}
