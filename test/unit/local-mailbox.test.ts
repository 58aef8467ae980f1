import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeTaskEmail } from '../../lib/domain/task-email.js';
import { LocalMailbox, mailDirectory } from '../../infra/local/mailbox.js';
import { openTask } from '../support/tasks.js';

const email = composeTaskEmail(
  { name: 'Lucie Martin', email: 'l.martin@udaf55.example.fr' },
  [openTask(), openTask({ id: 'overdue_end.m-2', dueOn: '2026-03-31', measureId: 'm-2', reference: 'ASLL-2026-000051' })],
  'http://127.0.0.1:3000',
);

/** The header block of a message, unfolded (RFC 5322 §2.2.3), by lower-case name. */
function headersOf(raw: string): Map<string, string> {
  const block = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new Map(
    block.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

let dataDirectory: string;
let now: Date;
const mailbox = () => new LocalMailbox(dataDirectory, undefined, () => now);

beforeEach(() => {
  dataDirectory = mkdtempSync(join(tmpdir(), 'asll-mail-'));
  now = new Date('2026-04-01T04:00:00.123Z');
});
afterEach(() => rmSync(dataDirectory, { recursive: true, force: true }));

describe('the local mailbox', () => {
  it('writes each email as an .eml file under <data>/mail/, readable by its owner only', async () => {
    await mailbox().send(email);
    const directory = mailDirectory(dataDirectory);
    const [name] = readdirSync(directory);
    expect(name).toMatch(/^20260401T040000123Z-000001-[0-9a-f]{32}\.eml$/);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(join(directory, name!)).mode & 0o777).toBe(0o600);
  });

  it('writes an RFC 5322 message that a mail parser reads back: sender, recipient, subject, date, both bodies', async () => {
    await mailbox().send(email);
    const [raw] = mailbox().messages();
    const parsed = await PostalMime.parse(raw!);
    expect(parsed.from?.address).toBe('ne-pas-repondre@asll.localhost');
    expect(parsed.to?.map((to) => to.address)).toEqual(['l.martin@udaf55.example.fr']);
    expect(parsed.subject).toBe('2 nouvelles tâches');
    expect(new Date(parsed.date!).toISOString()).toBe('2026-04-01T04:00:00.000Z');
    expect(parsed.messageId).toMatch(/^<[0-9a-f]{32}@asll\.localhost>$/);
    // A parser hands back the bodies with their line ends as sent (CRLF) and a closing line end.
    const asSent = (body: string | undefined) => body?.replace(/\r\n/g, '\n').trimEnd();
    expect(asSent(parsed.text)).toBe(email.text.trimEnd());
    expect(asSent(parsed.html)).toBe(email.html.trimEnd());
  });

  it('encodes the accented subject per RFC 2047 and sends plain text and HTML as UTF-8 alternatives', async () => {
    await mailbox().send(email);
    const [raw] = mailbox().messages();
    expect([...raw!].every((character) => character.charCodeAt(0) < 0x80)).toBe(true);
    const headers = headersOf(raw!);
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('subject')).toMatch(/^=\?UTF-8\?[QB]\?.+\?=$/i);
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(headers.get('date')).toBe('Wed, 01 Apr 2026 04:00:00 +0000');
    expect(headers.has('message-id')).toBe(true);
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);
  });

  it('marks every email as sent by a program (Auto-Submitted: auto-generated, RFC 3834), so that automatic replies leave it alone', async () => {
    await mailbox().send(email);
    await mailbox().send({ ...email, idempotencyKey: 'w-1:2026-04-01' });
    const messages = mailbox().messages();
    expect(messages).toHaveLength(2);
    for (const raw of messages) expect(headersOf(raw).get('auto-submitted')).toBe('auto-generated');
    const parsed = await PostalMime.parse(messages[0]!);
    expect(parsed.headers.filter((header) => header.key === 'auto-submitted').map((header) => header.value)).toEqual([
      'auto-generated',
    ]);
  });

  it('ends every line with CRLF, bodies included, as RFC 5322 §2.3 requires (no bare LF nor CR)', async () => {
    await mailbox().send(email);
    const [raw] = mailbox().messages();
    expect(email.text).toContain('\n');
    expect(raw).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(raw!.endsWith('\r\n')).toBe(true);
  });

  it('names the files so that they sort in the order they were sent', async () => {
    const box = mailbox();
    await box.send(email);
    await box.send({ ...email, subject: 'deuxième' });
    now = new Date('2026-04-02T04:00:00Z');
    await box.send({ ...email, subject: 'troisième' });
    const subjects = await Promise.all(
      mailbox()
        .messages()
        .map(async (raw) => (await PostalMime.parse(raw)).subject),
    );
    expect(subjects).toEqual(['2 nouvelles tâches', 'deuxième', 'troisième']);
  });

  it('writes an email once per idempotency key, and marks it with the key’s digest', async () => {
    const box = mailbox();
    await Promise.all([
      box.send({ ...email, idempotencyKey: 'w-1:2026-04-01' }),
      box.send({ ...email, idempotencyKey: 'w-1:2026-04-01' }),
    ]);
    await mailbox().send({ ...email, idempotencyKey: 'w-1:2026-04-01' });
    await box.send({ ...email, idempotencyKey: 'w-1:2026-04-02' });
    const messages = mailbox().messages();
    expect(messages).toHaveLength(2);
    expect(headersOf(messages[0]!).get('x-asll-idempotency-key')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the emails in memory when the runtime has no data directory', async () => {
    const box = new LocalMailbox();
    await box.send(email);
    expect(box.messages()).toHaveLength(1);
  });
});
