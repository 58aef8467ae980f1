import { describe, expect, it } from 'vitest';
import { contractBodySchema, recordContract } from '../../lib/domain/contract.js';
import { policies, policyIds } from '../../lib/domain/policies.js';
import { activeMeasure, awaitingMeasure, contractBody, on, refusal, refusedPaths } from '../support/measures.js';

describe('signing the contract', () => {
  it('starts the measure on the signature day for its initial duration, with its bilan due 10 days before the end under meuse', () => {
    const change = recordContract(
      awaitingMeasure('meuse'),
      contractBody('meuse', '2026-01-15'),
      policies.meuse,
      on('2026-01-20'),
    );
    expect(change.measure).toMatchObject({
      status: 'active',
      startedOn: '2026-01-15',
      plannedEnd: '2026-04-14',
      bilanDueOn: '2026-04-04',
      version: 2,
    });
    expect(change.measure.contract).toEqual({
      signedOn: '2026-01-15',
      objectives: contractBody().objectives,
      signatories: ['household', 'worker'],
      recordedBy: 'w-1',
      recordedAt: '2026-01-20T10:00:00.000Z',
    });
    expect(change.appended).toBeNull();
    expect(change.resolvedTaskKinds).toEqual(['contract_unsigned']);
  });

  it.each(policyIds)('starts a measure under the %s policy with its bilan due on or before the planned end', (policyId) => {
    const measure = recordContract(
      awaitingMeasure(policyId),
      contractBody(policyId),
      policies[policyId],
      on('2026-01-15'),
    ).measure;
    expect(measure.status).toBe('active');
    expect(measure.bilanDueOn! <= measure.plannedEnd!).toBe(true);
  });

  it('puts the bilan at the planned end where the policy sets no lead days (departement-generique)', () => {
    const measure = activeMeasure('departement-generique');
    expect(measure.bilanDueOn).toBe(measure.plannedEnd);
  });

  it('refuses a contract on a measure that is already active, saying which status it needs', () => {
    const error = refusal(() => recordContract(activeMeasure(), contractBody(), policies.meuse, on('2026-01-20')));
    expect(error.message).toContain('« En attente de signature du contrat »');
    expect(error.message).toContain('« En cours »');
    expect(error.details.map((detail) => detail.path)).toEqual(['status']);
  });

  it('refuses a contract signed before the decision or after today', () => {
    expect(
      refusedPaths(() =>
        recordContract(awaitingMeasure(), contractBody('meuse', '2026-01-04'), policies.meuse, on('2026-01-20')),
      ),
    ).toEqual(['signedOn']);
    const future = refusal(() =>
      recordContract(awaitingMeasure(), contractBody('meuse', '2026-01-21'), policies.meuse, on('2026-01-20')),
    );
    expect(future.message).toBe('La date de signature (21/01/2026) ne peut pas être postérieure à aujourd’hui (20/01/2026).');
  });

  it('requires the signatures of the household and of the worker', () => {
    const body = { ...contractBody(), signatories: ['worker' as const] };
    const error = refusal(() => recordContract(awaitingMeasure(), body, policies.meuse, on('2026-01-20')));
    expect(error.message).toContain('Signature manquante : le ménage.');
    expect(error.details.map((detail) => detail.path)).toEqual(['signatories']);
  });

  it('names every signature missing', () => {
    const body = { ...contractBody('dordogne'), signatories: ['household' as const] };
    const error = refusal(() => recordContract(awaitingMeasure('dordogne'), body, policies.dordogne, on('2026-01-20')));
    expect(error.message).toBe(
      'Dans ce département, le contrat est une convention tripartite : le ménage, le travailleur social référent et le prescripteur la signent. ' +
        'Signatures manquantes : le travailleur social référent et le prescripteur.',
    );
  });

  it('refuses under dordogne a contract without the referrer’s signature: the convention is tripartite', () => {
    const body = { ...contractBody('dordogne'), signatories: ['household' as const, 'worker' as const] };
    const error = refusal(() => recordContract(awaitingMeasure('dordogne'), body, policies.dordogne, on('2026-01-20')));
    expect(error.message).toContain('convention tripartite');
    expect(error.message).toContain('Signature manquante : le prescripteur.');
    expect(
      recordContract(awaitingMeasure('dordogne'), contractBody('dordogne'), policies.dordogne, on('2026-01-20')).measure.status,
    ).toBe('active');
  });

  it('accepts the referrer’s signature where it is not required', () => {
    const body = { ...contractBody(), signatories: ['household' as const, 'worker' as const, 'referrer' as const] };
    expect(recordContract(awaitingMeasure(), body, policies.meuse, on('2026-01-20')).measure.status).toBe('active');
  });

  it('refuses an objective on an axis the decision did not open, and the same objective twice', () => {
    const body = {
      ...contractBody(),
      objectives: [
        { axis: 'budget' as const, text: 'Établir un budget.' },
        { axis: 'mediation_voisinage' as const, text: 'Apaiser le conflit avec les voisins.' },
        { axis: 'budget' as const, text: 'établir  un budget.' },
      ],
    };
    const error = refusal(() => recordContract(awaitingMeasure(), body, policies.meuse, on('2026-01-20')));
    expect(error.details.map((detail) => detail.path)).toEqual(['objectives.1.axis', 'objectives.2.text']);
    expect(error.details[0]!.message).toContain('« Médiation avec le voisinage » ne fait pas partie des axes de travail');
    const decided = '(« Accompagnement à la gestion du budget » et « Prévention des expulsions »)';
    expect(error.message).toBe(
      'Le contrat ne peut pas être enregistré. ' +
        `L’axe « Médiation avec le voisinage » ne fait pas partie des axes de travail décidés pour cette mesure ${decided}. ` +
        'Cet objectif figure déjà au contrat pour le même axe.',
    );
  });

  it('reads a body with at least one objective of 1 to 1000 characters and distinct signatories', () => {
    expect(contractBodySchema.safeParse(contractBody()).success).toBe(true);
    expect(contractBodySchema.safeParse({ ...contractBody(), version: 3 }).success).toBe(true);
    expect(contractBodySchema.safeParse({ ...contractBody(), objectives: [] }).success).toBe(false);
    expect(contractBodySchema.safeParse({ ...contractBody(), objectives: [{ axis: 'budget', text: '  ' }] }).success).toBe(false);
    expect(
      contractBodySchema.safeParse({ ...contractBody(), objectives: [{ axis: 'budget', text: 'x'.repeat(1001) }] }).success,
    ).toBe(false);
    expect(contractBodySchema.safeParse({ ...contractBody(), signatories: ['worker', 'worker'] }).success).toBe(false);
    expect(contractBodySchema.safeParse({ ...contractBody(), signatories: ['notaire'] }).success).toBe(false);
    expect(contractBodySchema.safeParse({ ...contractBody(), version: 0 }).success).toBe(false);
    expect(contractBodySchema.safeParse({ ...contractBody(), startedOn: '2026-01-15' }).success).toBe(false);
  });
});
