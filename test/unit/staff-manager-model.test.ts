import { describe, expect, it } from 'vitest';
import {
  activeWorkerOptions,
  awaitsAWorker,
  decisionBody,
  formatEuros,
  labeller,
  readAllPages,
  taskSubjectPath,
  waitingPhrase,
  workerFilterOptions,
  workerName,
} from '../../web/staff/pages/manager/model.js';

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
