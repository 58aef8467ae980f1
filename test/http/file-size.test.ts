import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerBytes, closingReserveBytes, fileBudgetBytes } from '../../lib/domain/file-limits.js';
import type { Visit } from '../../lib/domain/measure.js';
import { parisToday } from '../support/dates.js';
import { acceptedMeasure, endingBilan, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';
import { storeVisitItems } from '../support/store.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;
let lucie: string;
beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m-claire', 'manager');
  lucie = await system.token('w-lucie', 'worker');
  await system.registerStaff('w-lucie', ['worker']);
});
afterAll(async () => system.stop());

const post = (path: string, token: string, body: unknown, headers?: Record<string, string>) =>
  system.request('POST', path, { token, body, headers });

/** The audit's visit: the longest notes the schema takes, of "€" (3 bytes each in UTF-8). */
const auditVisit = () => ({
  date: parisToday(),
  kind: 'domicile',
  durationMinutes: 600,
  axes: ['budget'],
  actions: ['fsl'],
  notes: '€'.repeat(4000),
});

/** A measure, contract signed and bilan recorded, that holds `count` of the audit's visits (stored directly: fast). */
async function measureWithVisits(count: (visit: Visit, fileBytes: number) => number) {
  const { id } = await acceptedMeasure(system, { manager, workerId: 'w-lucie', registered: true });
  await post(`/measures/${id}/contract`, lucie, signedContract());
  const file = (await post(`/measures/${id}/bilans`, lucie, endingBilan())).body;
  const visit: Visit = {
    id: '',
    ...(auditVisit() as Omit<Visit, 'id' | 'withSectorWorker' | 'recordedBy' | 'recordedAt'>),
    withSectorWorker: false,
    recordedBy: 'w-lucie',
    recordedAt: new Date().toISOString(),
  };
  const visits = Array.from({ length: count(visit, answerBytes(file)) }, () => ({ ...visit, id: randomUUID() }));
  await storeVisitItems(system.stores.table, id, file.version, visits);
  return { id, count: visits.length };
}

describe('a measure file the audit filled with the longest visits', () => {
  it('refuses the visit that would overfill it with a French 422, stores nothing, and still opens and closes', async () => {
    const { id, count } = await measureWithVisits((visit, fileBytes) => {
      const perVisit = answerBytes([visit, visit]) - answerBytes([visit]);
      return Math.floor((fileBudgetBytes - closingReserveBytes - fileBytes) / perVisit);
    });
    const read = await system.request('GET', `/measures/${id}`, { token: manager });
    expect(read.status).toBe(200);
    expect(read.body.visits).toHaveLength(count);

    const headers = { 'Idempotency-Key': `full-${id}` };
    const refused = await post(`/measures/${id}/visits`, lucie, auditVisit(), headers);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('POLICY_VIOLATION');
    expect(refused.body.error.message).toMatch(/^Le dossier de cette mesure est plein : .* Rien n’a été enregistré\./);
    expect(refused.body.error.message).toContain('demandez à un cadre');
    // Nothing stored, not even the key: the same request is judged again.
    expect((await post(`/measures/${id}/visits`, lucie, auditVisit(), headers)).status).toBe(422);
    const after = await system.request('GET', `/measures/${id}`, { token: lucie });
    expect(after.body.visits).toHaveLength(count);
    expect(after.body.version).toBe(read.body.version);

    const closed = await post(`/measures/${id}/closure`, lucie, {
      endedOn: parisToday(),
      reason: 'objectives_met',
      housingOutcome: 'kept',
    });
    expect(closed.status).toBe(201);
    const followUp = await post(`/measures/${id}/follow-up`, lucie, {
      visitedOn: parisToday(),
      withSectorWorker: true,
      stillHoused: true,
      notes: '€'.repeat(4000),
    });
    expect(followUp.status).toBe(201);
    for (const answer of [read, after, closed, followUp]) expect(answerBytes(answer.body)).toBeLessThanOrEqual(fileBudgetBytes);
  }, 120_000);

  it('replays a keyed visit on a file of over 400 KB with the same first answer', async () => {
    const { id } = await measureWithVisits(() => 40);
    const headers = { 'Idempotency-Key': `big-${id}` };
    const first = await post(`/measures/${id}/visits`, lucie, auditVisit(), headers);
    expect(first.status).toBe(201);
    expect(answerBytes(first.body)).toBeGreaterThan(450_000);
    await post(`/measures/${id}/visits`, lucie, { ...auditVisit(), notes: 'Appel de suivi.' });
    const again = await post(`/measures/${id}/visits`, lucie, auditVisit(), headers);
    expect(again.status).toBe(201);
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
    expect((await system.request('GET', `/measures/${id}`, { token: lucie })).body.visits).toHaveLength(42);
  }, 60_000);
});
