import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { ForbiddenError, MalformedJsonError } from '../../lib/errors.js';
import { gatewayErrors } from '../gateway-errors.js';

/** An error API Gateway answers itself, before any function runs. */
export interface GatewayError {
  readonly type: ResponseType;
  /** Omitted for the DEFAULT_* families: the original status (4xx or 5xx) is kept. */
  readonly statusCode?: number;
  readonly code: string;
  readonly message: string;
}

/** API.md's error shape, in French, for every answer that does not come from a function. */
export const gatewayResponses: readonly GatewayError[] = [
  { type: ResponseType.UNAUTHORIZED, ...gatewayErrors.unauthorized },
  { type: ResponseType.ACCESS_DENIED, statusCode: 403, code: 'FORBIDDEN', message: new ForbiddenError().message },
  // REST API answers 403 "Missing Authentication Token" for an unknown path: the contract says 404.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, ...gatewayErrors.notFound },
  { type: ResponseType.REQUEST_TOO_LARGE, ...gatewayErrors.tooLarge },
  { type: ResponseType.THROTTLED, ...gatewayErrors.throttled },
  { type: ResponseType.BAD_REQUEST_BODY, statusCode: 400, code: 'MALFORMED_JSON', message: new MalformedJsonError().message },
  {
    type: ResponseType.WAF_FILTERED,
    statusCode: 403,
    code: 'FORBIDDEN',
    message: 'La requête a été bloquée par le pare-feu applicatif.',
  },
  { type: ResponseType.DEFAULT_4XX, code: 'REQUEST_REJECTED', message: 'La requête a été refusée par la passerelle.' },
  { type: ResponseType.DEFAULT_5XX, code: gatewayErrors.internal.code, message: gatewayErrors.internal.message },
];

/** The JSON body of an error, as a mapping template (a literal: no client input is echoed). */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message, details: [] } });
}

/** A static header value, as API Gateway wants it: single-quoted. */
function literal(value: string): string {
  return `'${value}'`;
}

export function addGatewayResponses(api: RestApi, allowedOrigin: string): void {
  for (const response of gatewayResponses) {
    // A mapping template is Velocity: a `$` or a `#` in a message would be read as code.
    if (/[$#]/.test(response.message)) throw new Error(`Message de passerelle inutilisable tel quel : ${response.message}`);
    api.addGatewayResponse(`GatewayResponse-${response.type.responseType}`, {
      type: response.type,
      ...(response.statusCode === undefined ? {} : { statusCode: String(response.statusCode) }),
      templates: { 'application/json': errorBody(response.code, response.message) },
      responseHeaders: {
        // Without it, the web pages could not read why a call failed.
        'Access-Control-Allow-Origin': literal(allowedOrigin),
        Vary: literal('Origin'),
        'Cache-Control': literal('no-store'),
        'X-Content-Type-Options': literal('nosniff'),
        ...(response.type === ResponseType.UNAUTHORIZED ? { 'WWW-Authenticate': literal('Bearer') } : {}),
      },
    });
  }
}
