import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockFileName } from '../../infra/local/data-directory.js';

/** Lines of `pgrep -af` (pid and command line) that mention `text`; empty when none do. */
export function processesUsing(text: string): string {
  try {
    return execFileSync('pgrep', ['-af', text], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

/** The pids of the Java processes (not their watchdog) serving a data directory. */
export function javaPidsFor(directory: string): number[] {
  return processesUsing(directory)
    .split('\n')
    .filter((line) => /^\d+ java /.test(line))
    .map((line) => Number(line.split(' ')[0]));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs: number): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface NpmStart {
  /** The `npm` process; the runtime (node) is its child. */
  npm: ChildProcess;
  output(): string;
  /** Settles with npm's exit code once it has exited. */
  exited: Promise<number | null>;
  /** Resolves once the runtime prints the address it serves; rejects if npm exits first. */
  served: Promise<void>;
}

/**
 * Every `npm start` of a test file, each with its own temporary data directory; `cleanUp()`
 * (afterAll) kills whatever is left — npm, the runtime, the watchdog and Java — with SIGKILL.
 */
export class NpmStarts {
  private readonly started: NpmStart[] = [];
  private readonly directories: string[] = [];
  private readonly runtimePids = new Set<number>();

  dataDirectory(): string {
    const directory = mkdtempSync(join(tmpdir(), 'asll-start-'));
    this.directories.push(directory);
    return directory;
  }

  /** `npm start` as a new user types it. */
  start(options: { port: number; dataDirectory: string; policy?: string; environment?: Record<string, string> }): NpmStart {
    const npm = spawn('npm', ['start'], {
      env: {
        ...process.env,
        PORT: String(options.port),
        ASLL_DATA_DIR: options.dataDirectory,
        ASLL_POLICY: options.policy ?? 'plateforme',
        ...options.environment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    const served = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not serve in time:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes(`http://127.0.0.1:${options.port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      npm.stdout?.on('data', read);
      npm.stderr?.on('data', read);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}):\n${output}`));
      });
    });
    served.catch(() => undefined); // callers that expect a failure await `exited` instead
    const started = { npm, output: () => output, exited, served };
    this.started.push(started);
    return started;
  }

  /** The runtime's node process, as its lock on the data directory names it. */
  runtimePid(dataDirectory: string): number {
    const { pid } = JSON.parse(readFileSync(join(dataDirectory, lockFileName), 'utf8')) as { pid: number };
    this.runtimePids.add(pid);
    return pid;
  }

  async cleanUp(): Promise<void> {
    for (const directory of this.directories) {
      try {
        this.runtimePid(directory);
      } catch {
        // no runtime holds it
      }
    }
    for (const pid of this.runtimePids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const { npm } of this.started) if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    for (const directory of this.directories) {
      // Java and its watchdog name the directory on their command line; the runtime's death should have ended them.
      const leftovers = () => processesUsing(directory).split('\n').filter(Boolean);
      try {
        await waitFor('the processes of the data directory to end', () => leftovers().length === 0, 5000);
      } catch {
        for (const line of leftovers()) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      }
      rmSync(directory, { recursive: true, force: true });
    }
  }
}

/** Sends a signal and resolves with npm's exit code. */
export async function stop(started: NpmStart, signal: NodeJS.Signals): Promise<number | null> {
  started.npm.kill(signal);
  return started.exited;
}
