import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBilan } from '../../lib/domain/bilan.js';
import { recordClosure } from '../../lib/domain/closure.js';
import { recordContract } from '../../lib/domain/contract.js';
import { answerBytes, closingReserveBytes, fileBudgetBytes, headBudgetBytes } from '../../lib/domain/file-limits.js';
import { recordFollowUp } from '../../lib/domain/follow-up.js';
import { reassignMeasure } from '../../lib/domain/handover.js';
import type { Measure, MeasureChange, Visit } from '../../lib/domain/measure.js';
import { policies, type PolicyId } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import type { Task } from '../../lib/domain/task.js';
import { recordVisit, type VisitBody } from '../../lib/domain/visit.js';
import { workAxes } from '../../lib/domain/vocabulary.js';
import { PolicyViolationError } from '../../lib/errors.js';
import { findStoredResult, type IdempotencyRequest } from '../../lib/store/idempotency.js';
import { keys } from '../../lib/store/keys.js';
import { measurePut, type MeasureFile } from '../../lib/store/measures.js';
import { awaitingMeasure, closureBody, on } from '../support/measures.js';
import { freshTable, journalEntry, storeVisitItems } from '../support/store.js';
import { openTask } from '../support/tasks.js';

/**
 * The largest records the schemas accept: texts at their maximum length, of "€" (3 bytes in UTF-8,
 * the most a character of a well-formed text costs per UTF-16 unit the schemas count).
 */
const euros = (length: number, prefix = '') => prefix + '€'.repeat(length - prefix.length);
const longestNotes = euros(4000);

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => table.drop());

const journal = (action: string) => journalEntry(action);

async function storedMeasure(policyId: PolicyId, overrides: Partial<Measure> = {}): Promise<MeasureFile> {
  const measure = awaitingMeasure(policyId, { id: randomUUID(), ...overrides });
  await table.stores.table.transact([measurePut(table.tableName, measure, { create: true, policy: policies[policyId] })], {
    onConditionFailed: () => new Error('exists'),
  });
  return (await table.stores.measures.getFile(measure.id))!;
}

/** One lifecycle step on the file as stored now, read and written as the route does; the file it leaves. */
async function step(
  file: MeasureFile,
  policyId: PolicyId,
  compute: (measure: Measure) => MeasureChange,
  idempotent?: IdempotencyRequest,
): Promise<MeasureFile> {
  const read = (await table.stores.measures.getFile(file.id))!;
  const { tasks, ...measure } = read;
  const now = new Date();
  return table.stores.measures.write({
    policy: policies[policyId],
    before: measure,
    change: compute(measure),
    readVersion: read.version,
    openTasks: tasks,
    journal: journal('step'),
    idempotent: idempotent ? (result) => ({ request: idempotent, result, now }) : undefined,
  });
}

const visitBody = (date: string, notes = longestNotes): VisitBody => ({
  date,
  kind: 'domicile',
  durationMinutes: 600,
  axes: ['budget'],
  withSectorWorker: true,
  actions: ['fsl', 'droits', 'surendettement', 'mediation_bailleur'],
  notes,
});

const visitOf = (measure: Measure, date: string): Visit => {
  const { appended } = recordVisit(measure, visitBody(date), policies.meuse, on('2026-04-10', randomUUID()));
  return appended!.record as Visit;
};

/** Stores visits straight into the file (as so many earlier writes would have): a big file in seconds. */
const storeVisits = (measure: Measure, visits: Visit[]) =>
  storeVisitItems(table.stores.table, measure.id, measure.version, visits);

async function refusalOf(write: Promise<unknown>): Promise<PolicyViolationError> {
  const error = await write.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PolicyViolationError);
  return error as PolicyViolationError;
}

const contractOn = (signedOn: string, objectives: { axis: Measure['axes'][number]; text: string }[]) => ({
  signedOn,
  objectives,
  signatories: ['household' as const, 'worker' as const],
});

