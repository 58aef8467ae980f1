import { describe, expect, it } from 'vitest';
import {
  activeWorkerOptions,
  awaitsAWorker,
  decisionBody,
  delayPhrase,
  formatEuros,
  labeller,
  readAllPages,
  taskSubjectPath,
  waitingPhrase,
  workerFilterOptions,
  workerName,
} from '../../web/staff/pages/manager/model.js';
import { byName, compareNames, retryable } from '../../web/staff/ui.js';

const directory = [
  { id: 'w-anne', name: 'Anne Roux', active: false },
  { id: 'w-lucie', name: 'Lucie Bernard', active: true },
  { id: 'w-marc', name: 'Marc Petit', active: true },
];

describe('the waiting time of a referral, as the queue says it', () => {
  it('says how many days a referral has waited, in French', () => {
    expect(waitingPhrase(12)).toBe('en attente depuis 12 jours');
    expect(waitingPhrase(1)).toBe('en attente depuis 1 jour');
    expect(waitingPhrase(0)).toBe('reçue aujourd’hui');
  });

  it('says how long a decided referral waited for its decision', () => {
    expect(delayPhrase(0)).toBe('le jour de la réception');
    expect(delayPhrase(1)).toBe('1 jour après la réception');
    expect(delayPhrase(12)).toBe('12 jours après la réception');
  });
});

