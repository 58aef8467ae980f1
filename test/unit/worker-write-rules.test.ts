import { describe, expect, it } from 'vitest';
import { measureFormDescription } from '../../lib/domain/measure-form.js';
import { policies } from '../../lib/domain/policies.js';
import { visitBodySchema } from '../../lib/domain/visit.js';
import { checkWrite, clientError, writes } from '../../web/staff/pages/worker/write-rules.js';
import { activeMeasure, awaitingMeasure, closedMeasure, renewed } from '../support/measures.js';

/** The checks a measure form makes before sending, against the schemas and policy the API describes. */

const formatDate = (date: string) => date.split('-').reverse().join('/');
const context = (measure: unknown, today = '2026-03-01', policyId: keyof typeof policies = 'meuse') => ({
  measure,
  form: measureFormDescription(policies[policyId]),
  today,
  formatDate,
});

describe('a visit form’s checks', () => {
  it('names every field left empty, in French', () => {
    expect(checkWrite('visit', { date: '2026-03-01', axes: [] }, context(activeMeasure()))).toEqual([
      { path: 'kind', message: 'Indiquez le type de rencontre.' },
      { path: 'durationMinutes', message: 'Indiquez la durée de la rencontre, en minutes.' },
      { path: 'axes', message: 'Indiquez au moins un axe de travail abordé.' },
    ]);
  });

  it('refuses a date after today or before the measure started, and a duration beyond the schema’s bound', () => {
    const body = { kind: 'domicile', axes: ['budget'], durationMinutes: 601 };
    expect(checkWrite('visit', { ...body, date: '2026-03-02' }, context(activeMeasure()))).toEqual([
      { path: 'date', message: 'La date de la rencontre (02/03/2026) ne peut pas être postérieure à aujourd’hui.' },
      { path: 'durationMinutes', message: 'La durée d’une rencontre est d’au plus 600 minutes (10 heures).' },
    ]);
    expect(checkWrite('visit', { ...body, durationMinutes: 60, date: '2026-01-14' }, context(activeMeasure()))).toEqual([
      {
        path: 'date',
        message: 'La date de la rencontre (14/01/2026) ne peut pas précéder le début de la mesure (15/01/2026).',
      },
    ]);
    expect(checkWrite('visit', { ...body, durationMinutes: 1.5, date: '2026-03-01' }, context(activeMeasure()))).toEqual([
      { path: 'durationMinutes', message: 'La durée est un nombre entier de minutes.' },
    ]);
  });

  it('says a duration out of bounds in the words the API would use, in correct French', () => {
    const body = { date: '2026-03-01', kind: 'domicile', axes: ['budget'] };
    const pageSays = (durationMinutes: number) =>
      checkWrite('visit', { ...body, durationMinutes }, context(activeMeasure())).map((detail) => detail.message);
    const apiSays = (durationMinutes: number) =>
      (visitBodySchema.safeParse({ ...body, durationMinutes }).error?.issues ?? []).map((issue) => issue.message);
    for (const durationMinutes of [0, 601, 1.5]) expect(pageSays(durationMinutes)).toEqual(apiSays(durationMinutes));
    expect(pageSays(0)).toEqual(['La durée est d’au moins une minute.']);
  });

  it('lets a complete visit go', () => {
    const body = { date: '2026-03-01', kind: 'domicile', durationMinutes: 60, axes: ['budget'], notes: 'RAS' };
    expect(checkWrite('visit', body, context(activeMeasure()))).toEqual([]);
  });
});

