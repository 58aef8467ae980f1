import type { ReferralBody } from '../../lib/domain/referral.js';
import { parisToday } from './dates.js';
import { validReferral } from './fixtures.js';
import type { startTestRuntime } from './runtime.js';

type System = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * A referral received and accepted by a manager for `workerId` (registered as an active worker
 * first, unless `registered`: already in the directory, their entry left as it is): the new
 * measure, awaiting its contract.
 */
export async function acceptedMeasure(
  system: System,
  options: {
    manager: string;
    workerId: string;
    referral?: Partial<ReferralBody>;
    decision?: Record<string, unknown>;
    registered?: boolean;
  },
) {
  if (!options.registered) await system.registerStaff(options.workerId, ['worker']);
  const created = await system.request('POST', '/referrals', { body: validReferral(options.referral) });
  if (created.status !== 201) throw new Error(`referral: ${created.status} ${JSON.stringify(created.body)}`);
  const decided = await system.request('POST', `/referrals/${created.body.id}/decision`, {
    token: options.manager,
    body: {
      decision: 'accepted',
      decidedOn: parisToday(),
      orientation: 'maintien',
      axes: ['budget', 'prevention_expulsion'],
      durationMonths: 3,
      workerId: options.workerId,
      ...options.decision,
    },
  });
  if (decided.status !== 201) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);
  return decided.body.measure as { id: string; version: number; reference: string };
}

export const signedContract = (signatories = ['household', 'worker']) => ({
  signedOn: parisToday(),
  objectives: [
    { axis: 'budget', text: 'Établir un budget mensuel et le tenir trois mois.' },
    { axis: 'prevention_expulsion', text: 'Négocier un plan d’apurement avec le bailleur.' },
  ],
  signatories,
});

export const homeVisit = (overrides: Record<string, unknown> = {}) => ({
  date: parisToday(),
  kind: 'domicile',
  durationMinutes: 60,
  axes: ['budget'],
  actions: ['fsl'],
  notes: 'Point sur les factures.',
  ...overrides,
});

export const renewingBilan = () => ({
  submittedOn: parisToday(),
  recommendation: 'renew',
  nextOrientation: 'maintien',
  stepsTaken: 'Dossier FSL déposé, plan d’apurement signé.',
  objectivesReached: [
    { axis: 'budget', reached: 'partly' },
    { axis: 'prevention_expulsion', reached: 'yes' },
  ],
});

export const endingBilan = () => ({ ...renewingBilan(), recommendation: 'end', nextOrientation: undefined });
