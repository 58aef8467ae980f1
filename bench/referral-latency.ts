import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { createGateway } from '../infra/local/gateway.js';
import { localRegion, projectRoot, startLocalRuntime } from '../infra/local/runtime.js';
import { routes } from '../infra/manifest.js';
import { createStores } from '../lib/store/stores.js';
import { createDocumentClient } from '../lib/store/client.js';
import { keys } from '../lib/store/keys.js';
import { validReferral } from '../test/support/fixtures.js';
import { bareReferralHandler } from './bare-referral-handler.js';
import { onCleanup } from './cleanup.js';
import { HttpClient, measureInterleaved, type InterleavedPlan } from './latency.js';
import { mean, median, percentile } from './stats.js';

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
  /** The referral and audit items each handler wrote are equal, identifiers and instants aside. */
  sameItems: boolean;
  itemsDifference: string | null;
}

const benchTable = 'asll-bench';
const path = routes.createReferral.path;

/** JSON with object keys sorted, so two items compare whatever order DynamoDB returns them in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/**
 * `POST /referrals` through the local runtime (API Gateway emulation on 127.0.0.1, DynamoDB Local
 * in memory), beside the bare handler behind a second gateway of the same code over the same table.
 */
export async function measureReferralLatency(plan: InterleavedPlan, log: (line: string) => void): Promise<LatencyFigures> {
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
  const stores = createStores(documentClient, benchTable);

  const body = JSON.stringify(validReferral());
  const realClient = new HttpClient(runtime.url);
  onCleanup('le client HTTP (réel)', () => realClient.close());

  // What the domain computes for this body, read from what the real handler stored.
  const first = await realClient.post(path, body);
  if (first.status !== 201) throw new Error(`POST ${path} (réel) : ${first.status} — ${first.body.slice(0, 300)}`);
  const captured = await stores.referrals.get((JSON.parse(first.body) as { id: string }).id);
  if (!captured) throw new Error('la saisine écrite par le vrai gestionnaire est introuvable');

  const bare = bareReferralHandler({ store: stores.referrals, screening: captured.screening });
  const bareGateway = createGateway({
    projectRoot,
    issuerKeys: runtime.issuerKeys,
    webRoot: resolve(projectRoot, 'web'),
    loadHandler: async (entry) => {
      if (entry === routes.createReferral.entry) return bare;
      throw new Error(`la passerelle du gestionnaire nu ne sert que ${path}`);
    },
  });
  await new Promise<void>((resolveListen, reject) => {
    bareGateway.once('error', reject);
    bareGateway.listen(0, '127.0.0.1', () => resolveListen());
  });
  onCleanup('la passerelle du gestionnaire nu', async () => {
    bareGateway.closeAllConnections();
    await new Promise<void>((resolveClose) => bareGateway.close(() => resolveClose()));
  });
  const { address, port } = bareGateway.address() as AddressInfo;
  const bareClient = new HttpClient(`http://${address}:${port}`);
  onCleanup('le client HTTP (nu)', () => bareClient.close());

  log(`mesure : ${plan.warmup} requêtes de chauffe puis ${plan.batches} lots alternés de ${plan.batchSize}, par variante…`);
  const [realBatches, bareBatches] = await measureInterleaved(
    [
      { name: 'gestionnaire réel', send: () => realClient.post(path, body) },
      { name: 'gestionnaire nu', send: () => bareClient.post(path, body) },
    ],
    plan,
  );

  // The comparison is fair only if both wrote the same thing: one more request each, compared.
  const written = async (client: HttpClient) => {
    const answer = await client.post(path, body);
    const { id, reference } = JSON.parse(answer.body) as { id: string; reference: string };
    const item = (await documentClient.send(new GetCommand({ TableName: benchTable, Key: keys.referral(id) }))).Item ?? {};
    const audit = (await stores.journal.list(keys.referralPartition(id), { limit: 100 })).items;
    let text = canonical({ status: answer.status, item, audit });
    for (const [value, placeholder] of [
      [id, '<id>'],
      [reference, '<reference>'],
      [String(item.receivedAt), '<receivedAt>'],
      [String(item.receivedOn), '<receivedOn>'],
    ] as const) {
      text = text.replaceAll(value, placeholder);
    }
    return text;
  };
  const realItems = await written(realClient);
  const bareItems = await written(bareClient);
  const sameItems = realItems === bareItems;

  const real = realBatches.flat();
  const bareSamples = bareBatches.flat();
  const pairedRatios = realBatches.map((batch, index) => median(batch) / median(bareBatches[index]!));

  return {
    real,
    bare: bareSamples,
    p50: percentile(real, 50),
    p95: percentile(real, 95),
    bareP50: percentile(bareSamples, 50),
    bareP95: percentile(bareSamples, 95),
    mean: mean(real),
    bareMean: mean(bareSamples),
    pairedRatioP50: median(pairedRatios),
    sameItems,
    itemsDifference: sameItems ? null : `réel : ${realItems}\nnu   : ${bareItems}`,
  };
}
