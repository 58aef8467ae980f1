import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledEvent } from '../../infra/local/scheduler.js';
import { addDays, addMonths } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { acceptedMeasure, signedContract } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;
let worker: string;
let deadlines: (event: ReturnType<typeof scheduledEvent>) => Promise<{ created: number; byKind: Record<string, number> }>;
beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m-claire', 'manager');
  worker = await system.token('w-lucie', 'worker');
  // The job's unchanged handler, in the runtime's process (as `npm run job` runs it in its own).
  deadlines = (await import('../../functions/deadlines-job.js')).handler as never;
});
afterAll(async () => system.stop());

const today = parisToday();
/** The job as EventBridge runs it on the morning of a Paris day (06:00 or 07:00 Paris). */
const runOn = (day: string) => deadlines(scheduledEvent(new Date(`${day}T05:00:00Z`)));
const post = (path: string, body: unknown) => system.request('POST', path, { token: worker, body });
const fileOf = async (id: string) => (await system.request('GET', `/measures/${id}`, { token: worker })).body;

describe('the monthly check of the visit cadence (meuse: at least two meetings a month)', () => {
  it('checks the visit cadence of the month that just ended, once a month', async () => {
    const { id } = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    await post(`/measures/${id}/contract`, signedContract());
    // The first calendar month wholly inside the measure, and the day after it ends.
    const firstOfNextMonth = addMonths(`${today.slice(0, 7)}-01`, 1);
    const checkDay = addMonths(firstOfNextMonth, 1);
    await runOn(checkDay);
    const cadence = (await fileOf(id)).tasks.filter((task: { kind: string }) => task.kind === 'visit_cadence');
    expect(cadence).toEqual([
      expect.objectContaining({ id: `visit_cadence.${id}.${firstOfNextMonth.slice(0, 7)}`, assignee: { workerId: 'w-lucie' } }),
    ]);
    await runOn(addDays(checkDay, 1));
    expect((await fileOf(id)).tasks.filter((task: { kind: string }) => task.kind === 'visit_cadence')).toHaveLength(1);
  });

  it('leaves a measure alone while no calendar month lies wholly inside it yet', async () => {
    const { id } = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    await post(`/measures/${id}/contract`, signedContract());
    // The month that ended before today lies before the measure: its check calls for nothing.
    await runOn(today);
    expect((await fileOf(id)).tasks).toEqual([]);
  });
});
