import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/domain/measure-dates.js';
import type { Task, TaskAssignee } from '../../lib/domain/task.js';
import type { TaskKind } from '../../lib/domain/vocabulary.js';
import { parisToday } from '../support/dates.js';
import { validReferral } from '../support/fixtures.js';
import { acceptedMeasure, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;
let lucie: string;
let marc: string;
let analyst: string;
let admin: string;

/** Lucie's two measures (the second one's task falls due first), Marc's one, and a referral waiting for its decision. */
let lucieFirst: { id: string; reference: string };
let lucieSecond: { id: string; reference: string };
let marcMeasure: { id: string; reference: string };
let referral: { id: string; reference: string };
const today = parisToday();

/** A task as the deadlines job would create it (written straight to the store). */
function taskOf(kind: TaskKind, subject: { id: string; reference: string }, dueOn: string, assignee: TaskAssignee): Task {
  const onReferral = kind === 'referral_waiting';
  return {
    id: `${kind}.${subject.id}`,
    kind,
    status: 'open',
    title: `Tâche ${kind} pour ${subject.reference}`,
    dueOn,
    measureId: onReferral ? null : subject.id,
    referralId: onReferral ? subject.id : null,
    reference: subject.reference,
    assignee,
    createdAt: new Date().toISOString(),
    doneAt: null,
  };
}

const lucieFirstTask = () => `contract_unsigned.${lucieFirst.id}`;
const lucieSecondTask = () => `contract_unsigned.${lucieSecond.id}`;
const referralTask = () => `referral_waiting.${referral.id}`;
const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
const done = (id: string, token: string, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) =>
  system.request('POST', `/tasks/${id}/done`, { token, ...options });

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m-claire', 'manager');
  lucie = await system.token('w-lucie', 'worker');
  marc = await system.token('w-marc', 'worker');
  analyst = await system.token('a-camille', 'analyst');
  admin = await system.token('adm-1', 'admin');
  lucieFirst = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
  lucieSecond = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
  marcMeasure = await acceptedMeasure(system, { manager, workerId: 'w-marc' });
  referral = (await system.request('POST', '/referrals', { body: validReferral() })).body;
  for (const task of [
    taskOf('contract_unsigned', lucieFirst, addDays(today, -1), { workerId: 'w-lucie' }),
    taskOf('contract_unsigned', lucieSecond, addDays(today, -5), { workerId: 'w-lucie' }),
    taskOf('contract_unsigned', marcMeasure, addDays(today, -3), { workerId: 'w-marc' }),
    taskOf('referral_waiting', referral, addDays(today, -2), { group: 'manager' }),
  ]) {
    await system.stores.tasks.create(task);
  }
});
afterAll(async () => system.stop());

