import { randomUUID } from 'node:crypto';
import { decideReferral as decide, type DecisionOutcome } from '../lib/domain/decision.js';
import { isStaffId } from '../lib/domain/staff-rules.js';
import { ConcurrentWriteError, NotFoundError } from '../lib/errors.js';
import { getConfig } from '../lib/config.js';
import { decideReferral } from './contracts/decide-referral.js';
import { getStore } from './shared/dependencies.js';
import { pathId } from './shared/path.js';
import { writeHandler } from './shared/write-handler.js';
import { DecisionRefusedError, ReferralStore } from '../lib/store/referrals.js';
import { StaffStore } from '../lib/store/staff.js';

export const handler = writeHandler(
  decideReferral,
  async (request) => {
    const referrals = getStore(ReferralStore);
    const staff = getStore(StaffStore);
    const id = pathId(request.event);
    const referral = id ? await referrals.get(id) : null;
    if (!referral) throw new NotFoundError('Demande introuvable.');
    const { workerId } = request.body;
    const outcome = decide(referral, request.body, getConfig().policy, {
      managerId: request.caller.id,
      now: request.now,
      measureId: randomUUID(),
      // The domain judges whether this member may be given the measure.
      worker: workerId && isStaffId(workerId) ? await staff.get(workerId) : null,
    });
    try {
      await referrals.saveDecision(outcome, referral.version, {
        policy: getConfig().policy,
        journal: request.journal('decided'),
        idempotent: request.idempotent(outcome),
        openTasks: await referrals.openTasks(referral.id),
      });
    } catch (error) {
      // Still waiting: the deadlines job gave it a task meanwhile; decide again on a fresh read.
      if (error instanceof DecisionRefusedError && (await referrals.get(referral.id))?.status === 'received') {
        throw new ConcurrentWriteError();
      }
      throw error;
    }
    return outcome;
  },
  (outcome: DecisionOutcome) => ({
    statusCode: outcome.measure ? 201 : 200,
    // The measure as every measure answer gives it; a measure just opened has no task yet.
    body: outcome.measure ? { ...outcome, measure: { ...outcome.measure, tasks: [] } } : outcome,
  }),
);
