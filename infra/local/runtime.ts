import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useStaffIdentities } from '../../functions/shared/staff-identities.js';
import type { PolicyId } from '../../lib/domain/policies.js';
import { createClient } from '../../lib/store/client.js';
import { table } from '../manifest.js';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { createGateway } from './gateway.js';
import { createEphemeralIssuerKeys, loadOrCreateIssuerKeys, type IssuerKeys } from './issuer.js';
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
}

export interface LocalRuntime {
  url: string;
  dynamodbEndpoint: string;
  tableName: string;
  issuerKeys: IssuerKeys;
  /** The local issuer's accounts, which `PUT /staff/{id}` keeps in step with the directory. */
  accounts: LocalStaffAccounts;
  stop(): Promise<void>;
}

/**
 * The whole system on this machine: DynamoDB Local, the manifest's table, and the manifest's
 * routes served by their unchanged handlers behind an API Gateway emulation on 127.0.0.1.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  let database: DynamoDbLocal | undefined;
  const dynamodbEndpoint =
    options.dynamodbEndpoint ??
    (database = await startDynamoDbLocal(
      options.dataDirectory ? { dataDirectory: resolve(options.dataDirectory, 'dynamodb') } : {},
    )).endpoint;
  const tableName = options.tableName ?? localTableName;
  try {
    const client = createClient({ region: localRegion, endpoint: dynamodbEndpoint });
    await ensureTable(client, tableName, table);
    client.destroy();

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

    const issuerKeys = options.dataDirectory
      ? await loadOrCreateIssuerKeys(options.dataDirectory)
      : await createEphemeralIssuerKeys();
    const server = createGateway({ projectRoot, issuerKeys, webRoot: resolve(projectRoot, 'web') });
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolveListen());
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      dynamodbEndpoint,
      tableName,
      issuerKeys,
      accounts,
      async stop() {
        server.closeAllConnections();
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        await database?.stop();
      },
    };
  } catch (error) {
    await database?.stop();
    throw error;
  }
}
