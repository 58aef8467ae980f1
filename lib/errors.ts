/**
 * One hierarchy for every error a client can cause. The HTTP layer maps them to API.md's error
 * shape in one place; anything that is not an AppError becomes a generic 500 with no detail.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'MALFORMED_JSON'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'VALIDATION_FAILED'
  | 'POLICY_VIOLATION'
  | 'THROTTLED'
  | 'SERVICE_UNAVAILABLE';

/** What a client reads when something failed that it did not cause (no detail ever leaks). */
export const internalErrorMessage = 'Une erreur interne est survenue. Réessayez plus tard.';

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class MalformedJsonError extends AppError {
  constructor(message = 'Le corps de la requête n’est pas un JSON valide.') {
    super(400, 'MALFORMED_JSON', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentification requise : jeton absent, invalide ou expiré.') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Vos droits ne permettent pas d’effectuer cette action.') {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Ressource introuvable.') {
    super(404, 'NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'CONFLICT', message);
  }
}

/** Another transaction changed the same items at the same moment: retrying may succeed. */
export class ConcurrentWriteError extends ConflictError {
  constructor() {
    super('Une autre modification est en cours sur ce dossier ; réessayez.');
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `Le corps de la requête dépasse la taille maximale de ${Math.round(limitBytes / 1024)} Ko.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Le corps de la requête doit être envoyé en JSON (Content-Type: application/json).') {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], message = 'Certaines informations sont manquantes ou invalides.') {
    super(422, 'VALIDATION_FAILED', message, details);
  }
}

/** Valid data that a department rule refuses. */
export class PolicyViolationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(422, 'POLICY_VIOLATION', message, details);
  }
}

export class ThrottledError extends AppError {
  constructor() {
    super(429, 'THROTTLED', 'Trop de requêtes en peu de temps : réessayez dans quelques instants.');
  }
}

/** The database cannot be reached (connection refused, reset or timed out): worth retrying later. */
export class ServiceUnavailableError extends AppError {
  constructor() {
    super(503, 'SERVICE_UNAVAILABLE', 'La base de données est momentanément injoignable : réessayez dans quelques instants.');
  }
}

/** Network failures the AWS SDK reports once its retries are spent (system error codes). */
const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Whether an error is the AWS SDK failing to reach the database at all, rather than an answer
 * from it. Recognised by shape (SDK errors carry `$metadata`), so that routes without table
 * access need not load the SDK to tell.
 */
export function isDatabaseUnreachable(error: unknown): error is Error {
  if (!(error instanceof Error) || !('$metadata' in error)) return false;
  if (error.name === 'TimeoutError') return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && networkErrorCodes.has(code);
}