describe('a page that could not load', () => {
  it('offers to try again only when asking again may help: no answer, a timeout, throttling, a server in trouble', () => {
    const answer = (status: number) => ({ ok: false, status, body: null });
    expect(retryable(new Error('Service injoignable'))).toBe(true);
    for (const status of [408, 429, 500, 503]) expect(retryable(answer(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 422]) expect(retryable(answer(status))).toBe(false);
  });
});

describe('the decision a form fill sends', () => {
  it('sends an acceptance with its orientation, axes, duration in months and worker, and no reason', () => {
    const body = decisionBody({
      decision: 'accepted',
      decidedOn: '2026-03-05',
      orientation: 'maintien',
      axes: ['budget', 'prevention_expulsion'],
      durationMonths: '3',
      workerId: 'w-lucie',
      reason: 'left over from a refusal first chosen',
    });
    expect(body).toEqual({
      decision: 'accepted',
      decidedOn: '2026-03-05',
      orientation: 'maintien',
      axes: ['budget', 'prevention_expulsion'],
      durationMonths: 3,
      workerId: 'w-lucie',
    });
  });

  it('sends a refusal or a redirection with its reason only', () => {
    const fill = {
      decidedOn: '2026-03-05',
      orientation: 'acces',
      axes: ['budget'],
      workerId: 'w-lucie',
      reason: 'Relève du FSL',
    };
    expect(decisionBody({ decision: 'refused', ...fill })).toEqual({
      decision: 'refused',
      decidedOn: '2026-03-05',
      reason: 'Relève du FSL',
    });
    expect(decisionBody({ decision: 'redirected', ...fill })).toMatchObject({ decision: 'redirected', reason: 'Relève du FSL' });
  });

  it('leaves out what was not answered, so that the server names it beside its field', () => {
    const sent = (values: Record<string, unknown>) => JSON.parse(JSON.stringify(decisionBody(values)));
    expect(sent({ decision: 'accepted' })).toEqual({ decision: 'accepted', axes: [] });
    expect(sent({ decidedOn: '2026-03-05', reason: 'x' })).toEqual({ decidedOn: '2026-03-05' });
  });
});

describe('the staff directory in the manager pages', () => {
  it('offers only active workers for a new measure or a hand-over, without the current worker', () => {
    expect(activeWorkerOptions(directory)).toEqual([
      { value: 'w-lucie', label: 'Lucie Bernard' },
      { value: 'w-marc', label: 'Marc Petit' },
    ]);
    expect(activeWorkerOptions(directory, { except: 'w-lucie' })).toEqual([{ value: 'w-marc', label: 'Marc Petit' }]);
  });

  it('lets a manager filter by every worker, those who left marked inactive', () => {
    expect(workerFilterOptions(directory).map((option) => option.label)).toEqual([
      'Anne Roux (inactif)',
      'Lucie Bernard',
      'Marc Petit',
    ]);
    expect(workerName(directory, 'w-marc')).toBe('Marc Petit');
    expect(workerName(directory, 'w-gone')).toBe('w-gone');
  });

  it('lists workers by name as a French reader sorts them: « Exemple 2 » before « Exemple 10 », accents and case aside', () => {
    const numbered = [
      { id: 'w-10', name: 'Exemple 10', active: true },
      { id: 'w-2', name: 'Exemple 2', active: true },
      { id: 'w-e', name: 'élise Exemple', active: false },
      { id: 'w-1', name: 'Exemple 1', active: true },
    ];
    expect(activeWorkerOptions(numbered).map((option) => option.label)).toEqual(['Exemple 1', 'Exemple 2', 'Exemple 10']);
    expect(workerFilterOptions(numbered).map((option) => option.label)).toEqual([
      'élise Exemple (inactif)',
      'Exemple 1',
      'Exemple 2',
      'Exemple 10',
    ]);
    expect(byName(numbered).map((member) => member.id)).toEqual(['w-e', 'w-1', 'w-2', 'w-10']);
    expect(numbered.map((member) => member.id)).toEqual(['w-10', 'w-2', 'w-e', 'w-1']);
    expect(compareNames('Émile', 'emile')).toBe(0);
  });

  it('reads every page of a list, and stops at the first page that fails', async () => {
    const pages: Record<string, { items: string[]; nextCursor: string | null }> = {
      first: { items: ['a', 'b'], nextCursor: 'c2' },
      c2: { items: ['c'], nextCursor: null },
    };
    const asked: (string | undefined)[] = [];
    const all = await readAllPages(async (cursor) => {
      asked.push(cursor);
      return { ok: true, body: pages[cursor ?? 'first']! };
    });
    expect(all).toEqual({ ok: true, items: ['a', 'b', 'c'] });
    expect(asked).toEqual([undefined, 'c2']);

    const failure = { ok: false, status: 503, body: { items: [], nextCursor: null } };
    expect(await readAllPages(async () => failure)).toBe(failure);
  });
});

describe('where the manager pages lead', () => {
  it('leads a task to its measure, or to the referral waiting for a decision', () => {
    expect(taskSubjectPath({ measureId: 'm-1', referralId: 'r-1' })).toBe('/mesures/m-1');
    expect(taskSubjectPath({ measureId: null, referralId: 'r-1' })).toBe('/demandes/r-1');
    expect(taskSubjectPath({ measureId: null, referralId: null })).toBeNull();
  });

  it('offers a hand-over until a closed measure has no follow-up visit left to make', () => {
    expect(awaitsAWorker({ status: 'active', followUp: null, followUpDueOn: null })).toBe(true);
    expect(awaitsAWorker({ status: 'closed', followUp: null, followUpDueOn: '2026-09-01' })).toBe(true);
    expect(awaitsAWorker({ status: 'closed', followUp: { visitedOn: '2026-09-01' }, followUpDueOn: '2026-09-01' })).toBe(false);
    expect(awaitsAWorker({ status: 'closed', followUp: null, followUpDueOn: null })).toBe(false);
  });

  it('writes amounts in euros the French way and labels a value from the API’s vocabularies', () => {
    expect(formatEuros(1250).replace(/\s/g, ' ')).toBe('1 250,00 €');
    const label = labeller({ workAxes: { budget: 'Accompagnement à la gestion du budget' } });
    expect(label('workAxes', 'budget')).toBe('Accompagnement à la gestion du budget');
    expect(label('workAxes', 'unknown')).toBe('unknown');
  });
});
