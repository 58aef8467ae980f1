import { describe, expect, it } from 'vitest';
import { formatReference, receiveReferral, referenceYear } from '../../lib/domain/intake.js';
import { policies } from '../../lib/domain/policies.js';
import { screenReferral } from '../../lib/domain/screening.js';
import { PolicyViolationError } from '../../lib/errors.js';
import { validReferral } from '../support/fixtures.js';

const identity = { id: '00000000-0000-4000-8000-000000000001', sequence: 42, receivedAt: new Date('2026-03-05T09:30:00Z') };

describe('receiving a referral', () => {
  it('numbers it ASLL-<year>-<6 digits>', () => {
    expect(formatReference(2026, 42)).toBe('ASLL-2026-000042');
    expect(receiveReferral(validReferral(), policies.meuse, identity).reference).toBe('ASLL-2026-000042');
  });

  it('takes the year of receipt in Paris time: New Year’s night already counts for the new year', () => {
    expect(referenceYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
  });

  it('records it as received on the Paris business day, waiting for a decision', () => {
    const referral = receiveReferral(validReferral(), policies.meuse, {
      ...identity,
      receivedAt: new Date('2026-03-05T23:30:00Z'),
    });
    expect(referral).toMatchObject({ status: 'received', receivedOn: '2026-03-06', decision: null, version: 1 });
  });

  it('refuses a self-referral in Dordogne, naming who may refer', () => {
    const body = validReferral({ referrer: { kind: 'household', name: 'Léa Durand' } });
    expect(() => receiveReferral(body, policies.dordogne, identity)).toThrow(PolicyViolationError);
    try {
      receiveReferral(body, policies.dordogne, identity);
    } catch (error) {
      expect((error as PolicyViolationError).message).toBe(
        'Dans ce département, une demande d’ASLL ne peut être adressée que par : Travailleur social de secteur, Mission Locale, ADIL (Agence départementale d’information sur le logement) ou UDAF.',
      );
      expect((error as PolicyViolationError).details[0]?.path).toBe('referrer.kind');
    }
  });

  it('accepts a referral from the sector social worker under asell-intensif, and from nobody else', () => {
    const fromWorker = validReferral({ referrer: { kind: 'travailleur_social', name: 'A. Benali' } });
    expect(receiveReferral(fromWorker, policies['asell-intensif'], identity).status).toBe('received');
    expect(() => receiveReferral(validReferral(), policies['asell-intensif'], identity)).toThrow(PolicyViolationError);
  });
});

describe('screening', () => {
  it('flags arrears with an eviction procedure under way as urgent', () => {
    expect(screenReferral(validReferral(), policies.meuse).flags).toEqual(['urgent_eviction']);
  });

  it('does not flag urgency without a procedure, nor a procedure without arrears', () => {
    const noProcedure = validReferral();
    noProcedure.housing.evictionStage = 'none';
    expect(screenReferral(noProcedure, policies.meuse).flags).toEqual([]);
    const noArrears = validReferral({ difficulties: ['isolement'] });
    noArrears.housing.arrearsAmount = 0;
    expect(screenReferral(noArrears, policies.meuse).flags).toEqual([]);
  });

  it('flags the exclusions each seed states, and only those', () => {
    const body = validReferral();
    body.exclusions = { inSupportedStructure: true, otherBudgetSupport: true, protectionMeasure: true };
    expect(screenReferral(body, policies.meuse).flags).toEqual(['protection_measure', 'urgent_eviction']);
    expect(screenReferral(body, policies.plateforme).flags).toEqual([
      'in_supported_structure',
      'other_budget_support',
      'urgent_eviction',
    ]);
    expect(screenReferral(body, policies['departement-generique']).flags).toEqual(['urgent_eviction']);
  });
});
