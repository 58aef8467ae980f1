import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scheduledEvent } from '../../infra/local/scheduler.js';
import { useMailer, type MailMessage, type Mailer } from '../../functions/shared/mailer.js';
import { addDays } from '../../lib/domain/measure-dates.js';
import { parisToday } from '../support/dates.js';
import { validReferral } from '../support/fixtures.js';
import { acceptedMeasure } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/runtime.js';

/** A mailer that keeps what it is given, and fails while told to (for everyone, or for one address). */
class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failing = false;
  failingFor: string | null = null;
  async send(message: MailMessage): Promise<void> {
    if (this.failing || message.to === this.failingFor) {
      // As SES's sandbox words a refusal: the recipient's address in the message.
      throw new Error(`Email address is not verified. The following identities failed the check: ${message.to}`);
    }
    this.sent.push(message);
  }
}

let system: Awaited<ReturnType<typeof startTestRuntime>>;
let manager: string;
let deadlines: (event: ReturnType<typeof scheduledEvent>) => Promise<{ created: number; emails: number }>;
const mailer = new RecordingMailer();
beforeAll(async () => {
  system = await startTestRuntime('meuse');
  manager = await system.token('m-claire', 'manager');
  await system.registerStaff('m-claire', ['manager']);
  await system.registerStaff('m-paul', ['manager']);
  deadlines = (await import('../../functions/deadlines-job.js')).handler as never;
  useMailer(mailer);
});
afterAll(async () => system.stop());

const today = parisToday();
const runOn = (day: string) => deadlines(scheduledEvent(new Date(`${day}T05:00:00Z`)));
const tasksIn = (message: MailMessage) => [...message.text.matchAll(/ASLL-\d{4}-\d{6}/g)].map((match) => match[0]);

