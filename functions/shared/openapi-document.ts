import { methodsWithBody, routes, type RouteId } from '../../infra/manifest.js';
import { jsonSchemaOf } from '../../lib/domain/referral-form.js';
import {
  bilanRecommendations,
  closureReasons,
  housingOutcomes,
  measureStatuses,
  objectiveReached,
  orientations,
  referralStatuses,
  signatories,
  taskKinds,
  taskStatuses,
  visitActions,
  visitKinds,
  workAxes,
} from '../../lib/domain/vocabulary.js';
import { granularities } from '../../lib/domain/statistics/granularity.js';
import { statisticsMediaTypes } from '../../lib/domain/statistics/table.js';
import { groups } from '../../lib/identity.js';
import { contracts } from '../contracts/index.js';
import type { RouteContract } from './contract.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const pageOf = (item: Schema): Schema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
});

/** The query parameters of a contract's query schema, one per property. */
function queryParameters(contract: RouteContract): Schema[] {
  if (!contract.query) return [];
  const schema = jsonSchemaOf(contract.query) as { properties?: Record<string, Schema> };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    schema: property,
    ...(name === 'cursor' ? { description: 'Curseur opaque renvoyé par la page précédente.' } : {}),
  }));
}

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
/** A staff member's id: the identity its tokens carry (lib/domain/staff.ts says what it may hold). */
const staffIdParameter = {
  ...idParameter,
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\s/#]+$' },
  description: 'Identifiant du membre du personnel, celui que portent ses jetons (nom d’utilisateur Cognito sur AWS).',
};
/** A referral's reference, as lib/domain/intake.ts formats it. */
const referenceParameter = {
  name: 'reference',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^ASLL-\\d{4}-\\d{6}$' },
  description: 'Référence de la demande, par exemple ASLL-2026-000042.',
};
/** A task's id: `<kind>.<subjectId>[.<qualifier>]` (lib/domain/task.ts, parseTaskId). */
const taskIdParameter = {
  ...idParameter,
  schema: {
    type: 'string',
    pattern: `^(${taskKinds.values.join('|')})\\.[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64})?$`,
  },
  description: 'Identifiant de la tâche : sa nature, la mesure ou la demande concernée, et la période le cas échéant.',
};
/** A calendar feed's token: base64url of 32 bytes, with or without `.ics` (lib/domain/calendar-feed.ts). */
const feedTokenParameter = {
  name: 'token',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048](\\.ics)?$' },
  description: 'Le jeton secret de l’adresse d’agenda (256 bits en base64url), suivi ou non de .ics.',
};
const idempotencyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'Même clé et même corps : la première réponse est rejouée, rien de nouveau n’est enregistré.',
};

const feedStatus: Schema = {
  type: 'object',
  required: ['active', 'createdAt'],
  properties: { active: { type: 'boolean' }, createdAt: { type: ['string', 'null'], format: 'date-time' } },
};

const date: Schema = { type: 'string', format: 'date' };
const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] });
const enumOf = (values: readonly string[]): Schema => ({ enum: [...values] });

/** French labels by vocabulary, then by value. */
const labelsSchema: Schema = {
  type: 'object',
  additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
};

/**
 * What each route answers, beside the manifest's declaration of it and its contract. A response is
 * JSON unless `mediaTypes` names another type for its status.
 */
const operations: Record<
  RouteId,
  {
    responses: Record<string, Schema>;
    idParameter?: Schema;
    mediaTypes?: Record<string, string>;
    /** Other media types a status may answer in, each with its schema (the downloads of `GET /stats`). */
    alternatives?: Record<string, Record<string, Schema>>;
    /** Error statuses a route answers beyond those its declaration implies (a 404 without a path id). */
    errors?: string[];
  }
