import { describe, expect, it } from 'vitest';
import { recordBilan } from '../../lib/domain/bilan.js';
import { recordClosure } from '../../lib/domain/closure.js';
import { recordFollowUp } from '../../lib/domain/follow-up.js';
import { refuseIfAny } from '../../lib/domain/measure-rules.js';
import { policies } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import { recordVisit } from '../../lib/domain/visit.js';
import { activeMeasure, bilanBody, closedMeasure, closureBody, on, refusal } from '../support/measures.js';

/*
 * What a worker reads at the top of a refusal of a lifecycle step: one broken rule is said in its
 * own sentence; several follow a sentence saying what cannot be recorded, each as a sentence of its
 * own (never « … enregistré : Le règlement … »). The details keep one message per rule.
 */

const future = (what: string, date: string, today: string) =>
  `${what} (${date}) ne peut pas être postérieure à aujourd’hui (${today}).`;

describe('the message of a refusal', () => {
  it('is the rule’s own sentence when one rule is broken', () => {
    const error = refusal(() =>
      recordVisit(
        activeMeasure(),
        { date: '2026-02-04', kind: 'domicile', durationMinutes: 60, axes: ['budget'] },
        policies.meuse,
        on('2026-02-03'),
      ),
    );
    expect(error.message).toBe(future('La date de la rencontre', '04/02/2026', '03/02/2026'));
    expect(error.details).toEqual([{ path: 'date', message: error.message }]);
  });

  it('names what cannot be recorded, then each rule broken as a sentence of its own', () => {
    const error = refusal(() =>
      recordVisit(
        activeMeasure(),
        { date: '2026-02-04', kind: 'domicile', durationMinutes: 60, axes: ['insertion_quartier'] },
        policies.meuse,
        on('2026-02-03'),
      ),
    );
    const axis =
      'L’axe « Insertion dans le quartier et l’environnement » ne fait pas partie des axes de travail décidés pour cette mesure ' +
      '(« Accompagnement à la gestion du budget » et « Prévention des expulsions »).';
    expect(error.message).toBe(
      `La rencontre ne peut pas être enregistrée. ${future('La date de la rencontre', '04/02/2026', '03/02/2026')} ${axis}`,
    );
    expect(error.details.map((detail) => detail.message)).toEqual([
      future('La date de la rencontre', '04/02/2026', '03/02/2026'),
      axis,
    ]);
  });

  it('joins the rules of a bilan the same way', () => {
    const { nextOrientation: _none, ...withoutOrientation } = bilanBody('2026-04-05', 'renew');
    const error = refusal(() => recordBilan(activeMeasure(), withoutOrientation, policies.meuse, on('2026-04-04')));
    expect(error.message).toBe(
      'Le bilan ne peut pas être enregistré. ' +
        `${future('La date du bilan', '05/04/2026', '04/04/2026')} ` +
        'Un bilan qui préconise le renouvellement indique l’orientation proposée : accès ou maintien.',
    );
  });

  it('joins the rules of a renewal the same way, the refused duration named', () => {
    const error = refusal(() =>
      recordRenewal(
        activeMeasure(),
        { decidedOn: '2026-04-04', months: 6, orientation: 'maintien' },
        policies.meuse,
        on('2026-04-04'),
      ),
    );
    expect(error.message).toBe(
      'Le renouvellement ne peut pas être enregistré. ' +
        'Un renouvellement de 6 mois n’est pas prévu par le règlement du département, qui fixe une durée de 3 mois. ' +
        'Un renouvellement n’est possible que si un bilan de la période en cours établit qu’il est nécessaire : ' +
        'aucun bilan n’a encore été remis pour cette période.',
    );
    expect(error.details.map((detail) => detail.path)).toEqual(['months', '']);
  });

  it('joins the rules of a closure the same way', () => {
    const error = refusal(() => recordClosure(activeMeasure(), closureBody('2026-04-15'), policies.meuse, on('2026-04-14')));
    expect(error.message).toBe(
      'La mesure ne peut pas être clôturée. ' +
        `${future('La date de fin', '15/04/2026', '14/04/2026')} ` +
        'Le règlement du département prévoit un bilan 10 jours avant l’échéance, ainsi qu’en cas d’arrêt anticipé : ' +
        'la mesure ne peut être clôturée qu’une fois le bilan de la période en cours remis, et aucun n’a été enregistré.',
    );
  });

  it('joins the rules of a follow-up visit the same way', () => {
    const error = refusal(() =>
      recordFollowUp(
        closedMeasure(),
        { visitedOn: '2026-04-10', withSectorWorker: false, stillHoused: true },
        policies.meuse,
        on('2026-10-15'),
      ),
    );
    expect(error.message).toBe(
      'La visite de suivi ne peut pas être enregistrée. ' +
        'La date de la visite de suivi (10/04/2026) ne peut pas précéder la fin de la mesure (14/04/2026). ' +
        'Dans ce département, la visite de suivi se fait avec le travailleur social de secteur : sa présence est requise.',
    );
  });

  it('says a rule broken at two places once, and keeps a detail for each place', () => {
    const rule = 'Cet objectif figure déjà au contrat pour le même axe.';
    const twice = [
      { path: 'objectives.2.text', message: rule },
      { path: 'objectives.3.text', message: rule },
    ];
    expect(() => refuseIfAny(twice, 'Le contrat ne peut pas être enregistré.')).toThrow(
      expect.objectContaining({ message: rule, details: twice }),
    );
    const thrice = [{ path: 'signedOn', message: 'La date de signature est à corriger.' }, ...twice];
    expect(() => refuseIfAny(thrice, 'Le contrat ne peut pas être enregistré.')).toThrow(
      expect.objectContaining({
        message: `Le contrat ne peut pas être enregistré. La date de signature est à corriger. ${rule}`,
        details: thrice,
      }),
    );
  });

  it('refuses nothing when no rule is broken', () => {
    expect(() => refuseIfAny([], 'Le contrat ne peut pas être enregistré.')).not.toThrow();
  });
});
