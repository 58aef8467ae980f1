import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, plannedEnd, renewedPlannedEnd } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { acceptedMeasure, endingBilan, homeVisit, renewingBilan, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;
let lucie: string;
let marc: string;
let analyst: string;
let admin: string;
beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m-claire', 'manager');
  lucie = await system.token('w-lucie', 'worker');
  marc = await system.token('w-marc', 'worker');
  analyst = await system.token('a-camille', 'analyst');
  admin = await system.token('adm-1', 'admin');
});
afterAll(async () => system.stop());

const post = (path: string, token: string, body: unknown, headers?: Record<string, string>) =>
  system.request('POST', path, { token, body, headers });

describe('a measure from acceptance to follow-up under the meuse policy', () => {
  let id: string;
  const today = parisToday();

  it('opens a measure awaiting its contract, listed for its worker only', async () => {
    id = (await acceptedMeasure(system, { manager, workerId: 'w-lucie' })).id;
    const mine = await system.request('GET', '/measures?status=awaiting_contract', { token: lucie });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(id);
    const others = await system.request('GET', '/measures?status=awaiting_contract', { token: marc });
    expect(others.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
  });

  it('starts the measure with the signed contract and computes its planned end and bilan date', async () => {
    const answer = await post(`/measures/${id}/contract`, lucie, signedContract());
    expect(answer.status).toBe(201);
    const end = plannedEnd(today, 3);
    expect(answer.body).toMatchObject({ status: 'active', startedOn: today, plannedEnd: end, bilanDueOn: addDays(end, -10) });
    expect(answer.body.contract.objectives).toHaveLength(2);
  });

  it('records a home visit and a phone call', async () => {
    expect((await post(`/measures/${id}/visits`, lucie, homeVisit())).status).toBe(201);
    const call = await post(`/measures/${id}/visits`, lucie, homeVisit({ kind: 'telephone', durationMinutes: 15 }));
    expect(call.status).toBe(201);
    expect(call.body.visits.map((visit: { kind: string }) => visit.kind).sort()).toEqual(['domicile', 'telephone']);
  });

  it('refuses a renewal before a bilan recommends it, with a French message saying why', async () => {
    const answer = await post(`/measures/${id}/renewals`, lucie, { decidedOn: today, months: 3, orientation: 'maintien' });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(/bilan/);
  });

  it('takes the bilan recommending a renewal, then renews for three months', async () => {
    const bilan = await post(`/measures/${id}/bilans`, lucie, renewingBilan());
    expect(bilan.status).toBe(201);
    expect(bilan.body.bilanDueOn).toBeNull();
    const renewal = await post(`/measures/${id}/renewals`, lucie, { decidedOn: today, months: 3, orientation: 'maintien' });
    expect(renewal.status).toBe(201);
    const end = renewedPlannedEnd(plannedEnd(today, 3), 3);
    expect(renewal.body).toMatchObject({ plannedEnd: end, bilanDueOn: addDays(end, -10) });
    expect(renewal.body.renewals).toHaveLength(1);
  });

  it('closes the measure once the bilan of the new period is in, and sets the follow-up date six months on', async () => {
    const refused = await post(`/measures/${id}/closure`, lucie, {
      endedOn: today,
      reason: 'objectives_met',
      housingOutcome: 'kept',
      evictionAvoided: true,
    });
    expect(refused.status).toBe(422);
    expect((await post(`/measures/${id}/bilans`, lucie, endingBilan())).status).toBe(201);
    const closed = await post(`/measures/${id}/closure`, lucie, {
      endedOn: today,
      reason: 'objectives_met',
      housingOutcome: 'kept',
      evictionAvoided: true,
    });
    expect(closed.status).toBe(201);
    expect(closed.body).toMatchObject({ status: 'closed', followUpDueOn: addMonths(today, 6) });
  });

  it('records the follow-up visit with the sector social worker, once', async () => {
    const body = { visitedOn: today, withSectorWorker: true, stillHoused: true, notes: 'Loyer à jour.' };
    const followUp = await post(`/measures/${id}/follow-up`, lucie, body);
    expect(followUp.status).toBe(201);
    expect(followUp.body).toMatchObject({ followUp: { stillHoused: true }, followUpDueOn: null });
    expect((await post(`/measures/${id}/follow-up`, lucie, body)).status).toBe(422);
  });

  it('shows the whole file to its worker and to a manager', async () => {
    for (const token of [lucie, manager]) {
      const file = await system.request('GET', `/measures/${id}`, { token });
      expect(file.status).toBe(200);
      expect(file.body).toMatchObject({ status: 'closed', visits: expect.any(Array), bilans: expect.any(Array), tasks: [] });
      expect(file.body.bilans).toHaveLength(2);
    }
  });

  it('keeps another worker out: 404 on the file and every write, as for an id that does not exist', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const target of [id, unknown]) {
      const file = await system.request('GET', `/measures/${target}`, { token: marc });
      expect(file.status).toBe(404);
      expect(JSON.stringify(file.body)).not.toContain('Durand');
      expect((await post(`/measures/${target}/visits`, marc, homeVisit())).status).toBe(404);
    }
    expect((await system.request('GET', '/measures?status=closed&workerId=w-lucie', { token: marc })).status).toBe(403);
  });

  it('gives analysts and admins no measure, and strangers a 401', async () => {
    expect((await system.request('GET', `/measures/${id}`, { token: analyst })).status).toBe(403);
    expect((await system.request('GET', '/measures', { token: admin })).status).toBe(403);
    expect((await system.request('GET', `/measures/${id}`)).status).toBe(401);
  });

  it('lets an admin read who opened the file and when, without a word about the household', async () => {
    const journal = await system.request('GET', `/journal?measureId=${id}`, { token: admin });
    expect(journal.status).toBe(200);
    const lines = journal.body.items as { actor: string; action: string; route: string; at: string }[];
    expect(lines[0]).toMatchObject({ actor: 'm-claire', action: 'decided' });
    expect(lines).toContainEqual(expect.objectContaining({ actor: 'w-lucie', action: 'read', route: 'GET /measures/{id}' }));
    expect(lines).toContainEqual(expect.objectContaining({ actor: 'w-lucie', action: 'visit' }));
    expect(lines.map((line) => line.at)).toEqual([...lines.map((line) => line.at)].sort());
    expect(JSON.stringify(journal.body)).not.toMatch(/Durand|Léa|Bar-le-Duc/);
    expect((await system.request('GET', `/journal?measureId=${id}`, { token: manager })).status).toBe(403);
    expect((await system.request('GET', '/journal', { token: admin })).status).toBe(422);
  });

  it('answers 404 for the journal of a file that does not exist, as for any unknown id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const query of [`measureId=${unknown}`, `referralId=${unknown}`]) {
      const answer = await system.request('GET', `/journal?${query}`, { token: admin });
      expect(answer.status, query).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('writes on one measure at the same time', () => {
  it('lands every concurrent visit sent without a version', async () => {
    const { id } = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    await post(`/measures/${id}/contract`, lucie, signedContract());
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) => post(`/measures/${id}/visits`, lucie, homeVisit({ durationMinutes: 10 + index }))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const file = await system.request('GET', `/measures/${id}`, { token: lucie });
    expect(file.body.visits).toHaveLength(8);
    expect(file.body.version).toBe(10);
  });

  it('answers one 201 and one 409 to two writes made from the same stale version', async () => {
    const measure = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    const contract = await post(`/measures/${measure.id}/contract`, lucie, signedContract());
    const version = contract.body.version;
    const answers = await Promise.all([
      post(`/measures/${measure.id}/visits`, lucie, homeVisit({ version })),
      post(`/measures/${measure.id}/visits`, lucie, homeVisit({ version, kind: 'bureau' })),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const conflict = answers.find((answer) => answer.status === 409)!;
    expect(conflict.body.error.message).toBe('Cette mesure a été modifiée entre-temps : rechargez-la avant de recommencer.');
  });

  it('replays a keyed visit instead of recording it twice', async () => {
    const { id } = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    await post(`/measures/${id}/contract`, lucie, signedContract());
    const headers = { 'Idempotency-Key': `visit-${id}` };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post(`/measures/${id}/visits`, lucie, homeVisit(), headers)),
    );
    expect(new Set(answers.map((answer) => JSON.stringify([answer.status, answer.body]))).size).toBe(1);
    expect((await system.request('GET', `/measures/${id}`, { token: lucie })).body.visits).toHaveLength(1);
  });
});

describe('writes a measure is not ready for', () => {
  it('refuses a visit before the contract and a visit dated tomorrow, in French', async () => {
    const { id } = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    const early = await post(`/measures/${id}/visits`, lucie, homeVisit());
    expect(early.status).toBe(422);
    expect(early.body.error.message).toMatch(/statut/);
    await post(`/measures/${id}/contract`, lucie, signedContract());
    const tomorrow = await post(`/measures/${id}/visits`, lucie, homeVisit({ date: addDays(parisToday(), 1) }));
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.error.details[0].path).toBe('date');
  });
});

