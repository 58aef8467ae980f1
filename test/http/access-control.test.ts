import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDeclaration } from '../../infra/manifest.js';
import { groups, type Group } from '../../lib/identity.js';
import { mintToken } from '../../infra/local/issuer.js';
import { parisToday } from '../support/dates.js';
import { validReferral } from '../support/fixtures.js';
import { acceptedMeasure, homeVisit, renewingBilan, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';

/**
 * OWASP API1 (object level) and API5 (function level) authorization, route by route over the
 * manifest: a route added there is covered here without a word changed.
 */

let system: Awaited<ReturnType<typeof startTestRuntime>>;
const tokens = {} as Record<Group, string>;
let marc: string;
/** A referral still waiting for its decision. */
let referralId: string;
/** Lucie's measure that the route-by-route checks write on. */
let routeMeasure: { id: string; reference: string };
/** Lucie's active measure, that other callers try to reach. */
let lucieMeasure: { id: string; reference: string };
let marcMeasure: { id: string; reference: string };
/** Lucie's open task on the route measure, for the task routes. */
let taskId: string;
/** Marc's calendar feed token, for the public calendar route (the route checks replace Lucie's feed, never his). */
let feedToken: string;

const unknownId = '00000000-0000-4000-8000-000000000000';
const householdNames = /Durand|Léa|Bar-le-Duc/;

beforeAll(async () => {
  system = await startTestRuntime('meuse');
  tokens.manager = await system.token('m-claire', 'manager');
  tokens.worker = await system.token('w-lucie', 'worker');
  tokens.analyst = await system.token('a-camille', 'analyst');
  tokens.admin = await system.token('adm-1', 'admin');
  marc = await system.token('w-marc', 'worker');
  // In the directory too, with the groups of their tokens: GET /me answers each their own entry.
  await system.registerStaff('m-claire', ['manager']);
  await system.registerStaff('a-camille', ['analyst']);
  await system.registerStaff('adm-1', ['admin']);

  routeMeasure = await acceptedMeasure(system, { manager: tokens.manager, workerId: 'w-lucie' });
  lucieMeasure = await acceptedMeasure(system, { manager: tokens.manager, workerId: 'w-lucie' });
  const signed = await system.request('POST', `/measures/${lucieMeasure.id}/contract`, {
    token: tokens.worker,
    body: signedContract(),
  });
  if (signed.status !== 201) throw new Error(`contract: ${signed.status} ${JSON.stringify(signed.body)}`);
  marcMeasure = await acceptedMeasure(system, {
    manager: tokens.manager,
    workerId: 'w-marc',
    referral: { household: { ...validReferral().household, contact: { lastName: 'Petit', firstName: 'Hugo' } } },
  });
  const referral = await system.request('POST', '/referrals', { body: validReferral() });
  referralId = referral.body.id;
  taskId = `contract_unsigned.${routeMeasure.id}`;
  await system.stores.tasks.create({
    id: taskId,
    kind: 'contract_unsigned',
    status: 'open',
    title: `Contrat de la mesure ${routeMeasure.reference} à faire signer`,
    dueOn: parisToday(),
    measureId: routeMeasure.id,
    referralId: null,
    reference: routeMeasure.reference,
    assignee: { workerId: 'w-lucie' },
    createdAt: new Date().toISOString(),
    doneAt: null,
  });
  const feed = await system.request('POST', '/calendar-feed', { token: marc });
  if (feed.status !== 201) throw new Error(`calendar feed: ${feed.status} ${JSON.stringify(feed.body)}`);
  feedToken = /\/calendar\/([^/]+)$/.exec(feed.body.url as string)![1]!;
});
afterAll(async () => system.stop());

const declared = Object.entries(routes as Record<string, RouteDeclaration>).map(([id, route]) => ({
  id,
  ...route,
  label: `${route.method} ${route.path}`,
}));
type Route = (typeof declared)[number];
const protectedRoutes = declared.filter((route) => route.access !== 'public');
const measureRoutes = declared.filter((route) => route.path.startsWith('/measures/{id}'));
/** The measure routes a worker may call at all: on the others (hand-over) a worker's 403 says nothing of any measure. */
const workerMeasureRoutes = measureRoutes.filter((route) => route.access !== 'public' && route.access.includes('worker'));

/** A valid body for the routes that take one; any other write gets `{}` (refused after the access checks). */
const bodies: Record<string, () => unknown> = {
  createReferral: () => validReferral(),
  decideReferral: () => ({
    decision: 'accepted',
    decidedOn: parisToday(),
    orientation: 'maintien',
    axes: ['budget'],
    durationMonths: 3,
    workerId: 'w-lucie',
  }),
  recordContract: () => signedContract(),
  recordVisit: () => homeVisit(),
  recordBilan: () => renewingBilan(),
  recordRenewal: () => ({ decidedOn: parisToday(), months: 3, orientation: 'maintien' }),
  recordClosure: () => ({ endedOn: parisToday(), reason: 'term', housingOutcome: 'kept', evictionAvoided: true }),
  recordFollowUp: () => ({ visitedOn: parisToday(), withSectorWorker: true, stillHoused: true }),
};

/** Queries some GET routes need to say anything at all. */
const queries: Record<string, () => string> = {
  readJournal: () => `?measureId=${routeMeasure.id}`,
};

/** The route's path with a real id of the right kind in place of each parameter (a fresh one where the kind is unknown). */
function pathOf(route: Route, measureId = routeMeasure.id): string {
  const id = route.path.startsWith('/measures/')
    ? measureId
    : route.path.startsWith('/referrals/')
      ? referralId
      : route.path.startsWith('/tasks/')
        ? taskId
        : route.path.startsWith('/calendar/')
          ? feedToken
          : unknownId;
  return route.path.replace(/\{[^}]+\}/g, id) + (queries[route.id]?.() ?? '');
}