describe('a measure file never outgrows what Lambda can answer', () => {
  it('refuses the visit that would take it past its budget, stores nothing, and still opens, closes and takes its follow-up', async () => {
    let file = await storedMeasure('meuse');
    file = await step(file, 'meuse', (measure) =>
      recordContract(measure, contractOn('2026-01-15', [{ axis: 'budget', text: 'Budget' }]), policies.meuse, on('2026-01-15')),
    );
    const bilan = {
      submittedOn: '2026-04-04',
      recommendation: 'end' as const,
      stepsTaken: longestNotes,
      objectivesReached: [{ axis: 'budget' as const, reached: 'yes' as const }],
    };
    file = await step(file, 'meuse', (measure) => recordBilan(measure, bilan, policies.meuse, on('2026-04-04', randomUUID())));

    // As many of the largest visits as fit under the budget for new records.
    const sample = visitOf(file, '2026-02-01');
    const perVisit = answerBytes([sample, sample]) - answerBytes([sample]);
    const count = Math.floor((fileBudgetBytes - closingReserveBytes - answerBytes(file)) / perVisit);
    const dates = (index: number) => `2026-0${2 + (index % 2)}-${String(1 + (index % 28)).padStart(2, '0')}`;
    await storeVisits(
      file,
      Array.from({ length: count }, (_, index) => visitOf(file, dates(index))),
    );
    file = (await table.stores.measures.getFile(file.id))!;
    expect(file.visits).toHaveLength(count);
    expect(answerBytes(file)).toBeLessThanOrEqual(fileBudgetBytes - closingReserveBytes);
    expect(answerBytes(file)).toBeGreaterThan(fileBudgetBytes - closingReserveBytes - perVisit);

    const items = await table.countItems();
    const error = await refusalOf(
      step(file, 'meuse', (measure) =>
        recordVisit(measure, visitBody('2026-04-05'), policies.meuse, on('2026-04-10', randomUUID())),
      ),
    );
    expect(error.statusCode).toBe(422);
    expect(error.message).toMatch(/^Le dossier de cette mesure est plein : cet enregistrement lui ferait dépasser 4,5 Mo, /);
    expect(error.message).toContain('Rien n’a été enregistré.');
    expect(error.message).toContain('demandez à un cadre');
    expect(await table.countItems()).toBe(items);
    const reread = (await table.stores.measures.getFile(file.id))!;
    expect(reread.visits).toHaveLength(count);
    expect(reread.version).toBe(file.version);

    // The steps that end a measure still land, in the room kept for them.
    file = await step(file, 'meuse', (measure) =>
      recordClosure(measure, closureBody('2026-04-14'), policies.meuse, on('2026-04-14')),
    );
    expect(file.status).toBe('closed');
    const followUp = { visitedOn: '2026-10-14', withSectorWorker: true, stillHoused: true, notes: longestNotes };
    file = await step(file, 'meuse', (measure) => recordFollowUp(measure, followUp, policies.meuse, on('2026-10-14')));
    expect(file.followUp?.notes).toBe(longestNotes);
    const final = (await table.stores.measures.getFile(file.id))!;
    expect(answerBytes(final)).toBe(answerBytes(file));
    expect(answerBytes(final)).toBeLessThan(fileBudgetBytes);
  }, 120_000);
});

