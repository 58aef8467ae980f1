import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mintToken } from '../infra/local/issuer.js';
import { routes } from '../infra/manifest.js';
import { recordContract } from '../lib/domain/contract.js';
import { parisDate } from '../lib/domain/dates.js';
import { decideReferral } from '../lib/domain/decision.js';
import type { Measure } from '../lib/domain/measure.js';
import { policies } from '../lib/domain/policies.js';
import { recordVisit } from '../lib/domain/visit.js';
import { keys } from '../lib/store/keys.js';
import type { JournalEntry } from '../lib/store/journal.js';
import { validReferral } from '../test/support/fixtures.js';
import { bareMeasureFileHandler, bareVisitHandler } from './bare-measure-handlers.js';
import type { HttpClient } from './latency.js';
import { canonical, type BenchSystem } from './system.js';

/** The worker every benchmark measure is assigned to; the token's `sub`. */
const workerId = 'bench-worker';
const managerId = 'bench-manager';
const policy = policies.meuse;

/** Measures each variant writes its visits to, in turn: a file grows by one visit every `poolSize` requests. */
const poolSize = 16;
/** Visits of the measure whose file `GET /measures/{id}` reads. */
export const fileVisits = 100;

const visitBody = (date: string) => ({
  date,
  kind: 'domicile',
  durationMinutes: 60,
  axes: ['budget'],
  actions: ['fsl'],
  notes: 'Point sur les factures et le plan d’apurement.',
});

const storeEntry = (actor: string, action: string, route: string): JournalEntry => ({
  at: new Date().toISOString(),
  actor,
  groups: [actor === managerId ? 'manager' : 'worker'],
  action,
  route,
});

/**
 * An active measure of `workerId`, set up through the store rather than the routes (so that a
 * change to the decision route, such as a staff directory, leaves the benchmark alone): a referral
 * received through the public route, accepted by the domain's decision and saved with
 * `ReferralStore.saveDecision`, then its contract signed today, written with `MeasureStore.write`.
 */
async function activeMeasure(system: BenchSystem): Promise<Measure> {
  const { realClient, stores } = system;
  const received = await realClient.post(routes.createReferral.path, JSON.stringify(validReferral()));
  if (received.status !== 201) throw new Error(`saisine : ${received.status} — ${received.body.slice(0, 300)}`);
  const referral = await stores.referrals.get((JSON.parse(received.body) as { id: string }).id);
  if (!referral) throw new Error('saisine introuvable');
  const now = new Date();
  const today = parisDate(now);
  const outcome = decideReferral(
    referral,
    {
      decision: 'accepted',
      decidedOn: today,
      orientation: 'maintien',
      axes: ['budget', 'prevention_expulsion'],
      durationMonths: policy.initialDurationsMonths[0]!,
      workerId,
    },
    policy,
    { managerId, now, measureId: randomUUID(), worker: { id: workerId, active: true, groups: ['worker'] } },
  );
  await stores.referrals.saveDecision(outcome, referral.version, { policy, journal: storeEntry(managerId, 'decided', 'bench') });
  const file = await stores.measures.getFile(outcome.measure!.id);
  const { tasks, ...measure } = file!;
  const change = recordContract(
    measure,
    {
      signedOn: today,
      objectives: [
        { axis: 'budget', text: 'Établir un budget mensuel avec le ménage.' },
        { axis: 'prevention_expulsion', text: 'Négocier un plan d’apurement avec le bailleur.' },
      ],
      signatories: policy.tripartiteContract ? ['household', 'worker', 'referrer'] : ['household', 'worker'],
    },
    policy,
    { today, now, actorId: workerId, recordId: randomUUID() },
  );
  await stores.measures.write({
    policy,
    before: measure,
    change,
    readVersion: measure.version,
    openTasks: tasks,
    journal: storeEntry(workerId, 'contract', 'bench'),
  });
  return change.measure;
}

/** Appends `count` visits to a measure through the domain's step and `MeasureStore.write`. */
async function withVisits(system: BenchSystem, measure: Measure, count: number): Promise<Measure> {
  let current = measure;
  for (let index = 0; index < count; index += 1) {
    const now = new Date();
    const today = parisDate(now);
    const change = recordVisit(current, visitBody(today) as Parameters<typeof recordVisit>[1], policy, {
      today,
      now,
      actorId: workerId,
      recordId: randomUUID(),
    });
    await system.stores.measures.write({
      policy,
      before: current,
      change,
      readVersion: current.version,
      openTasks: [],
      journal: storeEntry(workerId, 'visit', 'bench'),
    });
    current = change.measure;
  }
  return current;
}