describe('handing a measure over to another worker', () => {
  it('moves the measure and its open tasks to the new worker, and out of the former one’s reach', async () => {
    const { id, reference } = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    await system.registerStaff('w-marc', ['worker']);
    await system.stores.tasks.create({
      id: `contract_unsigned.${id}`,
      kind: 'contract_unsigned',
      status: 'open',
      title: `Contrat de la mesure ${reference} à faire signer`,
      dueOn: addDays(parisToday(), 30),
      measureId: id,
      referralId: null,
      reference,
      assignee: { workerId: 'w-lucie' },
      createdAt: new Date().toISOString(),
      doneAt: null,
    });
    const answer = await post(`/measures/${id}/worker`, manager, { workerId: 'w-marc' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ workerId: 'w-marc', tasks: [{ assignee: { workerId: 'w-marc' } }] });
    expect((await system.request('GET', `/measures/${id}`, { token: lucie })).status).toBe(404);
    const marcs = await system.request('GET', `/measures/${id}`, { token: marc });
    expect(marcs.body.tasks).toEqual([expect.objectContaining({ kind: 'contract_unsigned', assignee: { workerId: 'w-marc' } })]);
    const listed = await system.request('GET', '/measures?status=awaiting_contract', { token: marc });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);
  });

  it('refuses to hand a measure to an inactive worker, and lets no worker hand one over', async () => {
    const { id } = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    await system.registerStaff('w-gone', ['worker'], { active: false });
    const refused = await post(`/measures/${id}/worker`, manager, { workerId: 'w-gone' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([
      { path: 'workerId', message: '« w-gone » n’est plus actif dans l’annuaire du personnel.' },
    ]);
    expect((await post(`/measures/${id}/worker`, lucie, { workerId: 'w-marc' })).status).toBe(403);
  });
});
