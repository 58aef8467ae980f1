import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local data directory (ASLL_DATA_DIR): households' personal data, the token issuer's private
 * key. Readable by its owner only, and used by one runtime at a time.
 */

export const lockFileName = 'runtime.lock';

/** Creates the directory if needed, and makes it and everything in it owner-only (folders 0700, files 0600). */
export function prepareDataDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  restrictToOwner(directory);
}

/** Fixes installs made before the data directory was owner-only. Symbolic links are left as they are. */
function restrictToOwner(path: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return;
  if (stats.isDirectory()) {
    if ((stats.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) restrictToOwner(join(path, name));
  } else if (stats.isFile() && (stats.mode & 0o777) !== 0o600) {
    chmodSync(path, 0o600);
  }
}

export class DataDirectoryLockedError extends Error {
  constructor(
    readonly directory: string,
    readonly pid: number,
  ) {
    super(
      `Le dossier de données ${directory} est déjà utilisé par un autre ASLL en marche (processus ${pid}). ` +
        `Arrêtez ce processus (kill ${pid}) ou choisissez un autre dossier avec ASLL_DATA_DIR.`,
    );
  }
}

/** What the lock file holds: who owns the data directory. */
interface LockContent {
  pid: number;
  /** The process's start time as Linux counts it (/proc/<pid>/stat), to recognise a reused pid; null elsewhere. */
  processStart: string | null;
  startedAt: string;
}

/** Field 22 of /proc/<pid>/stat (start time since boot, in clock ticks), or null off Linux or when there is no such process. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the runtime that holds this lock, or null when the lock is stale (its process is gone). */
function holderOf(content: string): number | null {
  let lock: Partial<LockContent>;
  try {
    lock = JSON.parse(content) as Partial<LockContent>;
  } catch {
    return null; // a lock cut short by a crash while it was written
  }
  const { pid } = lock;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  if (!isAlive(pid)) return null;
  const start = processStartTime(pid);
  if (lock.processStart && start && start !== lock.processStart) return null; // the pid now belongs to another program
  return pid;
}

export interface DataDirectoryLock {
  /** Removes the lock file if it is still this process's; synchronous, so it also runs on `exit`. */
  release(): void;
}

/**
 * Takes the data directory for this process: a lock file created exclusively (O_EXCL), holding
 * this process's pid. A lock whose process is no longer alive (a runtime killed with SIGKILL) is
 * taken over; a live one makes this throw a DataDirectoryLockedError that names its process.
 */
export function lockDataDirectory(directory: string): DataDirectoryLock {
  const file = join(directory, lockFileName);
  const content: LockContent = {
    pid: process.pid,
    processStart: processStartTime(process.pid),
    startedAt: new Date().toISOString(),
  };
  const serialized = `${JSON.stringify(content)}\n`;
  // A few tries: each failed one found a lock that was released or stale in the meantime.
  for (let attempt = 1; ; attempt++) {
    try {
      writeFileSync(file, serialized, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (attempt === 3) throw new Error(`Impossible de verrouiller le dossier de données ${directory} : réessayez.`);
    let existing: string;
    try {
      existing = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw error;
    }
    const holder = holderOf(existing);
    if (holder !== null) throw new DataDirectoryLockedError(directory, holder);
    // Stale: its runtime was killed without releasing it.
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      if (readFileSync(file, 'utf8') === serialized) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return { release };
}
