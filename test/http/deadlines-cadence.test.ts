import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { acceptedMeasure, signedContract } from '../support/lifecycle.js';
import { deadlinesSystem } from '../support/deadlines.js';

let harness: Awaited<ReturnType<typeof deadlinesSystem>>;
beforeAll(async () => {
  harness = await deadlinesSystem();
});
afterAll(async () => harness.system.stop());

const today = parisToday();
const runOn = (day: string) => harness.runOn(day);
const post = (path: string, body: unknown) => harness.post(path, body);
const fileOf = (id: string) => harness.fileOf(id);

describe('the monthly check of the visit cadence (meuse: at least two meetings a month)', () => {
  it('checks the visit cadence of the month that just ended, once a month', async () => {
    const { id } = await acceptedMeasure(harness.system, { manager: harness.manager, workerId: 'w-lucie' });
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
    const { id } = await acceptedMeasure(harness.system, { manager: harness.manager, workerId: 'w-lucie' });
    await post(`/measures/${id}/contract`, signedContract());
    // The month that ended before today lies before the measure: its check calls for nothing.
    await runOn(today);
    expect((await fileOf(id)).tasks).toEqual([]);
  });
});