describe('the other forms’ checks', () => {
  it('asks for the referrer’s signature where the contract is tripartite', () => {
    const body = {
      signedOn: '2026-01-10',
      objectives: [
        { axis: 'budget', text: 'Tenir un budget.' },
        { axis: '', text: '' },
      ],
      signatories: ['household', 'worker'],
    };
    expect(checkWrite('contract', body, context(awaitingMeasure('dordogne'), '2026-01-10', 'dordogne'))).toEqual([
      { path: 'objectives.1.axis', message: 'Choisissez l’axe de l’objectif 2.' },
      { path: 'objectives.1.text', message: 'Écrivez l’objectif 2.' },
      { path: 'signatories', message: 'Signature manquante : le prescripteur.' },
    ]);
    expect(
      checkWrite('contract', { ...body, objectives: body.objectives.slice(0, 1) }, context(awaitingMeasure(), '2026-01-10')),
    ).toEqual([]);
    expect(
      checkWrite(
        'contract',
        { ...body, objectives: body.objectives.slice(0, 1), signatories: ['household'] },
        context(awaitingMeasure('dordogne'), '2026-01-10', 'dordogne'),
      ),
    ).toEqual([{ path: 'signatories', message: 'Signatures manquantes : le travailleur social référent et le prescripteur.' }]);
  });

  it('asks a bilan that recommends renewing for the orientation it proposes', () => {
    const body = {
      submittedOn: '2026-04-01',
      recommendation: 'renew',
      stepsTaken: 'FSL',
      objectivesReached: [{ axis: 'budget', reached: 'yes' }],
    };
    expect(checkWrite('bilan', body, context(activeMeasure(), '2026-04-01'))).toEqual([
      { path: 'nextOrientation', message: 'Un bilan qui préconise le renouvellement indique l’orientation proposée.' },
    ]);
  });

  it('names the axis whose objectives a bilan leaves unassessed', () => {
    const body = {
      submittedOn: '2026-04-01',
      recommendation: 'end',
      stepsTaken: 'FSL',
      objectivesReached: [{ axis: 'budget' }],
    };
    expect(checkWrite('bilan', body, context(activeMeasure(), '2026-04-01'))).toEqual([
      {
        path: 'objectivesReached.0.reached',
        message: 'Indiquez si les objectifs de l’axe « Accompagnement à la gestion du budget » sont atteints.',
      },
    ]);
  });

  it('dates a bilan after the last renewal, and a renewal after the bilan that led to it', () => {
    const measure = renewed(activeMeasure(), 'meuse', '2026-04-04', 3);
    const bilan = {
      submittedOn: '2026-04-03',
      recommendation: 'end',
      stepsTaken: 'FSL',
      objectivesReached: [{ axis: 'budget', reached: 'yes' }],
    };
    expect(checkWrite('bilan', bilan, context(measure, '2026-05-01'))).toEqual([
      {
        path: 'submittedOn',
        message: 'La date du bilan (03/04/2026) ne peut pas précéder le dernier renouvellement (04/04/2026).',
      },
    ]);
    expect(writes.renewal.earliest(renewed(activeMeasure(), 'meuse', '2026-04-04', 3))).toEqual({
      date: '2026-04-04',
      what: 'le début de la période en cours',
    });
  });

  it('offers only the policy’s renewal durations', () => {
    const body = { decidedOn: '2026-04-04', months: 6, orientation: 'maintien' };
    expect(checkWrite('renewal', body, context(activeMeasure(), '2026-04-04'))).toEqual([
      {
        path: 'months',
        message: 'Un renouvellement de 6 mois n’est pas prévu par le règlement du département, qui fixe une durée de 3 mois.',
      },
    ]);
  });

  it('asks a Meuse follow-up visit for the sector worker, and dates it after the end', () => {
    const body = { visitedOn: '2026-04-10', withSectorWorker: false, stillHoused: true };
    expect(checkWrite('followUp', body, context(closedMeasure(), '2026-11-01'))).toEqual([
      {
        path: 'visitedOn',
        message: 'La date de la visite de suivi (10/04/2026) ne peut pas précéder la fin de la mesure (14/04/2026).',
      },
      {
        path: 'withSectorWorker',
        message: 'Dans ce département, la visite de suivi se fait avec le travailleur social de secteur.',
      },
    ]);
    expect(checkWrite('followUp', { visitedOn: '2026-10-14' }, context(closedMeasure(), '2026-11-01'))).toEqual([
      { path: 'withSectorWorker', message: 'Indiquez si le travailleur social de secteur était présent.' },
      { path: 'stillHoused', message: 'Indiquez si le ménage est toujours dans son logement.' },
    ]);
  });

  it('wraps its problems in the API’s error shape, for one display of both', () => {
    expect(clientError([{ path: 'kind', message: 'x' }])).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Un champ est à corriger avant l’envoi.',
        details: [{ path: 'kind', message: 'x' }],
      },
    });
  });
});