/** Identifiers, instants and references replaced, so that two measures' items compare. */
function anonymous(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<instant>')
    .replace(/ASLL-\d{4}-\d{6}/g, '<reference>');
}

/** The newest journal entry of a measure's file. */
async function lastJournalEntry(system: BenchSystem, measureId: string) {
  const result = await system.documentClient.send(
    new QueryCommand({
      TableName: system.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.measurePartition(measureId), ':prefix': keys.journalPrefix },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return result.Items?.[0] ?? null;
}

export async function workerToken(system: BenchSystem): Promise<Record<string, string>> {
  const token = await mintToken(system.runtime.issuerKeys, { sub: workerId, groups: ['worker'] });
  return { authorization: `Bearer ${token}` };
}

/**
 * `POST /measures/{id}/visits`: each variant writes to its own pool of active measures, in turn,
 * so that files grow alike and slowly. The comparison: one more visit each, on two fresh measures
 * set up the same way, and the head, visit and journal items it wrote, with the answer.
 */
export async function prepareVisitBenchmark(system: BenchSystem) {
  const authorization = await workerToken(system);
  const pool = async () => Promise.all(Array.from({ length: poolSize }, () => activeMeasure(system)));
  const pools = {
    real: { ids: (await pool()).map((measure) => measure.id), next: 0 },
    bare: { ids: (await pool()).map((measure) => measure.id), next: 0 },
  };
  const pathOf = (id: string) => routes.recordVisit.path.replace('{id}', id);
  const body = JSON.stringify(visitBody(parisDate(new Date())));

  const written = async (client: HttpClient) => {
    const measure = await activeMeasure(system);
    const answer = await client.post(pathOf(measure.id), body, authorization);
    const { visits } = JSON.parse(answer.body) as Measure;
    const visit = visits.at(-1)!;
    const get = async (key: Record<string, unknown>) =>
      (await system.documentClient.send(new GetCommand({ TableName: system.tableName, Key: key }))).Item ?? null;
    const head = await get(keys.measure(measure.id));
    const visitItem = await get(keys.measureVisit(measure.id, visit.date, visit.id));
    const journal = await lastJournalEntry(system, measure.id);
    return anonymous(canonical({ status: answer.status, answer: JSON.parse(answer.body), head, visitItem, journal }));
  };

  return {
    entry: routes.recordVisit.entry,
    bare: bareVisitHandler(system.stores.measures, system.stores.staff),
    send: (client: HttpClient, isBare: boolean) => {
      const state = isBare ? pools.bare : pools.real;
      const id = state.ids[state.next++ % state.ids.length]!;
      return client.post(pathOf(id), body, authorization);
    },
    written,
  };
}

/**
 * `GET /measures/{id}` of one measure with `fileVisits` visits, read by both variants. The
 * comparison: the answer of one more request each, and the journal entry that request wrote.
 */
export async function prepareMeasureFileBenchmark(system: BenchSystem) {
  const authorization = await workerToken(system);
  const measure = await withVisits(system, await activeMeasure(system), fileVisits);
  const path = routes.getMeasure.path.replace('{id}', measure.id);
  const first = await system.realClient.get(path, authorization);
  const visits = (JSON.parse(first.body) as Measure).visits?.length;
  if (first.status !== 200 || visits !== fileVisits) {
    throw new Error(`GET ${routes.getMeasure.path} : ${first.status}, ${visits} rencontres au lieu de ${fileVisits}`);
  }

  const written = async (client: HttpClient) => {
    const answer = await client.get(path, authorization);
    const journal = await lastJournalEntry(system, measure.id);
    return anonymous(canonical({ status: answer.status, answer: JSON.parse(answer.body), journal }));
  };

  return {
    entry: routes.getMeasure.entry,
    bare: bareMeasureFileHandler(system.stores.measures, system.stores.journal, system.stores.staff),
    send: (client: HttpClient) => client.get(path, authorization),
    status: 200,
    written,
  };
}