describe('a worker’s tasks', () => {
  it('lists a worker’s own open tasks by due date, and nobody else’s', async () => {
    const mine = await system.request('GET', '/tasks', { token: lucie });
    expect(mine.status).toBe(200);
    expect(ids(mine.body)).toEqual([lucieSecondTask(), lucieFirstTask()]);
    expect(mine.body.nextCursor).toBeNull();
    expect(mine.body.items[0]).toEqual({
      id: lucieSecondTask(),
      kind: 'contract_unsigned',
      status: 'open',
      title: `Tâche contract_unsigned pour ${lucieSecond.reference}`,
      dueOn: addDays(today, -5),
      measureId: lucieSecond.id,
      referralId: null,
      reference: lucieSecond.reference,
      assignee: { workerId: 'w-lucie' },
      createdAt: expect.any(String),
      doneAt: null,
    });
    const marcs = await system.request('GET', '/tasks?status=open', { token: marc });
    expect(ids(marcs.body)).toEqual([`contract_unsigned.${marcMeasure.id}`]);
  });

  it('pages through the list by due date, and refuses a cursor from another worker’s list with 422', async () => {
    const first = await system.request('GET', '/tasks?limit=1', { token: lucie });
    expect(ids(first.body)).toEqual([lucieSecondTask()]);
    const second = await system.request('GET', `/tasks?limit=1&cursor=${first.body.nextCursor}`, { token: lucie });
    expect(ids(second.body)).toEqual([lucieFirstTask()]);
    expect(second.body.nextCursor).toBeNull();
    const forged = await system.request('GET', `/tasks?limit=1&cursor=${first.body.nextCursor}`, { token: marc });
    expect(forged.status).toBe(422);
    expect(forged.body.error.details).toEqual([{ path: 'cursor', message: 'Curseur de pagination invalide ou périmé.' }]);
    const badStatus = await system.request('GET', '/tasks?status=late', { token: lucie });
    expect(badStatus.status).toBe(422);
    expect(badStatus.body.error.details[0].path).toBe('status');
  });

  it('marks a task done without a body: it leaves the open list, shows among the done ones, and the measure keeps its version', async () => {
    const before = await system.request('GET', `/measures/${lucieSecond.id}`, { token: lucie });
    const answer = await done(lucieSecondTask(), lucie);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: lucieSecondTask(), status: 'done', doneAt: expect.any(String) });
    expect(Date.parse(answer.body.doneAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(ids((await system.request('GET', '/tasks', { token: lucie })).body)).toEqual([lucieFirstTask()]);
    const doneList = await system.request('GET', '/tasks?status=done', { token: lucie });
    expect(doneList.body.items).toEqual([answer.body]);
    const after = await system.request('GET', `/measures/${lucieSecond.id}`, { token: lucie });
    expect(after.body.version).toBe(before.body.version);
    expect(before.body.tasks.map((task: Task) => task.id)).toEqual([lucieSecondTask()]);
    expect(after.body.tasks).toEqual([]);
  });

  it('answers a second completion with 200 and the task unchanged, with no body or with {}', async () => {
    const first = (await system.request('GET', '/tasks?status=done', { token: lucie })).body.items[0];
    const again = await done(lucieSecondTask(), lucie);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
    const withEmptyObject = await done(lucieSecondTask(), lucie, { body: {} });
    expect(withEmptyObject.status).toBe(200);
    expect(withEmptyObject.body).toEqual(first);
  });

  it('refuses a body other than {} with 422, and a body that is not JSON as any write does', async () => {
    const withFields = await done(lucieFirstTask(), lucie, { body: { done: true } });
    expect(withFields.status).toBe(422);
    expect(withFields.body.error.message).toBe('Cette requête ne prend pas de corps : envoyez-la sans corps, ou avec {}.');
    const notJson = await done(lucieFirstTask(), lucie, { rawBody: 'done', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
    const broken = await done(lucieFirstTask(), lucie, { rawBody: '{', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((await system.request('GET', '/tasks', { token: lucie })).body.items[0]).toMatchObject({ status: 'open' });
  });

  it('answers another worker’s task with the very 404 of an unknown or malformed id, and leaves it open', async () => {
    const others = await done(lucieFirstTask(), marc);
    const unknown = await done('contract_unsigned.00000000-0000-4000-8000-000000000000', marc);
    const malformed = await done('pas-une-tache', marc);
    for (const answer of [others, unknown, malformed]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Tâche introuvable.', details: [] } });
    }
    // A manager reads a worker's tasks but does not close them in the worker's place.
    expect((await done(lucieFirstTask(), manager)).status).toBe(404);
    expect(ids((await system.request('GET', '/tasks', { token: lucie })).body)).toEqual([lucieFirstTask()]);
  });

  it('replays a keyed completion, and refuses the key with another body with 409', async () => {
    const marcTask = `contract_unsigned.${marcMeasure.id}`;
    const headers = { 'Idempotency-Key': `done-${marcTask}` };
    const answers = await Promise.all([done(marcTask, marc, { headers }), done(marcTask, marc, { headers })]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    const reused = await done(marcTask, marc, { headers, body: {} });
    expect(reused.status).toBe(409);
  });

  it('is refused with 403 when a worker asks for another worker’s tasks', async () => {
    const answer = await system.request('GET', '/tasks?workerId=w-lucie', { token: marc });
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.body)).not.toContain(lucieFirst.reference);
    expect((await system.request('GET', '/tasks?workerId=w-marc', { token: marc })).status).toBe(200);
  });
});

describe('the managers’ tasks', () => {
  it('lists the managers’ tasks for a manager, and one worker’s open or done tasks with workerId', async () => {
    const managers = await system.request('GET', '/tasks', { token: manager });
    expect(managers.status).toBe(200);
    expect(ids(managers.body)).toEqual([referralTask()]);
    expect(managers.body.items[0]).toMatchObject({ referralId: referral.id, measureId: null, assignee: { group: 'manager' } });
    const lucies = await system.request('GET', '/tasks?workerId=w-lucie', { token: manager });
    expect(ids(lucies.body)).toEqual([lucieFirstTask()]);
    const lucieDone = await system.request('GET', '/tasks?workerId=w-lucie&status=done', { token: manager });
    expect(ids(lucieDone.body)).toEqual([lucieSecondTask()]);
  });

  it('lets a manager mark a managers’ task done, and no worker', async () => {
    expect((await done(referralTask(), lucie)).status).toBe(404);
    const answer = await done(referralTask(), manager);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: referralTask(), status: 'done' });
    expect((await system.request('GET', '/tasks', { token: manager })).body.items).toEqual([]);
    expect(ids((await system.request('GET', '/tasks?status=done', { token: manager })).body)).toEqual([referralTask()]);
  });
});

describe('a retried completion', () => {
  it('answers 404 to a member who is no longer a manager, as a managers’ task they never had', async () => {
    await system.registerStaff('m-ines', ['manager', 'worker']);
    const ines = await system.token('m-ines', 'manager', 'worker');
    const waiting = (await system.request('POST', '/referrals', { body: validReferral() })).body;
    await system.stores.tasks.create(taskOf('referral_waiting', waiting, today, { group: 'manager' }));
    const id = `referral_waiting.${waiting.id}`;
    const headers = { 'Idempotency-Key': `done-${id}` };
    expect((await done(id, ines, { headers })).status).toBe(200);
    await system.registerStaff('m-ines', ['worker']);
    const unknown = await done(`referral_waiting.${marcMeasure.id}`, ines);
    const retried = await done(id, ines, { headers });
    expect(retried.status).toBe(404);
    expect(retried.body).toEqual(unknown.body);
  });
});

describe('tasks and the measure’s file', () => {
  it('closes contract_unsigned with the signed contract, which then shows among the done tasks with the write’s time', async () => {
    const file = await system.request('GET', `/measures/${lucieFirst.id}`, { token: lucie });
    expect(file.body.tasks.map((task: Task) => task.id)).toEqual([lucieFirstTask()]);
    const signed = await system.request('POST', `/measures/${lucieFirst.id}/contract`, { token: lucie, body: signedContract() });
    expect(signed.status).toBe(201);
    expect(signed.body.tasks).toEqual([]);
    expect((await system.request('GET', '/tasks', { token: lucie })).body.items).toEqual([]);
    const doneList = await system.request('GET', '/tasks?status=done', { token: lucie });
    const closed = doneList.body.items.find((task: Task) => task.id === lucieFirstTask());
    expect(closed).toMatchObject({ status: 'done', doneAt: expect.any(String) });
    const journal = await system.request('GET', `/journal?measureId=${lucieFirst.id}`, { token: admin });
    const contractAt = journal.body.items.find((line: { action: string }) => line.action === 'contract').at;
    expect(closed.doneAt).toBe(contractAt);
  });

  it('writes who marked a task done, and when, in the file’s journal', async () => {
    const journal = await system.request('GET', `/journal?measureId=${lucieSecond.id}`, { token: admin });
    expect(journal.body.items).toContainEqual(
      expect.objectContaining({ actor: 'w-lucie', action: 'task_done', route: 'POST /tasks/{id}/done' }),
    );
  });
});

describe('the OpenAPI document', () => {
  it('describes the task list as pages of tasks, and the completion as a body-less POST on a task id', async () => {
    const document = (await system.request('GET', '/openapi.json')).body;
    expect(document.paths['/tasks'].get.responses['200'].content['application/json'].schema.properties.items.items).toEqual({
      $ref: '#/components/schemas/Task',
    });
    const completion = document.paths['/tasks/{id}/done'].post;
    expect(completion).not.toHaveProperty('requestBody');
    expect(completion.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Task' });
    const pattern = new RegExp(completion.parameters.find((parameter: { in: string }) => parameter.in === 'path').schema.pattern);
    expect(pattern.test(lucieFirstTask())).toBe(true);
    expect(pattern.test(`visit_cadence.${lucieFirst.id}.2026-03`)).toBe(true);
    expect(pattern.test(lucieFirst.id)).toBe(false);
  });
});

describe('callers without tasks', () => {
  it('refuses an analyst and an admin with 403, and a caller without a token with 401', async () => {
    for (const token of [analyst, admin]) {
      expect((await system.request('GET', '/tasks', { token })).status).toBe(403);
      expect((await done(lucieFirstTask(), token)).status).toBe(403);
    }
    expect((await system.request('GET', '/tasks')).status).toBe(401);
    expect((await done(lucieFirstTask(), '')).status).toBe(401);
  });
});
