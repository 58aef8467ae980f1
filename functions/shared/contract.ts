import type * as z from 'zod/mini';
import type { RouteId } from '../../infra/manifest.js';

/**
 * What a route takes, declared once: the handler checks requests against it and the OpenAPI
 * document describes it. The manifest says where the route is and who may call it.
 */
export interface RouteContract {
  route: RouteId;
  /** The JSON body's schema (POST and PUT routes). */
  body?: z.ZodMiniType;
  /** The query string's schema. */
  query?: z.ZodMiniType;
  /** Takes an `Idempotency-Key`: the same key and body give the first result again, nothing new is stored. */
  idempotent?: boolean;
}

/** Declares a contract, keeping its exact type so that handlers infer body and query. */
export function contract<const C extends RouteContract>(declaration: C): C {
  return declaration;
}
