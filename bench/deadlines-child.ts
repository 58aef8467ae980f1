import { runDeadlines } from '../functions/deadlines-job.js';
import { getStore } from '../functions/shared/dependencies.js';
import { localRegion, startLocalRuntime } from '../infra/local/runtime.js';
import { lastFullMonth } from '../lib/domain/deadlines.js';
import { policies, type PolicyId } from '../lib/domain/policies.js';
import { createDocumentClient } from '../lib/store/client.js';
import { DeadlineStore } from '../lib/store/deadlines.js';
import { createStores } from '../lib/store/stores.js';
import { generateMeasures, type GeneratedSummary } from './generator.js';
import { measureStatsJob, type StatsJobFigures } from './stats-job.js';

/**
 * One size of the deadlines benchmark, in a process of its own (`bench/deadlines.ts` starts it):
 * the job's modules read their configuration and create their DynamoDB client once per process, as
 * in a Lambda container, so each size gets a fresh table, a fresh job and the environment the local
 * runtime sets. Prints one JSON line: the generated data and the job's figures. The `stats` job is
 * measured after it on the same data (bench/stats-job.ts), so that the measures are written once.
 */

export interface ChildRequest {
  tableName: string;
  policy: PolicyId;
  count: number;
  due: number;
  seed: number;
  /** The benchmark's day (Paris) and the job's instant on it. */
  today: string;
  time: string;
  concurrency: number;
}

export interface JobRun {
  created: number;
  byKind: Record<string, number>;
  itemsRead: number;
  readUnits: number;
  ms: number;
}

export interface ChildAnswer {
  generated: Omit<GeneratedSummary, 'measureIds'>;
  generateMs: number;
  cadenceMonthPremarked: string;
  run: JobRun;
  rerun: JobRun;
  stats: StatsJobFigures;
}

async function timedRun(now: Date): Promise<JobRun> {
  const started = performance.now();
  const { created, indexCost } = await runDeadlines(now);
  const ms = performance.now() - started;
  const byKind: Record<string, number> = {};
  for (const task of created) byKind[task.kind] = (byKind[task.kind] ?? 0) + 1;
  return { created: created.length, byKind, itemsRead: indexCost.itemsRead, readUnits: indexCost.readUnits, ms };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as ChildRequest;
  const log = (line: string) => process.stderr.write(`[banc] échéances, ${request.count} mesures : ${line}\n`);
  // The local runtime: its own DynamoDB Local in memory (a fresh Java for each size, gone with it),
  // the table, and the environment of the functions (TABLE_NAME, ASLL_POLICY, DYNAMODB_ENDPOINT…).
  const runtime = await startLocalRuntime({ policy: request.policy, port: 0, tableName: request.tableName });
  const documentClient = createDocumentClient({ region: localRegion, endpoint: runtime.dynamodbEndpoint });
  try {
    const stores = createStores(documentClient, request.tableName);
    const policy = policies[request.policy];
    const started = performance.now();
    const { measureIds: _ids, ...generated } = await generateMeasures(stores, {
      count: request.count,
      due: request.due,
      policy,
      today: request.today,
      seed: request.seed,
      concurrency: request.concurrency,
      onProgress: (written) => {
        if (written % 2000 === 0) log(`${written} mesures écrites…`);
      },
    });
    const generateMs = performance.now() - started;
    log(`${generated.measures} mesures écrites en ${(generateMs / 1000).toFixed(1)} s (${generated.writes} écritures)`);

    const now = new Date(request.time);
    // The daily reads are measured: the month's visit-cadence check is marked done beforehand, as
    // after the month's first run (the check reads every active measure, once a month).
    const { month } = lastFullMonth(request.today);
    await new DeadlineStore(stores.table).markCadenceChecked(month, now);
    // The job's client opens its connection on a Query of the index that finds nothing (a day
    // before any entry), as a container's earlier runs would have: the run measured is not the first.
    await getStore(DeadlineStore).dueBy('2000-01-01');
    const run = await timedRun(now);
    const rerun = await timedRun(now);
    log('statistiques : première exécution (tout recompter), une journée d’activité, la nuit suivante…');
    const stats = await measureStatsJob(stores, runtime, { policy, today: request.today, seed: request.seed });
    const answer: ChildAnswer = { generated, generateMs, cadenceMonthPremarked: month, run, rerun, stats };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  } finally {
    documentClient.destroy();
    await runtime.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
