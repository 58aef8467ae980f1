import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { optionalText, text } from '../../lib/domain/fields.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import {
  bilanRecommendations,
  closureReasons,
  housingOutcomes,
  objectiveReached,
  orientations,
  signatories,
  visitActions,
  visitKinds,
  workAxes,
} from '../../lib/domain/vocabulary.js';
import { anyNumber, anyText } from '../support/arbitraries.js';
import { parisToday } from '../support/dates.js';
import { acceptedMeasure, homeVisit, renewingBilan, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';

/**
 * Bad bodies on the lifecycle writes, each one made bad by construction on a measure that would take
 * the good body it was made from: every answer is a 4xx in French, and no measure moves.
 * departement-generique: it closes without a bilan, so one active measure with its renewing bilan
 * takes both good renewals and good closures.
 */

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let worker: string;
const today = parisToday();
/** The measure each route's bodies are sent to. */
const targets = {} as Record<RouteName, string>;

beforeAll(async () => {
  system = await startTestRuntime('departement-generique');
  const manager = await system.token('m-claire', 'manager');
  worker = await system.token('w-lucie', 'worker');
  const post = async (path: string, body: unknown) => {
    const answer = await system.request('POST', path, { token: worker, body });
    if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  const measure = async () => (await acceptedMeasure(system, { manager, workerId: 'w-lucie' })).id;

  const awaiting = await measure();
  const active = await measure();
  await post(`/measures/${active}/contract`, signedContract());
  const renewable = await measure();
  await post(`/measures/${renewable}/contract`, signedContract());
  await post(`/measures/${renewable}/bilans`, renewingBilan());
  const closed = await measure();
  await post(`/measures/${closed}/contract`, signedContract());
  await post(`/measures/${closed}/closure`, closureBody());
  Object.assign(targets, {
    contract: awaiting,
    visits: active,
    bilans: active,
    renewals: renewable,
    closure: renewable,
    'follow-up': closed,
  });
});
afterAll(async () => system.stop());

const closureBody = () => ({ endedOn: today, reason: 'term', housingOutcome: 'kept', evictionAvoided: true });

type Path = readonly (string | number)[];
type Kind = 'date' | 'enum' | 'int' | 'bool' | 'text' | 'list';
interface Field {
  path: Path;
  kind: Kind;
  /** Absent makes the body invalid. */
  required: boolean;
  /** What the measure would take here; a generated value is used only where this says no. */
  accepts: (value: unknown) => boolean;
  /** Lists: values that break it while keeping its type (duplicates, too few, axes the measure lacks). */
  badLists?: unknown[][];
  /** Enumerations: what may be mistaken for a value. */
  values?: readonly string[];
}

const accepted = (schema: z.ZodMiniType) => (value: unknown) => schema.safeParse(value).success;

const date = (name: string): Field => ({ path: [name], kind: 'date', required: true, accepts: (value) => value === today });
const oneOf = (path: Path, values: readonly string[], required = true): Field => ({
  path,
  kind: 'enum',
  required,
  values,
  accepts: (value) => values.includes(value as string),
});
const flag = (name: string, required: boolean): Field => ({
  path: [name],
  kind: 'bool',
  required,
  accepts: (value) => typeof value === 'boolean',
});
const count = (name: string, allowed: (value: number) => boolean, required = true): Field => ({
  path: [name],
  kind: 'int',
  required,
  accepts: (value) => typeof value === 'number' && Number.isInteger(value) && allowed(value),
});
const words = (path: Path, max: number, required = true): Field => ({
  path,
  kind: 'text',
  required,
  accepts: accepted(required ? text({ max, multiLine: true }) : optionalText({ max, multiLine: true })),
});
const list = (name: string, badLists: unknown[][], required = true): Field => ({
  path: [name],
  kind: 'list',
  required,
  badLists,
  accepts: () => false,
});
// Any version the client could have read: a positive whole number up to this one is left alone.
const version = count('version', (value) => value >= 1 && value <= 1000, false);

const objective = (axis: string, wording: string) => ({ axis, text: wording });

const routes = {
  contract: {
    body: () => signedContract() as Record<string, unknown>,
    fields: [
      date('signedOn'),
      list('objectives', [
        [],
        [objective('budget', 'Tenir un budget.'), objective('budget', 'tenir  un BUDGET.')],
        [objective('mediation_bail', 'Rencontrer le bailleur.')],
        Array.from({ length: 51 }, (_, index) => objective('budget', `Objectif ${index}`)),
      ]),
      oneOf(['objectives', 0, 'axis'], workAxes.values),
      words(['objectives', 0, 'text'], 1000),
      list('signatories', [[], ['household', 'worker', 'worker'], ['household'], ['worker']]),
      oneOf(['signatories', 1], signatories.values),
      version,
    ],
    objects: [[], ['objectives', 0]] as Path[],
  },
  visits: {
    body: () => homeVisit() as Record<string, unknown>,
    fields: [
      date('date'),
      oneOf(['kind'], visitKinds.values),
      count('durationMinutes', (value) => value >= 1 && value <= 600),
      list('axes', [[], ['budget', 'budget'], ['budget', 'mediation_voisinage'], ['acces_droits']]),
      oneOf(['axes', 0], workAxes.values),
      flag('withSectorWorker', false),
      list(
        'actions',
        [
          ['fsl', 'fsl'],
          ['droits', 'autre', 'droits'],
        ],
        false,
      ),
      oneOf(['actions', 0], visitActions.values),
      words(['notes'], 4000, false),
      version,
    ],
    objects: [[]] as Path[],
  },
  bilans: {
    body: () => renewingBilan() as Record<string, unknown>,
    fields: [
      date('submittedOn'),
      oneOf(['recommendation'], bilanRecommendations.values),
      // Required: this bilan recommends renewing.
      oneOf(['nextOrientation'], orientations.values),
      words(['stepsTaken'], 4000),
      list('objectivesReached', [
        [],
        [
          { axis: 'budget', reached: 'yes' },
          { axis: 'budget', reached: 'no' },
        ],
        [{ axis: 'mediation_bail', reached: 'yes' }],
      ]),
      oneOf(['objectivesReached', 0, 'axis'], workAxes.values),
      oneOf(['objectivesReached', 1, 'reached'], objectiveReached.values),
      version,
    ],
    objects: [[], ['objectivesReached', 1]] as Path[],
  },
  renewals: {
    body: () => ({ decidedOn: today, months: 6, orientation: 'maintien' }) as Record<string, unknown>,
    fields: [
      date('decidedOn'),
      count('months', (value) => [3, 6, 12].includes(value)),
      oneOf(['orientation'], orientations.values),
      version,
    ],
    objects: [[]] as Path[],
  },
  closure: {
    body: () => closureBody() as Record<string, unknown>,
    fields: [
      date('endedOn'),
      oneOf(['reason'], closureReasons.values),
      oneOf(['housingOutcome'], housingOutcomes.values),
      flag('evictionAvoided', false),
      version,
    ],
    objects: [[]] as Path[],
  },
  'follow-up': {
    body: () =>
      ({ visitedOn: today, withSectorWorker: true, stillHoused: true, notes: 'Loyer à jour.' }) as Record<string, unknown>,
    fields: [
      date('visitedOn'),
      flag('withSectorWorker', true),
      flag('stillHoused', true),
      words(['notes'], 4000, false),
      version,
    ],
    objects: [[]] as Path[],
  },
};
type RouteName = keyof typeof routes;
const routeNames = Object.keys(routes) as RouteName[];

type Json = Record<string | number, unknown>;
const remove = Symbol('remove');

/** A copy of `body` with `value` at `path` (or without the key there). */
function setAt(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body) as Json;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  if (value === remove) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return copy;
}

const someObject = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
const someList = fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 });

