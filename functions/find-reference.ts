import { NotFoundError } from '../lib/errors.js';
import { ReferralStore } from '../lib/store/referrals.js';
import { findReference } from './contracts/find-reference.js';
import { apiHandler } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';

/** The shape lib/domain/intake.ts gives references: anything else is no reference (404). */
const referencePattern = /^ASLL-\d{4}-\d{6}$/;

/** A reference's referral and measure ids, for a manager or an administrator who was given only the reference. */
export const handler = apiHandler(findReference, async (request) => {
  const reference = request.event.pathParameters?.reference?.toUpperCase() ?? '';
  const target = referencePattern.test(reference) ? await getStore(ReferralStore).findReference(reference) : null;
  if (!target)
    throw new NotFoundError(`Aucune demande ne porte la référence « ${request.event.pathParameters?.reference ?? ''} ».`);
  return target;
});
