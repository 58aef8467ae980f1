import { describe, expect, it } from 'vitest';
import { recordVisit } from '../../lib/domain/visit.js';
import { measureFormDescription } from '../../lib/domain/measure-form.js';
import { policies, type PolicyId } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import { recordClosure } from '../../lib/domain/closure.js';
import { dueDatesOf, possibleActions, timelineOf } from '../../web/staff/pages/worker/measure-view.js';
import { activeMeasure, awaitingMeasure, closedMeasure, closureBody, on, renewed, withBilan } from '../support/measures.js';

/** The measure file's views, over measures built by the domain's own steps. */

const described = (policyId: PolicyId) => measureFormDescription(policies[policyId]);
const { labels } = described('meuse');
const isoDate = (date: string) => date.split('-').reverse().join('/');
const daysFrom = (today: string) => (date: string) => (Date.parse(date) - Date.parse(today)) / 86_400_000;

describe('the timeline of a measure file', () => {
  it('tells everything recorded, oldest first, in French: decision, contract, visits, bilan, renewal', () => {
    const visited = recordVisit(
      activeMeasure(),
      {
        date: '2026-02-03',
        kind: 'domicile',
        durationMinutes: 45,
        axes: ['budget'],
        actions: ['fsl'],
        notes: 'Factures triées.',
      },
      policies.meuse,
      on('2026-02-03', 'visit-1'),
    ).measure;
    const measure = renewed(visited, 'meuse', '2026-04-04', 3);
    const timeline = timelineOf(measure, labels, isoDate);
    expect(timeline.map((entry) => [entry.date, entry.title])).toEqual([
      ['2026-01-05', 'Décision : mesure ouverte'],
      ['2026-01-15', 'Contrat signé : la mesure commence'],
      ['2026-02-03', 'Visite à domicile'],
      ['2026-04-04', 'Bilan remis'],
      ['2026-04-04', 'Renouvellement de 3 mois'],
    ]);
    expect(timeline[0]!.lines).toContain('Axes de travail : Accompagnement à la gestion du budget, Prévention des expulsions');
    expect(timeline[1]!.lines).toContain('Signataires : Le ménage, Le travailleur social référent');
    expect(timeline[2]!.lines).toEqual([
      'Durée : 45 min',
      'Axes abordés : Accompagnement à la gestion du budget',
      'Actions : Demande au fonds de solidarité pour le logement (FSL)',
      'Notes : Factures triées.',
    ]);
    expect(timeline[3]!.lines).toContain('Préconisation : Renouveler la mesure');
    expect(timeline[4]!.lines).toContain('Nouvelle fin prévue : 14/07/2026 (au lieu du 14/04/2026)');
  });

  it('ends with the closure and the follow-up visit', () => {
    const closed = closedMeasure();
    const timeline = timelineOf(
      {
        ...closed,
        followUp: {
          visitedOn: '2026-10-20',
          withSectorWorker: true,
          stillHoused: true,
          notes: null,
          recordedBy: 'w-1',
          recordedAt: '2026-10-20T10:00:00Z',
        },
      },
      labels,
      isoDate,
    );
    expect(timeline.slice(-2).map((entry) => entry.title)).toEqual(['Fin de la mesure', 'Visite de suivi']);
    expect(timeline.at(-2)!.lines).toEqual([
      'Motif : Fin de la mesure à son échéance',
      'Logement : Logement maintenu',
      'Expulsion évitée : oui',
    ]);
    expect(timeline.at(-1)!.lines).toEqual(['Avec le travailleur social de secteur : oui', 'Toujours dans son logement : oui']);
  });
});

