import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMailer, type MailMessage, type Mailer } from '../../functions/shared/mailer.js';
import { scheduledEvent } from '../../infra/local/scheduler.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { validReferral } from '../support/fixtures.js';
import { startTestRuntime } from '../support/runtime.js';

/**
 * A new deployment: referrals arrive before any manager is in the directory. The managers' tasks
 * the job creates meanwhile are not announced to no one: the first manager registered is told.
 */

class KeepingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }
}

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let deadlines: (event: ReturnType<typeof scheduledEvent>) => Promise<{ created: number; emails: number }>;
const mailer = new KeepingMailer();
beforeAll(async () => {
  system = await startTestRuntime('meuse');
  deadlines = (await import('../../functions/deadlines-job.js')).handler as never;
  useMailer(mailer);
});
afterAll(async () => system.stop());

const today = parisToday();
const runOn = (day: string) => deadlines(scheduledEvent(new Date(`${day}T05:00:00Z`)));

describe('a referral waiting while the directory has no manager yet', () => {
  it('is told to the first manager registered, by the next run, once', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;

    const before = await runOn(addDays(today, 20));
    expect(before).toMatchObject({ created: 1, emails: 0 });

    await system.registerStaff('m-claire', ['manager']);
    const after = await runOn(addDays(today, 21));
    expect(after).toMatchObject({ created: 0, emails: 1 });
    expect(mailer.sent.map((message) => message.to)).toEqual(['m-claire@asll.example.fr']);
    expect(mailer.sent[0]!.text).toContain(reference);

    expect((await runOn(addDays(today, 22))).emails).toBe(0);
  });
});