> = {
  health: {
    responses: {
      200: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] },
      503: { type: 'object', properties: { status: { const: 'unavailable' } }, required: ['status'] },
    },
  },
  openapi: { responses: { 200: { type: 'object' } } },
  referralForm: {
    responses: {
      200: {
        type: 'object',
        required: ['schema', 'labels', 'allowedReferrerKinds'],
        properties: {
          schema: { type: 'object' },
          labels: labelsSchema,
          allowedReferrerKinds: { type: 'array', items: { type: 'string' } },
          policy: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              label: { type: 'string' },
              initialDurationsMonths: { type: 'array', items: { type: 'integer' } },
              tripartiteContract: {
                type: 'boolean',
                description: 'Le prescripteur signe aussi le contrat (convention tripartite).',
              },
            },
          },
        },
      },
    },
  },
  createReferral: { responses: { 201: ref('ReferralReceipt') } },
  listReferrals: { responses: { 200: pageOf(ref('Referral')) } },
  getReferral: { responses: { 200: ref('Referral') } },
  findReference: {
    responses: {
      200: {
        type: 'object',
        required: ['reference', 'referralId', 'measureId'],
        properties: {
          reference: { type: 'string' },
          referralId: { type: 'string', format: 'uuid' },
          measureId: { type: ['string', 'null'], format: 'uuid' },
        },
      },
    },
  },
  decideReferral: {
    responses: {
      200: { type: 'object', properties: { referral: ref('Referral'), measure: { type: 'null' } } },
      201: { type: 'object', properties: { referral: ref('Referral'), measure: ref('Measure') } },
    },
  },
  putStaff: { responses: { 200: ref('StaffMember'), 201: ref('StaffMember') }, idParameter: staffIdParameter },
  listStaff: { responses: { 200: pageOf(ref('StaffMember')) } },
  // 404: the caller is not in the staff directory.
  getMe: { responses: { 200: ref('StaffMember') }, errors: ['404'] },
  setEmailNotifications: { responses: { 200: ref('StaffMember') }, errors: ['404'] },
  listMeasures: { responses: { 200: pageOf(ref('MeasureSummary')) } },
  measureForm: {
    responses: {
      200: {
        type: 'object',
        required: ['schemas', 'labels', 'policy'],
        properties: {
          schemas: {
            type: 'object',
            description: 'Schéma JSON du corps de chaque saisie : contract, visit, bilan, renewal, closure, followUp.',
            additionalProperties: { type: 'object' },
          },
          labels: labelsSchema,
          policy: {
            type: 'object',
            description: 'Ce que le règlement départemental en vigueur exige des saisies (null : pas de règle).',
            required: ['id', 'label', 'contract', 'renewal', 'totalCapMonths', 'bilan', 'followUp', 'visitCadence'],
            properties: {
              id: { type: 'string' },
              label: { type: 'string' },
              contract: {
                type: 'object',
                properties: {
                  tripartite: { type: 'boolean' },
                  requiredSignatories: { type: 'array', items: enumOf(signatories.values) },
                },
              },
              renewal: nullable({
                type: 'object',
                properties: {
                  maxCount: { type: ['integer', 'null'] },
                  durationsMonths: { type: 'array', items: { type: 'integer' } },
                  requiresBilanRecommendation: { type: 'boolean' },
                },
              }),
              totalCapMonths: { type: ['integer', 'null'] },
              bilan: nullable({
                type: 'object',
                properties: { leadDays: { type: 'integer' }, onEarlyStop: { type: 'boolean' } },
              }),
              followUp: nullable({
                type: 'object',
                properties: { monthsAfterEnd: { type: 'integer' }, withSectorWorker: { type: 'boolean' } },
              }),
              visitCadence: nullable({ type: 'object', properties: { minMeetingsPerMonth: { type: 'integer' } } }),
              homeVisitsExpected: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
  getMeasure: { responses: { 200: ref('Measure') } },
  recordContract: { responses: { 201: ref('Measure') } },
  recordVisit: { responses: { 201: ref('Measure') } },
  recordBilan: { responses: { 201: ref('Measure') } },
  recordRenewal: { responses: { 201: ref('Measure') } },
  recordClosure: { responses: { 201: ref('Measure') } },
  recordFollowUp: { responses: { 201: ref('Measure') } },
  handOverMeasure: { responses: { 201: ref('Measure') } },
  listTasks: { responses: { 200: pageOf(ref('Task')) } },
  completeTask: { responses: { 200: ref('Task') }, idParameter: taskIdParameter },
  createCalendarFeed: {
    responses: {
      201: {
        type: 'object',
        required: ['url', 'createdAt'],
        properties: {
          url: {
            type: 'string',
            format: 'uri',
            description: 'L’adresse privée de l’agenda, à donner à son application d’agenda ; elle n’est montrée qu’ici.',
          },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
  getCalendarFeed: { responses: { 200: feedStatus } },
  revokeCalendarFeed: { responses: { 200: feedStatus } },
  getCalendar: {
    responses: {
      200: {
        type: 'string',
        description:
          'iCalendar (RFC 5545) : un événement d’une journée par tâche ouverte, à sa date d’échéance ; UID = identifiant de la tâche.',
      },
    },
    mediaTypes: { 200: 'text/calendar' },
  },
  getStats: {
    responses: { 200: ref('StatsDownload') },
    alternatives: {
      200: {
        [statisticsMediaTypes.csv.split(';')[0]!]: {
          type: 'string',
          description:
            '`format=csv` : UTF-8 avec BOM, `;` entre les champs, fins de ligne CRLF, en-têtes et libellés en français, ' +
            'virgule décimale, « s » (secret statistique) là où une case est masquée ; une ligne par indicateur et ' +
            'ventilation, une colonne par période ; après les chiffres, une ligne vide puis le bloc « Définitions » ' +
            '(ce que veut dire « s », puis code, libellé, unité, définition et ventilations de chaque indicateur).',
        },
        [statisticsMediaTypes.xlsx]: {
          type: 'string',
          contentEncoding: 'binary',
          description:
            '`format=xlsx` : classeur Office Open XML, chiffres en cellules numériques, feuille « Définitions ». ' +
            'Sur AWS, envoyer `Accept` avec ce type en premier, pour qu’API Gateway rende les octets.',
        },
        [statisticsMediaTypes.ods]: {
          type: 'string',
          contentEncoding: 'binary',
          description:
            '`format=ods` : classeur OpenDocument, chiffres en cellules numériques, feuille « Définitions ». ' +
            'Sur AWS, envoyer `Accept` avec ce type en premier, pour qu’API Gateway rende les octets.',
        },
      },
    },
  },
  getStatsCatalogue: { responses: { 200: pageOf(ref('StatsIndicator')) } },
  readJournal: {
    responses: {
      200: pageOf({
        type: 'object',
        required: ['at', 'actor', 'groups', 'action', 'route'],
        properties: {
          at: { type: 'string', format: 'date-time' },
          actor: { type: 'string' },
          groups: { type: 'array', items: { type: 'string' } },
          action: { type: 'string' },
          route: { type: 'string' },
        },
      }),
    },
    // 404: no file has that id (every file has entries from its first write).
    errors: ['404'],
  },
};

const stamped = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties: { ...properties, recordedBy: { type: 'string' }, recordedAt: { type: 'string', format: 'date-time' } },
});

/** The measure's head fields, shared by the list's summary and the whole file. */
const measureHead: Record<string, Schema> = {
  id: { type: 'string', format: 'uuid' },
  reference: { type: 'string' },
  referralId: { type: 'string', format: 'uuid' },
  status: enumOf(measureStatuses.values),
  orientation: enumOf(orientations.values),
  initialOrientation: enumOf(orientations.values),
  axes: { type: 'array', items: enumOf(workAxes.values) },
  workerId: { type: 'string' },
  initialDurationMonths: { type: 'integer' },
  household: {
    type: 'object',
    properties: {
      lastName: { type: 'string' },
      firstName: { type: 'string' },
      postcode: { type: 'string' },
      commune: { type: 'string' },
    },
  },
  decidedOn: date,
  startedOn: nullable(date),
  plannedEnd: nullable(date),
  bilanDueOn: nullable(date),
  followUpDueOn: nullable(date),
  contract: nullable(
    stamped({
      signedOn: date,
      objectives: {
        type: 'array',
        items: { type: 'object', properties: { axis: enumOf(workAxes.values), text: { type: 'string' } } },
      },
      signatories: { type: 'array', items: enumOf(signatories.values) },
    }),
  ),
  closure: nullable(
    stamped({
      endedOn: date,
      reason: enumOf(closureReasons.values),
      housingOutcome: enumOf(housingOutcomes.values),
      evictionAvoided: { type: ['boolean', 'null'] },
      early: { type: 'boolean' },
    }),
  ),
  followUp: nullable(
    stamped({
      visitedOn: date,
      withSectorWorker: { type: 'boolean' },
      stillHoused: { type: 'boolean' },
      notes: { type: ['string', 'null'] },
    }),
  ),
  version: { type: 'integer', minimum: 1 },
};

/** Every head field is always there, but the decision's orientation on measures opened before it was kept. */
const requiredHead = Object.keys(measureHead).filter((name) => name !== 'initialOrientation');

const measureRecords: Record<string, Schema> = {
  visits: {
    type: 'array',
    items: stamped({
      id: { type: 'string' },
      date,
      kind: enumOf(visitKinds.values),
      durationMinutes: { type: 'integer' },
      axes: { type: 'array', items: enumOf(workAxes.values) },
      withSectorWorker: { type: 'boolean' },
      actions: { type: 'array', items: enumOf(visitActions.values) },
      notes: { type: ['string', 'null'] },
    }),
  },
  bilans: {
    type: 'array',
    items: stamped({
      id: { type: 'string' },
      submittedOn: date,
      recommendation: enumOf(bilanRecommendations.values),
      nextOrientation: nullable(enumOf(orientations.values)),
      stepsTaken: { type: 'string' },
      objectivesReached: {
        type: 'array',
        items: { type: 'object', properties: { axis: enumOf(workAxes.values), reached: enumOf(objectiveReached.values) } },
      },
      period: { type: 'integer', minimum: 0 },
    }),
  },
  renewals: {
    type: 'array',
    items: stamped({
      id: { type: 'string' },
      decidedOn: date,
      months: { type: 'integer' },
      orientation: enumOf(orientations.values),
      previousPlannedEnd: date,
      plannedEnd: date,
    }),
  },
  tasks: { type: 'array', items: ref('Task') },
};

const taskSchema: Schema = {
  type: 'object',
  required: ['id', 'kind', 'status', 'title', 'dueOn', 'measureId', 'referralId', 'reference', 'assignee', 'createdAt', 'doneAt'],
  properties: {
    id: { type: 'string' },
    kind: enumOf(taskKinds.values),
    status: enumOf(taskStatuses.values),
    title: { type: 'string' },
    dueOn: date,
    measureId: { type: ['string', 'null'] },
    referralId: { type: ['string', 'null'] },
    reference: { type: 'string' },
    assignee: {
      oneOf: [
        { type: 'object', required: ['workerId'], properties: { workerId: { type: 'string' } } },
        { type: 'object', required: ['group'], properties: { group: { const: 'manager' } } },
      ],
    },
    createdAt: { type: 'string', format: 'date-time' },
    doneAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

const errorStatuses: Record<string, string> = {
  400: 'JSON mal formé',
  401: 'Jeton absent ou invalide',
  403: 'Rôle insuffisant',
  404: 'Identifiant inconnu',
  409: 'Conflit (décision déjà prise, clé d’idempotence réutilisée)',
  413: 'Corps trop volumineux',
  415: 'Corps non JSON',
  422: 'Règle non respectée (schéma ou règlement départemental)',
  429: 'Trop de requêtes',
  503: 'Base de données momentanément injoignable',
};

function operation(routeId: RouteId) {
  const route = routes[routeId];
  const spec = operations[routeId];
  const contract: RouteContract = contracts[routeId];
  const parameters = [
    ...(route.path.includes('{id}') ? [spec.idParameter ?? idParameter] : []),
    ...(route.path.includes('{token}') ? [feedTokenParameter] : []),
    ...(route.path.includes('{reference}') ? [referenceParameter] : []),
    ...queryParameters(contract),
    ...(contract.idempotent ? [idempotencyParameter] : []),
  ];
  const responses: Record<string, Schema> = {};
  for (const [status, schema] of Object.entries(spec.responses)) {
    const alternatives = Object.entries(spec.alternatives?.[status] ?? {}).map(([mediaType, other]) => [
      mediaType,
      { schema: other },
    ]);
    responses[status] = {
      description: 'Réponse',
      content: { [spec.mediaTypes?.[status] ?? 'application/json']: { schema }, ...Object.fromEntries(alternatives) },
    };
  }
  const relevant = ['429', ...(methodsWithBody.includes(route.method) ? ['400', '409', '413', '415', '422'] : ['422'])];
  if (route.access !== 'public') relevant.push('401', '403');
  if (/\{\w+\}/.test(route.path)) relevant.push('404');
  if (route.table !== 'none') relevant.push('503');
  relevant.push(...(spec.errors ?? []));
  // A route's own description of a status (health's 503) wins over the generic error.
  for (const status of relevant.filter((status) => !responses[status])) {
    responses[status] = { description: errorStatuses[status], content: { 'application/json': { schema: ref('Error') } } };
  }
  return {
    operationId: routeId,
    summary: route.summary,
    ...(route.access === 'public' ? { security: [] } : { security: [{ cognito: [] }], 'x-asll-groups': route.access }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(bodySchemaName(routeId)) } } } }
      : {}),
    responses,
  };
}

/** `decideReferral` → `DecideReferralBody`: the component that holds a route's request body. */
const bodySchemaName = (routeId: RouteId) => `${routeId[0]!.toUpperCase()}${routeId.slice(1)}Body`;

function bodySchemas(): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  for (const [routeId, contract] of Object.entries(contracts) as [RouteId, RouteContract][]) {
    if (contract.body) schemas[bodySchemaName(routeId)] = jsonSchemaOf(contract.body);
  }
  return schemas;
}

/** OpenAPI 3.1 document generated from the manifest, the routes' contracts and the vocabularies. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const routeId of Object.keys(routes) as RouteId[]) {
    const route = routes[routeId];
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(routeId) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ASLL — Accompagnement Social Lié au Logement',
      version: '1',
      description: 'Saisines, décisions et mesures ASLL. Voir API.md pour le contrat.',
    },
    paths,
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...bodySchemas(),
        ReferralReceipt: {
          type: 'object',
          required: ['id', 'reference', 'status', 'screening'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            reference: { type: 'string', pattern: '^ASLL-\\d{4}-\\d{6}$' },
            status: { const: 'received' satisfies (typeof referralStatuses.values)[number] },
            screening: { type: 'object', properties: { flags: { type: 'array', items: { type: 'string' } } } },
          },
        },
        Referral: {
          type: 'object',
          required: ['id', 'reference', 'status', 'receivedAt', 'screening', 'decision', 'version'],
          properties: { status: { enum: referralStatuses.values } },
        },
        MeasureSummary: { type: 'object', required: requiredHead, properties: measureHead },
        Measure: {
          type: 'object',
          required: [...requiredHead, ...Object.keys(measureRecords)],
          properties: { ...measureHead, ...measureRecords },
        },
        Task: taskSchema,
        StaffMember: {
          type: 'object',
          required: ['id', 'name', 'email', 'groups', 'territory', 'active', 'createdAt', 'updatedAt'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            email: { type: 'string', format: 'email' },
            groups: { type: 'array', items: { enum: groups } },
            territory: { type: ['string', 'null'] },
            active: { type: 'boolean' },
            emailNotifications: { type: 'boolean' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        StatsDownload: {
          type: 'object',
          required: ['generatedAt', 'from', 'to', 'by', 'threshold', 'rows'],
          properties: {
            generatedAt: {
              type: ['string', 'null'],
              format: 'date-time',
              description: 'Heure du dernier calcul (`time` du job stats) ; null avant le premier, et `rows` est alors vide.',
            },
            from: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
            to: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
            by: enumOf(granularities),
            threshold: { type: 'integer', minimum: 2 },
            rows: {
              type: 'array',
              description:
                'Les périodes que le dernier calcul a atteintes ; une période pas encore commencée n’y est pas. Une ' +
                'période en cours (pas terminée au jour, à Paris, de `generatedAt`) y a ses chiffres provisoires, ' +
                'recalculés chaque nuit ; là où le déploiement l’a choisi (ASLL_STATS_ONGOING=hidden), toutes ses cases ' +
                'sont masquées (`value: null`, `suppressed: true`) jusqu’à sa fin.',
              items: {
                type: 'object',
                required: ['period', 'territory', 'indicator', 'dimension', 'category', 'value', 'suppressed'],
                properties: {
                  period: { type: 'string', pattern: '^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$' },
                  territory: { type: 'string', description: '`all` pour l’ensemble du département.' },
                  indicator: { type: 'string' },
                  dimension: { type: ['string', 'null'] },
                  category: { type: ['string', 'null'] },
                  value: { type: ['number', 'null'] },
                  suppressed: { type: 'boolean' },
                },
              },
            },
          },
        },
        StatsIndicator: {
          type: 'object',
          required: ['id', 'label', 'unit', 'kind', 'definition', 'breakdowns'],
          properties: {
            id: { type: 'string' },
            label: { type: 'string' },
            unit: { type: 'string' },
            kind: { enum: ['count', 'mean', 'median'] },
            definition: { type: 'string' },
            breakdowns: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'label', 'multiple', 'categories'],
                properties: {
                  id: { type: 'string' },
                  label: { type: 'string' },
                  multiple: { type: 'boolean' },
                  categories: {
                    type: 'array',
                    items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' } } },
                  },
                },
              },
            },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                details: {
                  type: 'array',
                  items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
                },
              },
            },
          },
        },
      },
    },
  };
}