describe('the emails of the deadlines job', () => {
  it('sends each worker one French email listing all their new tasks, with links to the measures', async () => {
    const first = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    const second = await acceptedMeasure(system, { manager, workerId: 'w-lucie' });
    await acceptedMeasure(system, { manager, workerId: 'w-marc' });
    const summary = await runOn(addDays(today, 30));
    const toLucie = mailer.sent.filter((message) => message.to === 'w-lucie@asll.example.fr');
    expect(toLucie).toHaveLength(1);
    expect(toLucie[0]!.subject).toBe('2 nouvelles tâches');
    expect(toLucie[0]!.html).toContain(`/staff/#/mesures/${first.id}`);
    expect(toLucie[0]!.html).toContain(`/staff/#/mesures/${second.id}`);
    expect(toLucie[0]!.html).toContain('lang="fr"');
    // The last line says where to stop these emails: the staff page « Mes courriels ».
    expect(toLucie[0]!.text).toMatch(/Pour ne plus recevoir ces courriels : .+\/staff\/#\/courriels\n$/);
    expect(mailer.sent.filter((message) => message.to === 'w-marc@asll.example.fr')).toHaveLength(1);
    expect(summary.emails).toBe(mailer.sent.length);
  });

  it('never sends a task twice: the next runs send nothing more', async () => {
    const before = mailer.sent.length;
    expect((await runOn(addDays(today, 30))).emails).toBe(0);
    expect((await runOn(addDays(today, 31))).emails).toBe(0);
    expect(mailer.sent.length).toBe(before);
    // No reference is in two emails to one person.
    const seen = new Set<string>();
    for (const message of mailer.sent) {
      for (const reference of new Set(tasksIn(message))) {
        expect(seen.has(`${message.to} ${reference}`)).toBe(false);
        seen.add(`${message.to} ${reference}`);
      }
    }
  });

  it('tells every active manager about a referral waiting too long, in one email each', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    mailer.sent.length = 0;
    await runOn(addDays(today, 45));
    const recipients = mailer.sent.filter((message) => tasksIn(message).includes(created.body.reference)).map((m) => m.to);
    expect(recipients.sort()).toEqual(['m-claire@asll.example.fr', 'm-paul@asll.example.fr']);
  });

  it('keeps a task whose email failed, and sends it on the next run', async () => {
    const { reference } = await acceptedMeasure(system, { manager, workerId: 'w-nina' });
    mailer.sent.length = 0;
    mailer.failing = true;
    const logged: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((line) => logged.push(String(line)) > 0);
    const failed = await runOn(addDays(today, 46)).finally(() => stderr.mockRestore());
    expect(failed.emails).toBe(0);
    mailer.failing = false;
    // The log says who by staff id, never by address.
    const failure = logged.map((line) => JSON.parse(line)).find((line) => line.message?.startsWith('task email not sent'));
    expect(failure).toMatchObject({
      staffId: 'w-nina',
      error: { message: expect.stringContaining('failed the check: [adresse]') },
    });
    expect(logged.join('')).not.toContain('@asll.example.fr');
    await runOn(addDays(today, 47));
    expect(mailer.sent.filter((message) => tasksIn(message).includes(reference)).map((m) => m.to)).toEqual([
      'w-nina@asll.example.fr',
    ]);
    await runOn(addDays(today, 48));
    expect(mailer.sent.filter((message) => tasksIn(message).includes(reference))).toHaveLength(1);
  });

  it('tells only the managers it missed when one manager’s email failed: the others get nothing twice', async () => {
    const created = await system.request('POST', '/referrals', { body: validReferral() });
    mailer.sent.length = 0;
    mailer.failingFor = 'm-paul@asll.example.fr';
    await runOn(addDays(today, 60));
    mailer.failingFor = null;
    const recipients = () => mailer.sent.filter((message) => tasksIn(message).includes(created.body.reference)).map((m) => m.to);
    expect(recipients()).toEqual(['m-claire@asll.example.fr']);
    await runOn(addDays(today, 61));
    expect(recipients().sort()).toEqual(['m-claire@asll.example.fr', 'm-paul@asll.example.fr']);
    await runOn(addDays(today, 62));
    expect(recipients()).toHaveLength(2);
  });

  it('sends nothing to a worker who switched task emails off', async () => {
    const { id } = await acceptedMeasure(system, { manager, workerId: 'w-oscar' });
    const admin = await system.token('adm-1', 'admin');
    const quiet = await system.request('PUT', '/staff/w-oscar', {
      token: admin,
      body: { name: 'Oscar Petit', email: 'w-oscar@asll.example.fr', groups: ['worker'], emailNotifications: false },
    });
    expect(quiet.body.emailNotifications).toBe(false);
    mailer.sent.length = 0;
    await runOn(addDays(today, 49));
    expect(mailer.sent.filter((message) => message.to === 'w-oscar@asll.example.fr')).toEqual([]);
    const file = await system.request('GET', `/measures/${id}`, { token: manager });
    expect(file.body.tasks.map((task: { kind: string }) => task.kind)).toContain('contract_unsigned');
  });

  it('sends nothing to a member who is no longer a worker, as their calendar feed stops too', async () => {
    const { id, reference } = await acceptedMeasure(system, { manager, workerId: 'w-ines' });
    const admin = await system.token('adm-1', 'admin');
    const moved = await system.request('PUT', '/staff/w-ines', {
      token: admin,
      body: { name: 'Inès Roy', email: 'w-ines@asll.example.fr', groups: ['analyst'] },
    });
    expect(moved.status).toBe(200);
    mailer.sent.length = 0;
    await runOn(addDays(today, 70));
    expect(mailer.sent.filter((message) => message.to === 'w-ines@asll.example.fr')).toEqual([]);
    expect(mailer.sent.flatMap(tasksIn)).not.toContain(reference);
    const file = await system.request('GET', `/measures/${id}`, { token: manager });
    expect(file.body.tasks.map((task: { kind: string }) => task.kind)).toContain('contract_unsigned');
  });
});

describe('a staff member’s own choice of task emails', () => {
  it('lets a worker switch the emails off for themselves, and back on', async () => {
    await system.registerStaff('w-paula', ['worker']);
    const paula = await system.token('w-paula', 'worker');
    const off = await system.request('PUT', '/me/email-notifications', { token: paula, body: { enabled: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: 'w-paula', emailNotifications: false });
    const on = await system.request('PUT', '/me/email-notifications', { token: paula, body: { enabled: true } });
    expect(on.body.emailNotifications).toBe(true);
  });

  it('answers 404 to someone the directory does not know, and 422 to a body that is not a choice', async () => {
    const stranger = await system.token('w-nobody', 'worker');
    expect((await system.request('PUT', '/me/email-notifications', { token: stranger, body: { enabled: false } })).status).toBe(
      404,
    );
    const paula = await system.token('w-paula', 'worker');
    const bad = await system.request('PUT', '/me/email-notifications', { token: paula, body: { enabled: 'non' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('enabled');
  });
});
