import type { ReferralBody } from '../../lib/domain/referral.js';

/** A complete, valid referral, as a CCAS would send it; override what a test is about. */
export function validReferral(overrides: Partial<ReferralBody> = {}): ReferralBody {
  return {
    referrer: { kind: 'ccas', organisation: 'CCAS de Bar-le-Duc', name: 'Claire Martin', email: 'c.martin@ccas.example.fr' },
    household: {
      contact: { lastName: 'Durand', firstName: 'Léa', phone: '06 12 34 56 78' },
      adults: 1,
      children: 2,
      address: { line: '12 rue des Tilleuls', postcode: '55000', commune: 'Bar-le-Duc' },
    },
    housing: {
      occupancyStatus: 'locataire',
      landlordType: 'social',
      monthlyRent: 480,
      arrearsAmount: 1250,
      evictionStage: 'commandement_de_payer',
    },
    difficulties: ['impayes_loyer', 'budget'],
    orientation: 'maintien',
    exclusions: { inSupportedStructure: false, otherBudgetSupport: false, protectionMeasure: false },
    consent: { householdAgrees: true, privacyNoticeAccepted: true },
    message: 'Ménage en difficulté depuis la perte d’emploi de Mme Durand.',
    ...overrides,
  };
}

export const acceptance = {
  decision: 'accepted',
  orientation: 'maintien',
  axes: ['budget', 'prevention_expulsion'],
  durationMonths: 3,
  workerId: 'w-1',
} as const;