function call(route: Route, token?: string, measureId?: string) {
  const body = route.method === 'GET' ? undefined : (bodies[route.id]?.() ?? {});
  return system.request(route.method, pathOf(route, measureId), { token, body });
}

/** The same request, answered as raw bytes. */
async function rawCall(route: Route, token: string, measureId: string) {
  const body = route.method === 'GET' ? undefined : JSON.stringify(bodies[route.id]?.() ?? {});
  const response = await fetch(`${system.url}${pathOf(route, measureId)}`, {
    method: route.method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

function expectErrorShape(body: unknown, code: string) {
  expect(body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array) } });
  expect((body as { error: { message: string } }).error.message).toMatch(/\p{L}+ \p{L}+/u);
}

describe('callers without a token', () => {
  it.each(protectedRoutes.map((route) => [route.label, route] as const))('are refused with 401 on %s', async (_label, route) => {
    const answer = await call(route);
    expect(answer.status).toBe(401);
    expectErrorShape(answer.body, 'UNAUTHENTICATED');
    expect(JSON.stringify(answer.body)).not.toMatch(householdNames);
  });

  it('are refused with 401 when the token is not one the pool signed', async () => {
    const answer = await system.request('GET', `/measures/${lucieMeasure.id}`, { token: 'not.a.token' });
    expect(answer.status).toBe(401);
    expectErrorShape(answer.body, 'UNAUTHENTICATED');
  });
});

describe('each group on each route, as the manifest grants it', () => {
  it.each(declared.map((route) => [route.label, route] as const))(
    'answers %s to the groups it names and 403 to the others',
    async (_label, route) => {
      for (const group of groups) {
        const answer = await call(route, tokens[group]);
        const allowed = route.access === 'public' || route.access.includes(group);
        if (allowed) {
          expect([401, 403], `${group} on ${route.label}: ${JSON.stringify(answer.body)}`).not.toContain(answer.status);
          expect(answer.status, `${group} on ${route.label}`).toBeLessThan(500);
          if (route.method === 'GET' && !pathOf(route).includes(unknownId)) expect(answer.status).toBe(200);
        } else {
          expect(answer.status, `${group} on ${route.label}`).toBe(403);
          expectErrorShape(answer.body, 'FORBIDDEN');
          expect(JSON.stringify(answer.body)).not.toMatch(householdNames);
        }
      }
    },
  );
});

describe('callers in no group of the manifest', () => {
  it.each(protectedRoutes.map((route) => [route.label, route] as const))(
    'are refused with 403 on %s, with a token in no group or in a group the manifest does not know',
    async (_label, route) => {
      const strangers = [
        await system.token('w-lucie'),
        await mintToken(system.issuerKeys, { sub: 'w-lucie', groups: ['superviseur', 'Manager', ' worker'] as never }),
      ];
      for (const token of strangers) {
        const answer = await call(route, token, lucieMeasure.id);
        expect(answer.status, route.label).toBe(403);
        expectErrorShape(answer.body, 'FORBIDDEN');
      }
    },
  );
});