/** Values of a type the field does not have. */
const wrongType: Record<Kind, fc.Arbitrary<unknown>> = {
  date: fc.oneof(fc.constant(null), fc.boolean(), anyNumber, someList, someObject),
  enum: fc.oneof(fc.constant(null), fc.boolean(), anyNumber, someList, someObject),
  text: fc.oneof(fc.constant(null), fc.boolean(), anyNumber, someList, someObject),
  int: fc.oneof(fc.constant(null), fc.boolean(), anyText, fc.constantFrom('3', '60', ''), someList, someObject),
  bool: fc.oneof(fc.constant(null), anyNumber, anyText, fc.constantFrom('true', 'false', 'oui'), someList, someObject),
  list: fc.oneof(fc.constant(null), fc.boolean(), anyNumber, anyText, someObject),
};

const notADate = fc.oneof(
  fc.constantFrom(
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2025-02-29',
    '20260115',
    '2026-1-5',
    `${today}T00:00:00Z`,
    ` ${today}`,
    `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`,
    '',
  ),
  anyText,
);

/** Values of the right type that the field still refuses. */
function badValue(field: Field): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'date':
      return fc.oneof(
        notADate,
        fc.integer({ min: 1, max: 2_000_000 }).map((days) => addDays(today, days)),
        fc.integer({ min: 1, max: 2_000_000 }).map((days) => addDays(today, -days)),
      );
    case 'enum': {
      const value = fc.constantFrom(...field.values!);
      return fc.oneof(
        value.map((known) => known.toUpperCase()),
        value.map((known) => `${known} `),
        value.map((known) => `${known}\u200d`),
        value.map((known) => known.normalize('NFD').replace('e', 'é')),
        anyText,
      );
    }
    case 'int':
      return anyNumber;
    case 'text':
      return fc.oneof(anyText, fc.constantFrom('', '   ', '\u200b\u200d', 'x'.repeat(4001), 'é'.repeat(1001)));
    case 'bool':
      return wrongType.bool;
    case 'list':
      return fc.constantFrom(...field.badLists!);
  }
}

