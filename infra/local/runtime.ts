import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useMailer } from '../../functions/shared/mailer.js';
import { useStaffIdentities } from '../../functions/shared/staff-identities.js';
import type { PolicyId } from '../../lib/domain/policies.js';
import { createClient } from '../../lib/store/client.js';
import { table } from '../manifest.js';
import { startScheduler } from './scheduler.js';
import { lockDataDirectory, prepareDataDirectory, type DataDirectoryLock } from './data-directory.js';
import { startDynamoDbLocal, type DynamoDbLocal, type DynamoDbLocalExit } from './dynamodb-local.js';
import { buildStaffApp, type BuiltFile } from '../web-build.js';
import { createGateway } from './gateway.js';
import { createEphemeralIssuerKeys, loadOrCreateIssuerKeys, type IssuerKeys } from './issuer.js';
import { LocalMailbox } from './mailbox.js';
import { createLocalSignIn } from './sign-in.js';
import { LocalStaffAccounts } from './staff-accounts.js';
import { ensureTable } from './table.js';

export const projectRoot = resolve(fileURLToPath(import.meta.url), '../../..');
export const localTableName = 'asll-local';
export const localRegion = 'eu-west-3';

export interface LocalRuntimeOptions {
  policy: PolicyId;
  /** 0 picks a free port. */
  port: number;
  /** Where data and the issuer key are kept; absent: everything in memory, gone at stop. */
  dataDirectory?: string;
  /** An already running DynamoDB Local (tests share one); absent: one is started. */
  dynamodbEndpoint?: string;
  tableName?: string;
  /**
   * Called when the DynamoDB Local this runtime started died and could not be restarted: the
   * runtime can no longer serve. Absent: the reason is written to stderr.
   */
  onFatalError?: (error: Error) => void;
  /** Runs the manifest's jobs on their schedules (`npm start`); tests run jobs themselves. */
  scheduleJobs?: boolean;
  /** Builds the staff pages again at each load of `/staff/` (`npm start`: edit, reload); tests build once. */
  rebuildStaffPages?: boolean;
}

/** What `npm run job` needs to reach a running runtime: kept beside the lock, owner-only. */
export const runtimeStateFile = 'runtime.json';

export interface RuntimeState {
  pid: number;
  url: string;
  dynamodbEndpoint: string;
  tableName: string;
  policy: PolicyId;
}

export interface LocalRuntime {
  url: string;
  dynamodbEndpoint: string;
  tableName: string;
  issuerKeys: IssuerKeys;
  /** The local issuer's accounts, which `PUT /staff/{id}` keeps in step with the directory. */
  accounts: LocalStaffAccounts;
  /** Where staff emails land: `<data>/mail/*.eml`, or memory without a data directory. */
  mailbox: LocalMailbox;
  stop(): Promise<void>;
}

/** How often DynamoDB Local may die before the runtime gives up, and how often a restart is tried. */
const restartPolicy = { maxDeathsPerMinute: 3, attempts: 3, pauseMilliseconds: 1000 } as const;

function describeExit(exit: DynamoDbLocalExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code !== null && exit.code > 128) {
    // The watchdog reports Java's death by signal n as 128 + n.
    const number = exit.code - 128;
    return `signal ${Object.entries(constants.signals).find(([, value]) => value === number)?.[0] ?? number}`;
  }
  return `code ${exit.code}`;
}

interface SupervisedDatabase {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Keeps DynamoDB Local alive: when Java dies (killed, crashed), it is started again on the same
 * port and the same files, so the handlers' cached DynamoDB client keeps working; meanwhile the
 * routes answer 503. After too many deaths, or when it cannot start again, `onFatal` is called.
 */
async function superviseDynamoDbLocal(
  options: { dataDirectory?: string; onReady: (endpoint: string) => Promise<void> },
  onFatal: (error: Error) => void,
): Promise<SupervisedDatabase> {
  const startOptions = options.dataDirectory ? { dataDirectory: options.dataDirectory } : {};
  let current = await startDynamoDbLocal(startOptions);
  const { endpoint, port } = current;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const deaths: number[] = [];

  const restart = async (exit: DynamoDbLocalExit): Promise<void> => {
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - 60_000) deaths.shift();
    if (deaths.length > restartPolicy.maxDeathsPerMinute) {
      onFatal(
        new Error(
          `DynamoDB Local s’est arrêté ${deaths.length} fois en une minute (dernier arrêt : ${describeExit(exit)}) : abandon.`,
        ),
      );
      return;
    }
    process.stderr.write(
      `DynamoDB Local s’est arrêté (${describeExit(exit)}) : redémarrage sur le port ${port}, mêmes données ; l’API répond 503 en attendant.\n`,
    );
    let lastError: unknown;
    for (let attempt = 1; attempt <= restartPolicy.attempts && !stopping; attempt++) {
      let database: DynamoDbLocal | undefined;
      try {
        database = await startDynamoDbLocal({ ...startOptions, port });
        current = database;
        if (stopping) return; // stop() ends it
        await options.onReady(endpoint);
      } catch (error) {
        await database?.stop();
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, restartPolicy.pauseMilliseconds));
        continue;
      }
      watch(database);
      process.stderr.write('DynamoDB Local a redémarré.\n');
      return;
    }
    if (stopping) return;
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    onFatal(
      new Error(`Impossible de redémarrer DynamoDB Local sur le port ${port} après ${restartPolicy.attempts} essais : ${reason}`),
    );
  };

  const watch = (database: DynamoDbLocal) => {
    void database.exited.then((exit) => {
      if (stopping || database !== current) return;
      restarting = restart(exit).finally(() => {
        restarting = undefined;
      });
    });
  };
  watch(current);

  return {
    endpoint,
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}