describe('a worker and the measures of others', () => {
  it('lists only their own measures, under every status', async () => {
    for (const status of ['awaiting_contract', 'active', 'closed']) {
      const page = await system.request('GET', `/measures?status=${status}&limit=100`, { token: marc });
      expect(page.status).toBe(200);
      expect(page.body.items.every((measure: { workerId: string }) => measure.workerId === 'w-marc')).toBe(true);
      expect(ids(page.body)).not.toContain(lucieMeasure.id);
      expect(ids(page.body)).not.toContain(routeMeasure.id);
    }
    const own = await system.request('GET', '/measures?status=awaiting_contract&workerId=w-marc', { token: marc });
    expect(ids(own.body)).toEqual([marcMeasure.id]);
  });

  it('cannot page into another worker’s list with a cursor taken from a manager’s', async () => {
    await acceptedMeasure(system, { manager: tokens.manager, workerId: 'w-lucie' });
    await acceptedMeasure(system, { manager: tokens.manager, workerId: 'w-lucie' });
    const cursors = [
      await system.request('GET', '/measures?status=awaiting_contract&workerId=w-lucie&limit=1', { token: tokens.manager }),
      await system.request('GET', '/measures?status=awaiting_contract&limit=1', { token: tokens.manager }),
    ].map((page) => page.body.nextCursor as string);
    for (const cursor of cursors) {
      expect(cursor).toEqual(expect.any(String));
      const answer = await system.request('GET', `/measures?status=awaiting_contract&cursor=${cursor}`, { token: marc });
      expect(answer.status).toBe(422);
      expect(answer.body.error.details).toEqual([{ path: 'cursor', message: 'Curseur de pagination invalide ou périmé.' }]);
      expect(JSON.stringify(answer.body)).not.toMatch(householdNames);
    }
  });

  it('is refused with 403 when asking for another worker’s list', async () => {
    const answer = await system.request('GET', '/measures?status=active&workerId=w-lucie', { token: marc });
    expect(answer.status).toBe(403);
    expectErrorShape(answer.body, 'FORBIDDEN');
    expect(JSON.stringify(answer.body)).not.toContain(lucieMeasure.reference);
  });

  it.each(workerMeasureRoutes.map((route) => [route.label, route] as const))(
    'gets on %s of another worker’s measure the very 404 an unknown id gets, naming nothing of it',
    async (_label, route) => {
      const before = await system.request('GET', `/measures/${lucieMeasure.id}`, { token: tokens.worker });
      const other = await rawCall(route, marc, lucieMeasure.id);
      const unknown = await rawCall(route, marc, unknownId);
      expect(other.status).toBe(404);
      expect(other.text).toBe(unknown.text);
      expectErrorShape(JSON.parse(other.text), 'NOT_FOUND');
      expect(other.text).not.toContain(lucieMeasure.reference);
      expect(other.text).not.toContain(lucieMeasure.id);
      expect(other.text).not.toMatch(householdNames);
      const after = await system.request('GET', `/measures/${lucieMeasure.id}`, { token: tokens.worker });
      expect(after.body.version).toBe(before.body.version);
    },
  );

  it('reads their own measure whole', async () => {
    const answer = await system.request('GET', `/measures/${lucieMeasure.id}`, { token: tokens.worker });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: lucieMeasure.id, workerId: 'w-lucie', household: { lastName: 'Durand' } });
  });
});

describe('a worker whose measure was handed over to another', () => {
  it('gets the 404 of an unknown id when retrying, under the same Idempotency-Key, a write made before', async () => {
    const measure = await acceptedMeasure(system, { manager: tokens.manager, workerId: 'w-lucie' });
    const contract = await system.request('POST', `/measures/${measure.id}/contract`, {
      token: tokens.worker,
      body: signedContract(),
    });
    expect(contract.status).toBe(201);
    const key = { 'idempotency-key': `visit-before-handover-${measure.id}` };
    const visit = () =>
      system.request('POST', `/measures/${measure.id}/visits`, { token: tokens.worker, body: homeVisit(), headers: key });
    expect((await visit()).status).toBe(201);
    const handOver = await system.request('POST', `/measures/${measure.id}/worker`, {
      token: tokens.manager,
      body: { workerId: 'w-marc' },
    });
    expect(handOver.status).toBe(201);

    const unknown = await system.request('POST', `/measures/${unknownId}/visits`, { token: tokens.worker, body: homeVisit() });
    const retried = await visit();
    expect(retried.status).toBe(404);
    expect(retried.body).toEqual(unknown.body);
    expect(JSON.stringify(retried.body)).not.toMatch(householdNames);
    // Marc, who has the measure now, replays nothing of Lucie's: the key is hers.
    const marcs = await system.request('GET', `/measures/${measure.id}`, { token: marc });
    expect(marcs.body.visits).toHaveLength(1);
  });
});