interface BadRequest {
  route: RouteName;
  what: string;
  body: unknown;
}

function badBodies(route: RouteName): fc.Arbitrary<BadRequest> {
  const { body, fields, objects } = routes[route];
  const required = fields.filter((field) => field.required && typeof field.path.at(-1) === 'string');
  const known = new Set(fields.flatMap((field) => field.path.filter((key): key is string => typeof key === 'string')));
  const make = (what: string, made: unknown): BadRequest => ({ route, what, body: made });
  return fc.oneof(
    // A required field missing.
    fc.constantFrom(...required).map((field) => make(`without ${field.path.join('.')}`, setAt(body(), field.path, remove))),
    // A field of the wrong type.
    fc
      .constantFrom(...fields)
      .chain((field) =>
        wrongType[field.kind].map((value) => make(`${field.path.join('.')} of the wrong type`, setAt(body(), field.path, value))),
      ),
    // A field of the right type with a value it refuses: out of range, not a date, in the future, unknown, duplicated…
    fc.constantFrom(...fields).chain((field) =>
      badValue(field)
        .filter((value) => !field.accepts(value))
        .map((value) => make(`${field.path.join('.')} refused`, setAt(body(), field.path, value))),
    ),
    // A field the route does not know, at the top or inside a block.
    fc
      .tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
      .filter(([, key]) => !known.has(key) && key !== '__proto__')
      .map(([block, key, value]) => make(`unknown field ${[...block, key].join('.')}`, setAt(body(), [...block, key], value))),
    // Not a body of this route at all.
    fc.jsonValue({ maxDepth: 2 }).map((value) => make('any JSON', value)),
  );
}

const anyBadRequest = fc.oneof(...routeNames.map(badBodies));

/**
 * A message for a person in France: at least one accented letter or French word (unknown keys are
 * echoed back, so the rest may be anything the client sent).
 */
const looksFrench = (message: string) =>
  /[àâçéèêëîïôûùüœ’]|\b(le|la|les|des|du|une|est|sont|ou|au|ne|pas|ce|cette|champ|valeur|invalide|nombre|texte|mois)\b/i.test(
    message,
  );

const file = async (id: string) => (await system.request('GET', `/measures/${id}`, { token: worker })).body;

describe('property: bad bodies on the measure writes never move a measure nor answer a 5xx', () => {
  it('answers 4xx in French to 1,200 generated bad bodies over the six writes, and every measure stays as it was', async () => {
    const ids = [...new Set(Object.values(targets))];
    const before = await Promise.all(ids.map(file));
    const items = await system.countItems();
    const perRoute = new Map<RouteName, number>();
    const statuses = new Set<number>();

    await fc.assert(
      fc.asyncProperty(anyBadRequest, async ({ route, what, body }) => {
        const answer = await system.request('POST', `/measures/${targets[route]}/${route}`, { token: worker, body });
        const label = `${route}, ${what}: ${JSON.stringify(body)?.slice(0, 300)} → ${answer.status} ${JSON.stringify(answer.body)}`;
        perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
        statuses.add(answer.status);
        expect(answer.status, label).toBeGreaterThanOrEqual(400);
        expect(answer.status, label).toBeLessThan(500);
        expect(answer.body, label).toEqual({
          error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
        });
        const messages = [
          answer.body.error.message,
          ...answer.body.error.details.map((detail: { message: string }) => detail.message),
        ];
        for (const message of messages) expect(looksFrench(message), `${label}: « ${message} »`).toBe(true);
      }),
      { numRuns: 1200 },
    );

    // Nothing stored: no record, no journal line, no idempotency key.
    expect(await system.countItems()).toBe(items);
    expect(await Promise.all(ids.map(file))).toEqual(before);
    for (const route of routeNames) expect(perRoute.get(route) ?? 0, route).toBeGreaterThan(100);
    expect([...statuses]).toContain(422);
  }, 120_000);

  it('takes the good body each bad one was made from, on the same measure', async () => {
    for (const route of ['contract', 'visits', 'bilans', 'renewals', 'closure', 'follow-up'] as const) {
      const answer = await system.request('POST', `/measures/${targets[route]}/${route}`, {
        token: worker,
        body: routes[route].body(),
      });
      expect(answer.status, `${route}: ${JSON.stringify(answer.body)}`).toBe(201);
    }
  });
});
