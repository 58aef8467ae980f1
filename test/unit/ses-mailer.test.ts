import { afterEach, describe, expect, it, vi } from 'vitest';
import { idempotencyDigest } from '../../functions/shared/mail-idempotency.js';
import type { AwsJsonRequest } from '../../functions/shared/aws-json.js';
import { SesMailer, sendEmailPath } from '../../functions/shared/ses-mailer.js';
import { composeTaskEmail } from '../../lib/domain/task-email.js';
import { openTask } from '../support/tasks.js';

const from = 'ASLL <ne-pas-repondre@asll.meuse.example.fr>';
const email = composeTaskEmail(
  { name: 'Lucie Martin', email: 'l.martin@udaf55.example.fr' },
  [openTask()],
  'https://asll.meuse.example.fr',
);

function fakeSes(failure?: Error) {
  const send = vi.fn(async (_request: AwsJsonRequest) => {
    if (failure) throw failure;
    return { MessageId: 'ses-1' };
  });
  return { send, mailer: new SesMailer({ send }, from) };
}

afterEach(() => vi.restoreAllMocks());

describe('sending staff emails through SES', () => {
  it('sends one SendEmail with the sender, the recipient, and subject and both bodies in UTF-8', async () => {
    const { send, mailer } = fakeSes();
    await mailer.send(email);
    expect(send).toHaveBeenCalledTimes(1);
    const request = send.mock.calls[0]![0];
    expect(request.path).toBe(sendEmailPath);
    expect(request.body).toEqual({
      FromEmailAddress: from,
      Destination: { ToAddresses: ['l.martin@udaf55.example.fr'] },
      Content: {
        Simple: {
          Subject: { Data: '1 nouvelle tâche', Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          // RFC 3834: out-of-office and other automatic replies leave it alone.
          Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
        },
      },
    });
  });

  it('stamps the digest of an idempotency key on the message as a header, beside Auto-Submitted', async () => {
    const { send, mailer } = fakeSes();
    await mailer.send({ ...email, idempotencyKey: 'w-1:2026-04-01' });
    expect((send.mock.calls[0]![0].body as { Content: { Simple: { Headers: unknown } } }).Content.Simple.Headers).toEqual([
      { Name: 'Auto-Submitted', Value: 'auto-generated' },
      { Name: 'X-ASLL-Idempotency-Key', Value: idempotencyDigest('w-1:2026-04-01') },
    ]);
  });

  it('fails when SES refuses the email, so that the caller does not mark it sent', async () => {
    const refused = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
    const { mailer } = fakeSes(refused);
    await expect(mailer.send(email)).rejects.toThrow('Email address is not verified.');
  });
});

describe('choosing the mailer', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('sends through SES from MAIL_FROM unless the local runtime set its own mailer', async () => {
    vi.stubEnv('MAIL_FROM', from);
    const { getMailer, useMailer } = await import('../../functions/shared/mailer.js');
    expect(getMailer()).toBeInstanceOf((await import('../../functions/shared/ses-mailer.js')).SesMailer);
    const local = { send: vi.fn(async () => undefined) };
    useMailer(local);
    expect(getMailer()).toBe(local);
  });

  it('refuses to start without MAIL_FROM, saying so in French', async () => {
    vi.stubEnv('MAIL_FROM', '');
    const { getMailer } = await import('../../functions/shared/mailer.js');
    expect(() => getMailer()).toThrow('Configuration invalide — MAIL_FROM est absent.');
  });
});