describe('the due dates of a measure file', () => {
  it('shows the bilan due and the planned end of an active measure, the nearest first', () => {
    const due = dueDatesOf(activeMeasure(), daysFrom('2026-03-27'));
    expect(due).toEqual([
      { key: 'bilanDueOn', label: 'Bilan à rendre', date: '2026-04-04', days: 8, overdue: false },
      { key: 'plannedEnd', label: 'Fin prévue de la mesure', date: '2026-04-14', days: 18, overdue: false },
    ]);
  });

  it('drops the bilan once it is in, and shows the follow-up once the measure has ended', () => {
    const withItsBilan = withBilan(activeMeasure(), 'meuse', '2026-04-01', 'end');
    expect(dueDatesOf(withItsBilan, daysFrom('2026-04-02')).map((entry) => entry.key)).toEqual(['plannedEnd']);
    const closed = dueDatesOf(closedMeasure(), daysFrom('2026-11-01'));
    expect(closed).toEqual([
      { key: 'followUpDueOn', label: 'Visite de suivi à faire', date: '2026-10-14', days: -18, overdue: true },
    ]);
  });
});

describe('what a measure file offers to record now', () => {
  const offered = (actions: ReturnType<typeof possibleActions>) =>
    actions.filter((action) => action.path).map((action) => action.id);

  it('offers the contract while it is awaited, and nothing else', () => {
    expect(possibleActions(awaitingMeasure(), described('meuse').policy)).toEqual([
      { id: 'contract', label: 'Enregistrer le contrat signé', path: '/mesures/m-1/contrat', reason: null },
    ]);
  });

  it('offers a visit and the bilan of an active measure, and says why renewal and closure wait for that bilan (Meuse)', () => {
    const actions = possibleActions(activeMeasure(), described('meuse').policy);
    expect(offered(actions)).toEqual(['visit', 'bilan']);
    expect(actions.find((action) => action.id === 'renewal')!.reason).toBe('Il faut d’abord le bilan de la période en cours.');
    // The server refuses that closure for the same reason.
    expect(() => recordClosure(activeMeasure(), closureBody('2026-03-01'), policies.meuse, on('2026-03-01'))).toThrow(/bilan/);
  });

  it('offers renewal and closure once a bilan recommends renewing, and a new bilan that completes or corrects it', () => {
    const actions = possibleActions(withBilan(activeMeasure(), 'meuse', '2026-04-04'), described('meuse').policy);
    expect(offered(actions)).toEqual(['visit', 'bilan', 'renewal', 'closure']);
    expect(actions.find((action) => action.id === 'bilan')!.label).toBe(
      'Remettre un nouveau bilan (il complète ou corrige le précédent)',
    );
  });

  it('offers a renewal again once a new bilan corrects one that recommended the end', () => {
    const ending = withBilan(activeMeasure(), 'meuse', '2026-04-01', 'end');
    expect(possibleActions(ending, described('meuse').policy).find((action) => action.id === 'renewal')!.reason).toBe(
      'Le bilan de la période en cours préconise la fin de la mesure (un nouveau bilan peut le corriger).',
    );
    const corrected = withBilan(ending, 'meuse', '2026-04-03', 'renew');
    expect(offered(possibleActions(corrected, described('meuse').policy))).toContain('renewal');
  });

  it('offers closure without a bilan where the policy has no bilan rule, and no renewal after Dordogne’s only one', () => {
    expect(offered(possibleActions(activeMeasure('departement-generique'), described('departement-generique').policy))).toEqual([
      'visit',
      'bilan',
      'closure',
    ]);
    const once = renewed(activeMeasure('dordogne'), 'dordogne', '2026-04-04', 3);
    const again = withBilan(once, 'dordogne', '2026-06-01');
    const actions = possibleActions(again, described('dordogne').policy);
    expect(actions.find((action) => action.id === 'renewal')!.reason).toBe(
      'Le règlement autorise au plus 1 renouvellement : déjà atteint.',
    );
    expect(() =>
      recordRenewal(again, { decidedOn: '2026-06-01', months: 3, orientation: 'maintien' }, policies.dordogne, on('2026-06-01')),
    ).toThrow(/un seul renouvellement/);
  });

  it('offers the follow-up visit of a closed measure, once', () => {
    const closed = closedMeasure();
    expect(offered(possibleActions(closed, described('meuse').policy))).toEqual(['followUp']);
    expect(possibleActions({ ...closed, followUp: { visitedOn: '2026-10-20' } }, described('meuse').policy)).toEqual([]);
  });
});
