import { internalErrorMessage, ThrottledError, UnauthenticatedError } from '../lib/errors.js';

/**
 * The errors API Gateway answers itself, before any function runs, in API.md's shape. The CDK app
 * sets them as gateway responses; the local gateway answers them the same way.
 */
export const gatewayErrors = {
  unauthorized: { statusCode: 401, code: 'UNAUTHENTICATED', message: new UnauthenticatedError().message },
  notFound: { statusCode: 404, code: 'NOT_FOUND', message: 'Cette adresse ne correspond à aucune ressource.' },
  methodNotAllowed: {
    statusCode: 405,
    code: 'METHOD_NOT_ALLOWED',
    message: 'Cette adresse existe, mais pas pour cette méthode : voyez l’en-tête Allow.',
  },
  tooLarge: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Le corps de la requête est trop volumineux.' },
  throttled: { statusCode: 429, code: 'THROTTLED', message: new ThrottledError().message },
  internal: { statusCode: 500, code: 'INTERNAL', message: internalErrorMessage },
} as const;

export type GatewayErrorBody = (typeof gatewayErrors)[keyof typeof gatewayErrors];
