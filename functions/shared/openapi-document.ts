import { routes, type RouteId } from '../../infra/manifest.js';
import { decisionBodySchema } from '../../lib/domain/decision.js';
import { referralBodySchema } from '../../lib/domain/referral.js';
import { jsonSchemaOf } from '../../lib/domain/referral-form.js';
import { workAxes } from '../../lib/domain/vocabulary.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const pageOf = (item: Schema): Schema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
});

const paginationParameters = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'Curseur opaque renvoyé par la page précédente.' },
];

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const idempotencyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'Même clé et même corps : la première réponse est rejouée, rien de nouveau n’est enregistré.',
};

/** What each route takes and answers, beside the manifest's declaration of it. */
const operations: Record<RouteId, { parameters?: Schema[]; requestBody?: Schema; responses: Record<string, Schema> }> = {
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
          labels: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
          allowedReferrerKinds: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  createReferral: {
    parameters: [idempotencyParameter],
    requestBody: ref('ReferralBody'),
    responses: { 201: ref('ReferralReceipt') },
  },
  listReferrals: {
    parameters: [
      { name: 'status', in: 'query', schema: { enum: ['received', 'accepted', 'refused', 'redirected'], default: 'received' } },
      ...paginationParameters,
    ],
    responses: { 200: pageOf(ref('Referral')) },
  },
  getReferral: { parameters: [idParameter], responses: { 200: ref('Referral') } },
  decideReferral: {
    parameters: [idParameter, idempotencyParameter],
    requestBody: ref('DecisionBody'),
    responses: {
      200: { type: 'object', properties: { referral: ref('Referral'), measure: { type: 'null' } } },
      201: { type: 'object', properties: { referral: ref('Referral'), measure: ref('Measure') } },
    },
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
  const responses: Record<string, Schema> = {};
  for (const [status, schema] of Object.entries(spec.responses)) {
    responses[status] = { description: 'Réponse', content: { 'application/json': { schema } } };
  }
  const relevant = ['429', ...(route.method === 'POST' ? ['400', '409', '413', '415', '422'] : ['422'])];
  if (route.access !== 'public') relevant.push('401', '403');
  if (route.path.includes('{id}')) relevant.push('404');
  if (route.table !== 'none') relevant.push('503');
  // A route's own description of a status (health's 503) wins over the generic error.
  for (const status of relevant.filter((status) => !responses[status])) {
    responses[status] = { description: errorStatuses[status], content: { 'application/json': { schema: ref('Error') } } };
  }
  return {
    operationId: routeId,
    summary: route.summary,
    ...(route.access === 'public' ? { security: [] } : { security: [{ cognito: [] }], 'x-asll-groups': route.access }),
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.requestBody
      ? { requestBody: { required: true, content: { 'application/json': { schema: spec.requestBody } } } }
      : {}),
    responses,
  };
}

/** OpenAPI 3.1 document generated from the manifest and the zod schemas. */
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
        ReferralBody: jsonSchemaOf(referralBodySchema),
        DecisionBody: jsonSchemaOf(decisionBodySchema),
        ReferralReceipt: {
          type: 'object',
          required: ['id', 'reference', 'status', 'screening'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            reference: { type: 'string', pattern: '^ASLL-\\d{4}-\\d{6}$' },
            status: { const: 'received' },
            screening: { type: 'object', properties: { flags: { type: 'array', items: { type: 'string' } } } },
          },
        },
        Referral: { type: 'object', required: ['id', 'reference', 'status', 'receivedAt', 'screening', 'decision', 'version'] },
        Measure: {
          type: 'object',
          required: ['id', 'referralId', 'status', 'orientation', 'axes', 'initialDurationMonths', 'workerId'],
          properties: {
            status: { enum: ['awaiting_contract', 'active', 'closed'] },
            axes: { type: 'array', items: { enum: workAxes.values } },
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
