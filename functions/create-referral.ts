import { randomUUID } from 'node:crypto';
import { assertReferrerAllowed, receiveReferral, referenceYear } from '../lib/domain/intake.js';
import { getConfig } from '../lib/config.js';
import { createReferral } from './contracts/create-referral.js';
import { getStore } from './shared/dependencies.js';
import { writeHandler } from './shared/write-handler.js';
import { ReferralStore } from '../lib/store/referrals.js';

export const handler = writeHandler(
  createReferral,
  async (request) => {
    const { policy } = getConfig();
    const referrals = getStore(ReferralStore);
    // Checked before a reference number is spent on a referral that would be refused.
    assertReferrerAllowed(policy, request.body.referrer.kind);
    const sequence = await referrals.allocateReferenceSequence(referenceYear(request.now));
    const referral = receiveReferral(request.body, policy, { id: randomUUID(), sequence, receivedAt: request.now });
    const { id, reference, status, screening } = referral;
    const receipt = { id, reference, status, screening };
    await referrals.saveNew(referral, { policy, journal: request.journal('received'), idempotent: request.idempotent(receipt) });
    return receipt;
  },
  (receipt) => ({ statusCode: 201, body: receipt }),
);
