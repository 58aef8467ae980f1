import { randomBytes, randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/domain/measure-dates.js';
import type { Task } from '../../lib/domain/task.js';
import { parisToday } from '../support/dates.js';
import { startTestRuntime } from '../support/runtime.js';
import { openTask } from '../support/tasks.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let lucie: string;
let marc: string;
const today = parisToday();
/** Every token this file was handed: none may be found in the table. */
const issued: string[] = [];

/** An open task on a measure of this worker, as the deadlines job would create it. */
function taskOf(workerId: string, dueOn: string, title: string): Task {
  const measureId = randomUUID();
  return openTask({
    id: `bilan_due.${measureId}.1`,
    title,
    dueOn,
    measureId,
    reference: 'ASLL-2026-000042',
    assignee: { workerId },
    createdAt: new Date().toISOString(),
  });
}

const lucieTasks = [
  taskOf('w-lucie', addDays(today, 10), 'Bilan, virgule ; point-virgule'),
  taskOf('w-lucie', addDays(today, -2), 'Bilan en retard'),
];
const lucieDone = taskOf('w-lucie', addDays(today, 3), 'Bilan déjà remis');
const marcTask = taskOf('w-marc', addDays(today, 1), 'Bilan de Marc');

async function newFeed(token: string, headers: Record<string, string> = {}): Promise<{ url: string; token: string }> {
  const answer = await system.request('POST', '/calendar-feed', { token, headers });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const url = answer.body.url as string;
  const feedToken = /\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(url)![1]!;
  issued.push(feedToken);
  return { url, token: feedToken };
}

/** The address, fetched as a calendar app does: no Authorization header. */
async function subscribe(url: string, method = 'GET') {
  const response = await fetch(url, { method });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function eventsOf(feed: string) {
  const calendar = new ICAL.Component(ICAL.parse(feed));
  return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  lucie = await system.token('w-lucie', 'worker');
  marc = await system.token('w-marc', 'worker');
  for (const task of [...lucieTasks, lucieDone, marcTask]) await system.stores.tasks.create(task);
  await system.stores.tasks.markDone(lucieDone, new Date());
});
afterAll(async () => system.stop());

describe('a worker’s private calendar feed', () => {
  it('gives a worker an address under the API that answers, without any token, an iCalendar of exactly their open tasks', async () => {
    const answer = await system.request('POST', '/calendar-feed', { token: lucie });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/),
      createdAt: expect.any(String),
    });
    expect(answer.body.url.startsWith(`${system.url}/calendar/`)).toBe(true);
    issued.push(/([A-Za-z0-9_-]{43})\.ics$/.exec(answer.body.url)![1]!);

    const feed = await subscribe(answer.body.url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(feed.headers.get('cache-control')).toBe('no-store');
    expect(feed.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const events = eventsOf(feed.text);
    expect(events.map((event) => event.uid).sort()).toEqual(lucieTasks.map((task) => `${task.id}@127.0.0.1`).sort());
    const late = events.find((event) => event.uid.startsWith(lucieTasks[1]!.id))!;
    expect(late.summary).toBe('Bilan en retard');
    expect(late.startDate.isDate).toBe(true);
    expect(late.startDate.toString()).toBe(addDays(today, -2));
    expect(events.find((event) => event.uid.startsWith(lucieTasks[0]!.id))!.summary).toBe('Bilan, virgule ; point-virgule');
    expect(feed.text).not.toContain(lucieDone.id);
    expect(feed.text).not.toContain(marcTask.id);
    expect(feed.text).not.toContain('Marc');
  });

  it('answers the same feed with or without the .ics suffix, and HEAD with no body', async () => {
    const { url } = await newFeed(marc);
    const withSuffix = await subscribe(url);
    const bare = await subscribe(url.replace(/\.ics$/, ''));
    expect(bare.status).toBe(200);
    expect(eventsOf(bare.text).map((event) => event.uid)).toEqual(eventsOf(withSuffix.text).map((event) => event.uid));
    expect(eventsOf(bare.text).map((event) => event.uid)).toEqual([`${marcTask.id}@127.0.0.1`]);
    const head = await subscribe(url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  });

  it('leaves a task out of the feed once it is done', async () => {
    const worker = await system.token('w-ines', 'worker');
    const [first, second] = [taskOf('w-ines', today, 'Première'), taskOf('w-ines', addDays(today, 1), 'Seconde')];
    for (const task of [first!, second!]) await system.stores.tasks.create(task);
    const { url } = await newFeed(worker);
    expect(eventsOf((await subscribe(url)).text)).toHaveLength(2);
    expect((await system.request('POST', `/tasks/${first!.id}/done`, { token: worker })).status).toBe(200);
    expect(eventsOf((await subscribe(url)).text).map((event) => event.summary)).toEqual(['Seconde']);
  });

  it('tells a worker whether their feed is live and since when, never its address', async () => {
    const worker = await system.token('w-paul', 'worker');
    expect((await system.request('GET', '/calendar-feed', { token: worker })).body).toEqual({ active: false, createdAt: null });
    const created = await system.request('POST', '/calendar-feed', { token: worker });
    issued.push(/([A-Za-z0-9_-]{43})\.ics$/.exec(created.body.url)![1]!);
    const status = await system.request('GET', '/calendar-feed', { token: worker });
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ active: true, createdAt: created.body.createdAt });
    expect(JSON.stringify(status.body)).not.toContain(issued.at(-1)!);
  });

  it('stops answering the old address at once when the worker asks for a new one', async () => {
    const first = await newFeed(lucie);
    expect((await subscribe(first.url)).status).toBe(200);
    const second = await newFeed(lucie);
    expect(second.token).not.toBe(first.token);
    expect((await subscribe(first.url)).status).toBe(404);
    expect((await subscribe(second.url)).status).toBe(200);
  });

  it('revokes the feed without a new one: the address goes dead and the status says so, again and again', async () => {
    const worker = await system.token('w-rose', 'worker');
    const { url } = await newFeed(worker);
    const revoked = await system.request('POST', '/calendar-feed/revoke', { token: worker });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ active: false, createdAt: null });
    expect((await subscribe(url)).status).toBe(404);
    expect((await system.request('GET', '/calendar-feed', { token: worker })).body).toEqual({ active: false, createdAt: null });
    const again = await system.request('POST', '/calendar-feed/revoke', { token: worker, body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ active: false, createdAt: null });
    const renewed = await newFeed(worker);
    expect((await subscribe(renewed.url)).status).toBe(200);
  });

  it('answers a malformed, an unknown, a replaced and a revoked address with the very same 404', async () => {
    const replaced = await newFeed(await system.token('w-zoe', 'worker'));
    await newFeed(await system.token('w-zoe', 'worker'));
    const revokedWorker = await system.token('w-yann', 'worker');
    const revoked = await newFeed(revokedWorker);
    await system.request('POST', '/calendar-feed/revoke', { token: revokedWorker });
    const unknown = randomBytes(32).toString('base64url');
    const paths = [
      'abc',
      'abc.ics',
      `${'A'.repeat(42)}B.ics`, // 43 characters, but not the canonical encoding of 32 bytes
      `${unknown}.ICS`,
      `${unknown}.ics.ics`,
      `${unknown}A`,
      unknown,
      `${unknown}.ics`,
      `${replaced.token}.ics`,
      revoked.token,
      encodeURIComponent('../openapi.json'),
    ];
    const answers = await Promise.all(paths.map((path) => subscribe(`${system.url}/calendar/${path}`)));
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, paths[index]).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.text, paths[index]).toBe(answers[0]!.text);
    }
    expect(JSON.parse(answers[0]!.text)).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/^Agenda introuvable/), details: [] },
    });
  });

  it('stops the feed of a worker the staff directory deactivates', async () => {
    await system.registerStaff('w-nina');
    const { url } = await newFeed(await system.token('w-nina', 'worker'));
    expect((await subscribe(url)).status).toBe(200);
    await system.registerStaff('w-nina', ['worker'], { active: false });
    expect((await subscribe(url)).status).toBe(404);
  });

  it('never hands out a second secret for a replayed Idempotency-Key, and keeps the first one working', async () => {
    const worker = await system.token('w-hugo', 'worker');
    const headers = { 'idempotency-key': `feed-${randomUUID()}` };
    const first = await newFeed(worker, headers);
    const replay = await system.request('POST', '/calendar-feed', { token: worker, headers });
    expect(replay.status).toBe(409);
    expect(replay.body).toEqual({
      error: { code: 'CONFLICT', message: expect.stringContaining('ne se montre qu’une fois'), details: [] },
    });
    expect(JSON.stringify(replay.body)).not.toContain('/calendar/');
    expect((await subscribe(first.url)).status).toBe(200);
    const status = await system.request('GET', '/calendar-feed', { token: worker });
    expect(status.body.active).toBe(true);
    const fresh = await newFeed(worker);
    expect((await subscribe(first.url)).status).toBe(404);
    expect((await subscribe(fresh.url)).status).toBe(200);
  });

  it('lets only workers hold a feed: 401 without a token, 403 for a manager, an analyst or an admin', async () => {
    const others = await Promise.all(
      (['manager', 'analyst', 'admin'] as const).map((group) => system.token(`x-${group}`, group)),
    );
    for (const [method, path] of [
      ['POST', '/calendar-feed'],
      ['GET', '/calendar-feed'],
      ['POST', '/calendar-feed/revoke'],
    ] as const) {
      const anonymous = await system.request(method, path);
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
      for (const token of others) {
        const answer = await system.request(method, path, { token });
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.body.error.code).toBe('FORBIDDEN');
      }
    }
  });

  it('is described in the OpenAPI document: a public text/calendar answer, and worker-only routes to manage it', async () => {
    const { body } = await system.request('GET', '/openapi.json');
    const calendar = body.paths['/calendar/{token}'].get;
    expect(calendar.security).toEqual([]);
    expect(Object.keys(calendar.responses['200'].content)).toEqual(['text/calendar']);
    expect(calendar.responses['404']).toBeDefined();
    expect(calendar.parameters).toEqual([expect.objectContaining({ name: 'token', in: 'path', required: true })]);
    expect(new RegExp(calendar.parameters[0].schema.pattern).test(`${issued[0]}.ics`)).toBe(true);
    expect(body.paths['/calendar-feed'].post['x-asll-groups']).toEqual(['worker']);
    expect(body.paths['/calendar-feed'].post.responses['201'].content['application/json'].schema.required).toEqual([
      'url',
      'createdAt',
    ]);
    expect(body.paths['/calendar-feed'].get.responses['200']).toBeDefined();
    expect(body.paths['/calendar-feed/revoke'].post.responses['200']).toBeDefined();
  });

  it('keeps no token in clear in the table, only each token’s SHA-256', async () => {
    expect(issued.length).toBeGreaterThan(5);
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await system.stores.table.client.send(
        new ScanCommand({ TableName: system.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const dump = JSON.stringify(items);
    for (const token of issued) {
      expect(dump.includes(token)).toBe(false);
      expect(dump.includes(Buffer.from(token, 'base64url').toString('hex'))).toBe(false);
      expect(dump.includes(Buffer.from(token, 'base64url').toString('base64'))).toBe(false);
    }
    expect(items.filter((item) => item.entity === 'calendar_feed')).toHaveLength(issued.length);
  });
});
