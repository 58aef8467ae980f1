import type { RouteId } from '../../infra/manifest.js';
import type { RouteContract } from '../shared/contract.js';
import * as publicRoutes from './public.js';
import * as journal from './journal.js';
import * as measures from './measures.js';
import * as referrals from './referrals.js';
import * as staff from './staff.js';

/** Every route's contract, for the OpenAPI document (a handler imports only its own). */
export const contracts = { ...publicRoutes, ...referrals, ...staff, ...measures, ...journal } satisfies Record<
  RouteId,
  RouteContract
>;
