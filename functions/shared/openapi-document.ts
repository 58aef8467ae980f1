import { methodsWithBody, routes, type RouteId } from '../../infra/manifest.js';
import { jsonSchemaOf } from '../../lib/domain/referral-form.js';
import { measureStatuses, referralStatuses, workAxes } from '../../lib/domain/vocabulary.js';
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
const idempotencyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'Même clé et même corps : la première réponse est rejouée, rien de nouveau n’est enregistré.',
};

/** What each route answers, beside the manifest's declaration of it and its contract. */
const operations: Record<RouteId, { responses: Record<string, Schema>; idParameter?: Schema }> = {
  health: { responses: { 200: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } } },
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
  createReferral: { responses: { 201: ref('ReferralReceipt') } },
  listReferrals: { responses: { 200: pageOf(ref('Referral')) } },
  getReferral: { responses: { 200: ref('Referral') } },
  decideReferral: {
    responses: {
      200: { type: 'object', properties: { referral: ref('Referral'), measure: { type: 'null' } } },
      201: { type: 'object', properties: { referral: ref('Referral'), measure: ref('Measure') } },
    },
  },
  putStaff: { responses: { 200: ref('StaffMember'), 201: ref('StaffMember') }, idParameter: staffIdParameter },
  listStaff: { responses: { 200: pageOf(ref('StaffMember')) } },
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
};

function operation(routeId: RouteId) {
  const route = routes[routeId];
  const spec = operations[routeId];
  const contract: RouteContract = contracts[routeId];
  const parameters = [
    ...(route.path.includes('{id}') ? [spec.idParameter ?? idParameter] : []),
    ...queryParameters(contract),
    ...(contract.idempotent ? [idempotencyParameter] : []),
  ];
  const responses: Record<string, Schema> = {};
  for (const [status, schema] of Object.entries(spec.responses)) {
    responses[status] = { description: 'Réponse', content: { 'application/json': { schema } } };
  }
  const relevant = ['429', ...(methodsWithBody.includes(route.method) ? ['400', '409', '413', '415', '422'] : ['422'])];
  if (route.access !== 'public') relevant.push('401', '403');
  if (route.path.includes('{id}')) relevant.push('404');
  for (const status of relevant) {
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
        Measure: {
          type: 'object',
          required: ['id', 'referralId', 'status', 'orientation', 'axes', 'initialDurationMonths', 'workerId'],
          properties: {
            status: { enum: measureStatuses.values },
            axes: { type: 'array', items: { enum: workAxes.values } },
          },
        },
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
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
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