describe('every item stays under DynamoDB’s 400 KB', () => {
  it('DynamoDB Local refuses an item over 400 KB, as DynamoDB does (what the tests below rely on)', async () => {
    const put = table.stores.table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { PK: `TEST#${randomUUID()}`, SK: 'TEST', text: 'x'.repeat(410_000) } }),
    );
    await expect(put).rejects.toThrow(/size/i);
  });

  it('stores the largest head a measure can have: every text at its longest, renewed until the head is full, then closed and followed up', async () => {
    // asell-intensif sets no count and no total cap on renewals, of one month each.
    let file = await storedMeasure('asell-intensif', {
      axes: [...workAxes.values],
      workerId: euros(128),
      household: { lastName: euros(100), firstName: euros(100), postcode: '55000', commune: euros(100) },
    });
    const objectives = Array.from({ length: 50 }, (_, index) => ({
      axis: workAxes.values[index % workAxes.values.length]!,
      text: euros(1000, `${index} `),
    }));
    file = await step(file, 'asell-intensif', (measure) =>
      recordContract(measure, contractOn('2026-01-15', objectives), policies['asell-intensif'], on('2026-01-15')),
    );
    const bilan = {
      submittedOn: '2026-02-01',
      recommendation: 'renew' as const,
      nextOrientation: 'maintien' as const,
      stepsTaken: longestNotes,
      objectivesReached: workAxes.values.map((axis) => ({ axis, reached: 'partly' as const })),
    };
    const renewal = { decidedOn: '2026-02-01', months: 1, orientation: 'maintien' as const };
    const context = () => on('2026-02-01', randomUUID(), euros(128));
    // The policy sets no count: bilans and renewals go on until the head is full, then a French 422.
    let refused: unknown = null;
    while (refused === null) {
      try {
        file = await step(file, 'asell-intensif', (measure) =>
          recordBilan(measure, bilan, policies['asell-intensif'], context()),
        );
        file = await step(file, 'asell-intensif', (measure) =>
          recordRenewal(measure, renewal, policies['asell-intensif'], context()),
        );
      } catch (error) {
        refused = error;
      }
    }
    expect(refused).toBeInstanceOf(PolicyViolationError);
    expect((refused as PolicyViolationError).message).toMatch(/^Le dossier de cette mesure est plein/);
    const renewals = file.renewals.length;
    // Every text at its longest (50 objectives of 1000 « € », bilans of 4000): still several periods.
    expect(renewals).toBeGreaterThanOrEqual(6);
    // The refused write stored nothing.
    expect((await table.stores.measures.getFile(file.id))!.version).toBe(file.version);
    file = await step(file, 'asell-intensif', (measure) =>
      recordClosure(measure, closureBody('2026-02-01'), policies['asell-intensif'], context()),
    );
    const followUp = { visitedOn: '2026-02-01', withSectorWorker: true, stillHoused: true, notes: longestNotes };
    const keyed: IdempotencyRequest = { scope: `follow-up#${randomUUID()}`, bodyHash: 'hash' };
    file = await step(
      file,
      'asell-intensif',
      (measure) => recordFollowUp(measure, followUp, policies['asell-intensif'], context()),
      keyed,
    );
    expect(file.closure).not.toBeNull();

    const head = (await table.stores.table.get(keys.measure(file.id)))!;
    // Its JSON (more than DynamoDB counts: quotes, commas, braces) stays well under the limit.
    const headBytes = Buffer.byteLength(JSON.stringify(head), 'utf8');
    expect(headBytes).toBeLessThan(headBudgetBytes + 20_000);
    // The idempotency record of a write on it keeps the file without its visits: as small.
    const record = (await table.stores.table.get(keys.idempotency(keyed.scope)))!;
    const recordBytes = Buffer.byteLength(JSON.stringify(record), 'utf8');
    expect(recordBytes).toBeLessThan(360_000);
    expect((await table.stores.measures.getFile(file.id))!.followUp?.notes).toBe(longestNotes);
  }, 60_000);

  it('answers a keyed write on a file of over 400 KB, keeps a small record of it, and replays that first answer byte for byte', async () => {
    let file = await storedMeasure('meuse', { workerId: `w-${randomUUID()}` });
    file = await step(file, 'meuse', (measure) =>
      recordContract(measure, contractOn('2026-01-15', [{ axis: 'budget', text: 'Budget' }]), policies.meuse, on('2026-01-15')),
    );
    await storeVisits(
      file,
      Array.from({ length: 40 }, (_, index) => visitOf(file, `2026-03-${String(1 + Math.floor(index / 2)).padStart(2, '0')}`)),
    );
    file = (await table.stores.measures.getFile(file.id))!;
    expect(answerBytes(file)).toBeGreaterThan(450_000);

    // A visit dated before most of the others: the answer lists it last, the file by date.
    const request: IdempotencyRequest = { scope: `visit#${randomUUID()}`, bodyHash: 'hash-1' };
    const answer = await step(
      file,
      'meuse',
      (measure) => recordVisit(measure, visitBody('2026-03-02'), policies.meuse, on('2026-04-10', randomUUID())),
      request,
    );
    expect(answer.visits).toHaveLength(41);
    const stored = (await table.stores.table.get(keys.idempotency(request.scope)))!;
    expect(Buffer.byteLength(String(stored.result), 'utf8')).toBeLessThan(5_000);

    const replay = async (key: IdempotencyRequest) =>
      JSON.stringify(await table.stores.measures.replay((await findStoredResult(table.stores.table, key, new Date()))!.result));
    expect(await replay(request)).toBe(JSON.stringify(answer));

    // Later writes, a visit and a hand-over, change nothing of that first answer.
    file = await step(answer, 'meuse', (measure) =>
      recordVisit(measure, visitBody('2026-03-01'), policies.meuse, on('2026-04-10', randomUUID())),
    );
    const handover: IdempotencyRequest = { scope: `worker#${randomUUID()}`, bodyHash: 'hash-2' };
    const handedOver = await step(file, 'meuse', (measure) => reassignMeasure(measure, 'w-2', on('2026-04-10')), handover);
    expect(await replay(request)).toBe(JSON.stringify(answer));
    expect(await replay(handover)).toBe(JSON.stringify(handedOver));
    expect(handedOver.visits).toHaveLength(42);
  }, 60_000);
});

describe('a write fits in one DynamoDB transaction', () => {
  const cadenceTask = (measure: Measure, index: number): Task =>
    openTask({
      id: `visit_cadence.${measure.id}.m${index}`,
      kind: 'visit_cadence',
      title: `Rencontres du mois ${index}`,
      dueOn: '2026-02-05',
      measureId: measure.id,
      reference: measure.reference,
      assignee: { workerId: measure.workerId },
    });

  it('refuses to hand over a measure with more open tasks than one transaction can move, and moves nothing', async () => {
    const file = await storedMeasure('meuse', { workerId: `w-${randomUUID()}` });
    await Promise.all(Array.from({ length: 100 }, (_, index) => table.stores.tasks.create(cadenceTask(file, index))));
    const read = (await table.stores.measures.getFile(file.id))!;
    expect(read.tasks).toHaveLength(100);

    const items = await table.countItems();
    const error = await refusalOf(step(read, 'meuse', (measure) => reassignMeasure(measure, 'w-2', on('2026-04-10'))));
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe(
      'Cette mesure a 100 tâches ouvertes : plus qu’une seule opération ne peut en mettre à jour (au plus 95). ' +
        'Marquez comme faites celles qui n’ont plus lieu d’être, puis recommencez.',
    );
    expect(await table.countItems()).toBe(items);
    const after = (await table.stores.measures.getFile(file.id))!;
    expect(after.workerId).toBe(file.workerId);
    expect(after.tasks.every((task) => 'workerId' in task.assignee && task.assignee.workerId === file.workerId)).toBe(true);
  });
});
