import { PolicyViolationError } from '../errors.js';
import { parisDate } from './dates.js';
import type { DepartmentPolicy } from './policies.js';
import type { Referral, ReferralBody } from './referral.js';
import { screenReferral } from './screening.js';
import { referrerKinds } from './vocabulary.js';
import { frenchList } from './french-words.js';

/** Refuses a referrer kind the department does not allow, naming who may refer. */
export function assertReferrerAllowed(policy: DepartmentPolicy, kind: ReferralBody['referrer']['kind']): void {
  if (policy.allowedReferrerKinds.includes(kind)) return;
  const allowed = frenchList(policy.allowedReferrerKinds.map((allowedKind) => referrerKinds.labels[allowedKind]));
  const message = `Dans ce département, une demande d’ASLL ne peut être adressée que par : ${allowed}.`;
  throw new PolicyViolationError(message, [{ path: 'referrer.kind', message }]);
}

/** `ASLL-2026-000042`: the year of receipt and a sequence number allocated for that year. */
export function formatReference(year: number, sequence: number): string {
  return `ASLL-${year}-${String(sequence).padStart(6, '0')}`;
}

export function referenceYear(receivedAt: Date): number {
  return Number(parisDate(receivedAt).slice(0, 4));
}

/** A referral as received: policy checked, screened, waiting for a decision. */
export function receiveReferral(
  body: ReferralBody,
  policy: DepartmentPolicy,
  identity: { id: string; sequence: number; receivedAt: Date },
): Referral {
  assertReferrerAllowed(policy, body.referrer.kind);
  return {
    ...body,
    id: identity.id,
    reference: formatReference(referenceYear(identity.receivedAt), identity.sequence),
    status: 'received',
    receivedAt: identity.receivedAt.toISOString(),
    receivedOn: parisDate(identity.receivedAt),
    screening: screenReferral(body, policy),
    decision: null,
    version: 1,
  };
}