/**
 * The whole system on this machine: DynamoDB Local, the manifest's table, and the manifest's
 * routes served by their unchanged handlers behind an API Gateway emulation on 127.0.0.1.
 * With a data directory, the directory is locked for this process and kept owner-only.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const tableName = options.tableName ?? localTableName;
  const ensure = async (endpoint: string) => {
    const client = createClient({ region: localRegion, endpoint });
    try {
      await ensureTable(client, tableName, table);
    } finally {
      client.destroy();
    }
  };
  const onFatal =
    options.onFatalError ??
    ((error: Error) => {
      process.stderr.write(`${error.message}\n`);
    });

  let lock: DataDirectoryLock | undefined;
  let database: SupervisedDatabase | undefined;
  if (options.dataDirectory) {
    prepareDataDirectory(options.dataDirectory);
    lock = lockDataDirectory(options.dataDirectory);
  }
  try {
    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (!dynamodbEndpoint) {
      database = await superviseDynamoDbLocal(
        {
          ...(options.dataDirectory ? { dataDirectory: resolve(options.dataDirectory, 'dynamodb') } : {}),
          // An in-memory database comes back empty: the table is created again.
          onReady: ensure,
        },
        onFatal,
      );
      dynamodbEndpoint = database.endpoint;
    }
    await ensure(dynamodbEndpoint);

    // What the CDK app sets on every function, set here before any handler is loaded.
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      ASLL_POLICY: options.policy,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });

    // The identity provider the staff directory manages: the local issuer's accounts, not Cognito.
    const accounts = new LocalStaffAccounts(options.dataDirectory);
    useStaffIdentities(accounts);
    // Staff emails: .eml files under <data>/mail/, not SES.
    const mailbox = new LocalMailbox(options.dataDirectory);
    useMailer(mailbox);

    const issuerKeys = options.dataDirectory
      ? await loadOrCreateIssuerKeys(options.dataDirectory)
      : await createEphemeralIssuerKeys();
    // Built at the first request for a staff page (most test runtimes never ask for one); with
    // `rebuildStaffPages`, built again whenever the page itself is asked for, so that a reload shows
    // an edit. A failed build is tried again at the next request.
    let staffApp: Promise<BuiltFile[]> | undefined;
    const staffPages = (page: boolean) => {
      if (!staffApp || (page && options.rebuildStaffPages)) {
        const build = buildStaffApp(projectRoot);
        build.catch(() => {
          if (staffApp === build) staffApp = undefined;
        });
        staffApp = build;
      }
      return staffApp;
    };
    const server = createGateway({
      projectRoot,
      issuerKeys,
      webRoot: resolve(projectRoot, 'web'),
      staffApp: staffPages,
      signIn: createLocalSignIn({ issuerKeys, accounts: () => accounts.accounts() }),
    });
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolveListen());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    // The links of the emails the deadlines job sends lead to this runtime's pages.
    process.env.WEB_ORIGIN = url;
    const stateFile = options.dataDirectory ? resolve(options.dataDirectory, runtimeStateFile) : undefined;
    if (stateFile) {
      const state: RuntimeState = { pid: process.pid, url, dynamodbEndpoint, tableName, policy: options.policy };
      writeFileSync(stateFile, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    }
    const scheduler = options.scheduleJobs ? startScheduler(projectRoot, (line) => process.stdout.write(`${line}\n`)) : undefined;
    return {
      url,
      dynamodbEndpoint,
      tableName,
      issuerKeys,
      accounts,
      mailbox,
      async stop() {
        scheduler?.stop();
        if (stateFile) rmSync(stateFile, { force: true });
        server.closeAllConnections();
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        await database?.stop();
        lock?.release();
      },
    };
  } catch (error) {
    await database?.stop();
    lock?.release();
    throw error;
  }
}
