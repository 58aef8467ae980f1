import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parisDate } from '../lib/domain/dates.js';
import { formatReference } from '../lib/domain/intake.js';
import type { Referral } from '../lib/domain/referral.js';
import type { ReferralStore } from '../lib/store/referrals.js';
import { policies } from '../lib/domain/policies.js';

/**
 * The baseline of the latency benchmark: `POST /referrals` without middy, zod or the domain.
 * It makes the same DynamoDB requests with the same items as the real handler, through the same
 * store code (lib/store): the year's counter (UpdateItem ADD), then one TransactWriteItems with
 * the referral Put and its journal Put. No idempotency key is sent, so neither handler reads or
 * writes an idempotency record.
 *
 * What the domain computes from the body (the screening) is taken from a referral the real
 * handler wrote for the same body: the bare handler repeats its output without its work. The
 * reference and the Paris date, mere formatting, use the same small functions as the domain.
 */
export interface BareReferralOptions {
  store: ReferralStore;
  /** The screening the real handler stored for the benchmark's body. */
  screening: Referral['screening'];
}

type ReferralBody = Omit<
  Referral,
  'id' | 'reference' | 'status' | 'receivedAt' | 'receivedOn' | 'screening' | 'decision' | 'version'
>;

const headers = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function bareReferralHandler(options: BareReferralOptions) {
  const { store, screening } = options;
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const body = JSON.parse(event.body ?? '{}') as ReferralBody;
    const now = new Date();
    const receivedOn = parisDate(now);
    const year = Number(receivedOn.slice(0, 4));
    const sequence = await store.allocateReferenceSequence(year);
    const id = randomUUID();
    const reference = formatReference(year, sequence);
    const referral: Referral = {
      ...body,
      id,
      reference,
      status: 'received',
      receivedAt: now.toISOString(),
      receivedOn,
      screening,
      decision: null,
      version: 1,
    };
    const receipt = { id, reference, status: referral.status, screening };
    const journal = { at: referral.receivedAt, actor: 'public', groups: [], action: 'received', route: 'POST /referrals' };
    await store.saveNew(referral, { policy: policies.meuse, journal });
    return { statusCode: 201, headers, body: JSON.stringify(receipt) };
  };
}
