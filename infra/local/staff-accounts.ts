import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaffIdentities } from '../../functions/shared/staff-identities.js';
import type { StaffMember } from '../../lib/domain/staff.js';
import type { Group } from '../../lib/identity.js';

/** What the local issuer knows of a staff member: what Cognito would hold of its account. */
export interface LocalAccount {
  name: string;
  email: string;
  groups: Group[];
  active: boolean;
}

export type LocalAccounts = Record<string, LocalAccount>;

/** `<data>/issuer/users.json`, beside the issuer's key: the accounts `npm run token` mints for. */
export const accountsFile = (dataDirectory: string) => join(dataDirectory, 'issuer', 'users.json');

/** The accounts of a data directory; none when the directory has none yet. */
export function readLocalAccounts(dataDirectory: string): LocalAccounts {
  try {
    return JSON.parse(readFileSync(accountsFile(dataDirectory), 'utf8')) as LocalAccounts;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/**
 * The local runtime's identity provider: what Cognito's user pool is on AWS, the local issuer's
 * accounts here. `PUT /staff/{id}` records each member's groups and whether it is active, and
 * `npm run token` reads them (it refuses a token to an inactive member, as Cognito refuses a
 * disabled user). Without a data directory (tests) the accounts live in memory.
 */
export class LocalStaffAccounts implements StaffIdentities {
  private readonly memory: LocalAccounts = {};
  /** Writes one after the other: two requests at once must not lose each other's account. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly dataDirectory?: string) {}

  upsert(member: StaffMember): Promise<void> {
    const account: LocalAccount = { name: member.name, email: member.email, groups: member.groups, active: member.active };
    const write = this.queue.then(() => {
      if (!this.dataDirectory) {
        this.memory[member.id] = account;
        return;
      }
      const accounts = { ...readLocalAccounts(this.dataDirectory), [member.id]: account };
      const file = accountsFile(this.dataDirectory);
      mkdirSync(join(this.dataDirectory, 'issuer'), { recursive: true });
      // Written aside, then renamed: a reader never sees half a file.
      writeFileSync(`${file}.tmp`, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** The accounts as they stand (the data directory's, or those in memory). */
  accounts(): LocalAccounts {
    return this.dataDirectory ? readLocalAccounts(this.dataDirectory) : { ...this.memory };
  }
}
