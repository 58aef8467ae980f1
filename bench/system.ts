import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { createGateway, type GatewayOptions } from '../infra/local/gateway.js';
import { localRegion, projectRoot, startLocalRuntime, type LocalRuntime } from '../infra/local/runtime.js';
import { createDocumentClient } from '../lib/store/client.js';
import { createStores, type Stores } from '../lib/store/stores.js';
import { onCleanup } from './cleanup.js';
import { HttpClient, type InterleavedSamples } from './latency.js';
import { mean, median, percentile } from './stats.js';

/** What every latency benchmark runs against: DynamoDB Local in memory, the local runtime, the store. */
export interface BenchSystem {
  runtime: LocalRuntime;
  documentClient: DynamoDBDocumentClient;
  stores: Stores;
  tableName: string;
  /** A keep-alive client of the local runtime (the real handlers). */
  realClient: HttpClient;
}

export const benchTable = 'asll-bench';

/** A handler as the local gateway invokes it. */
export type LambdaHandler = Awaited<ReturnType<NonNullable<GatewayOptions['loadHandler']>>>;

export async function startBenchSystem(log: (line: string) => void): Promise<BenchSystem> {
  log('démarrage de DynamoDB Local (en mémoire)…');
  const database = await startDynamoDbLocal();
  onCleanup('DynamoDB Local', () => database.stop());

  const runtime = await startLocalRuntime({
    policy: 'meuse',
    port: 0,
    dynamodbEndpoint: database.endpoint,
    tableName: benchTable,
  });
  onCleanup('le runtime local', () => runtime.stop());

  const documentClient = createDocumentClient({ region: localRegion, endpoint: database.endpoint });
  onCleanup('le client DynamoDB du banc', () => documentClient.destroy());

  const realClient = new HttpClient(runtime.url);
  onCleanup('le client HTTP (réel)', () => realClient.close());
  return { runtime, documentClient, stores: createStores(documentClient, benchTable), tableName: benchTable, realClient };
}

/**
 * A second gateway of the same code (same API Gateway emulation, same token checks) whose
 * `loadHandler` serves the bare handlers instead of the real ones, and a client of it.
 */
export async function startBareGateway(
  system: BenchSystem,
  bareHandlers: ReadonlyMap<string, LambdaHandler>,
): Promise<HttpClient> {
  const gateway = createGateway({
    projectRoot,
    issuerKeys: system.runtime.issuerKeys,
    webRoot: resolve(projectRoot, 'web'),
    loadHandler: async (entry) => {
      const handler = bareHandlers.get(entry);
      if (!handler) throw new Error(`la passerelle des gestionnaires nus ne sert pas ${entry}`);
      return handler;
    },
  });
  await new Promise<void>((resolveListen, reject) => {
    gateway.once('error', reject);
    gateway.listen(0, '127.0.0.1', () => resolveListen());
  });
  onCleanup('la passerelle des gestionnaires nus', async () => {
    gateway.closeAllConnections();
    await new Promise<void>((resolveClose) => gateway.close(() => resolveClose()));
  });
  const { address, port } = gateway.address() as AddressInfo;
  const client = new HttpClient(`http://${address}:${port}`);
  onCleanup('le client HTTP (nu)', () => client.close());
  return client;
}

/** JSON with object keys sorted, so two items compare whatever order DynamoDB returns them in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

export interface LatencyFigures {
  real: number[];
  bare: number[];
  p50: number;
  p95: number;
  bareP50: number;
  bareP95: number;
  mean: number;
  bareMean: number;
  /** Median, over the pairs of adjacent batches, of (real batch median / bare batch median). */
  pairedRatioP50: number;
  /** What each handler wrote (and answered) is equal, identifiers and instants aside. */
  sameItems: boolean;
  itemsDifference: string | null;
}

/** The figures of interleaved samples, and the verdict of the items comparison. */
export function latencyFigures(
  [realBatches, bareBatches]: InterleavedSamples,
  realItems: string,
  bareItems: string,
): LatencyFigures {
  const real = realBatches.flat();
  const bare = bareBatches.flat();
  const sameItems = realItems === bareItems;
  return {
    real,
    bare,
    p50: percentile(real, 50),
    p95: percentile(real, 95),
    bareP50: percentile(bare, 50),
    bareP95: percentile(bare, 95),
    mean: mean(real),
    bareMean: mean(bare),
    pairedRatioP50: median(realBatches.map((batch, index) => median(batch) / median(bareBatches[index]!))),
    sameItems,
    itemsDifference: sameItems ? null : `réel : ${realItems}\nnu   : ${bareItems}`,
  };
}