describe('an analyst', () => {
  it('reaches no referral, no measure and no journal, and reads no name in the refusals', async () => {
    const paths = [
      '/referrals?status=received',
      `/referrals/${referralId}`,
      '/measures?status=active',
      `/measures/${lucieMeasure.id}`,
      `/journal?measureId=${lucieMeasure.id}`,
      `/journal?referralId=${referralId}`,
    ];
    for (const path of paths) {
      const answer = await system.request('GET', path, { token: tokens.analyst });
      expect(answer.status, path).toBe(403);
      expectErrorShape(answer.body, 'FORBIDDEN');
      expect(JSON.stringify(answer.body)).not.toMatch(householdNames);
      expect(JSON.stringify(answer.body)).not.toContain(lucieMeasure.reference);
    }
    const visit = await system.request('POST', `/measures/${lucieMeasure.id}/visits`, {
      token: tokens.analyst,
      body: homeVisit(),
    });
    expect(visit.status).toBe(403);
  });
});

describe('an admin', () => {
  it('reads the journal of a measure and of a referral, without a word about the household', async () => {
    const measureJournal = await system.request('GET', `/journal?measureId=${lucieMeasure.id}`, { token: tokens.admin });
    expect(measureJournal.status).toBe(200);
    expect(measureJournal.body.items).toContainEqual(expect.objectContaining({ actor: 'w-lucie', action: 'contract' }));
    const referralJournal = await system.request('GET', `/journal?referralId=${referralId}`, { token: tokens.admin });
    expect(referralJournal.status).toBe(200);
    expect(referralJournal.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify([measureJournal.body, referralJournal.body])).not.toMatch(householdNames);
  });

  it('is refused with 403 on the referrals, which are the managers’ (API.md « Managers »)', async () => {
    for (const route of declared.filter((candidate) => candidate.path.startsWith('/referrals') && candidate.method !== 'POST')) {
      const answer = await call(route, tokens.admin);
      expect(answer.status, route.label).toBe(403);
      expect(JSON.stringify(answer.body)).not.toMatch(householdNames);
    }
    const decision = declared.find((route) => route.id === 'decideReferral')!;
    expect((await call(decision, tokens.admin)).status).toBe(403);
  });

  it('is refused with 403 on the list, the file and the writes of measures', async () => {
    for (const route of declared.filter((candidate) => candidate.path.startsWith('/measures'))) {
      const answer = await call(route, tokens.admin, lucieMeasure.id);
      expect(answer.status, route.label).toBe(403);
      expect(JSON.stringify(answer.body)).not.toMatch(householdNames);
    }
  });
});

describe('a manager', () => {
  it('reads every worker’s measure', async () => {
    for (const measure of [lucieMeasure, marcMeasure]) {
      const answer = await system.request('GET', `/measures/${measure.id}`, { token: tokens.manager });
      expect(answer.status).toBe(200);
      expect(answer.body.reference).toBe(measure.reference);
    }
  });

  it('lists all measures, or one worker’s with workerId', async () => {
    const all = await system.request('GET', '/measures?status=awaiting_contract&limit=100', { token: tokens.manager });
    expect(ids(all.body)).toContain(marcMeasure.id);
    const marcs = await system.request('GET', '/measures?status=awaiting_contract&workerId=w-marc', { token: tokens.manager });
    expect(marcs.status).toBe(200);
    expect(ids(marcs.body)).toEqual([marcMeasure.id]);
    const lucies = await system.request('GET', '/measures?status=active&workerId=w-lucie', { token: tokens.manager });
    expect(ids(lucies.body)).toContain(lucieMeasure.id);
    expect(lucies.body.items.every((measure: { workerId: string }) => measure.workerId === 'w-lucie')).toBe(true);
  });

  it('writes on any worker’s measure', async () => {
    const answer = await system.request('POST', `/measures/${lucieMeasure.id}/visits`, {
      token: tokens.manager,
      body: homeVisit({ kind: 'bureau' }),
    });
    expect(answer.status).toBe(201);
    expect(answer.body.visits).toContainEqual(expect.objectContaining({ kind: 'bureau', recordedBy: 'm-claire' }));
  });
});
