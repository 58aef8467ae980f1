import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { extraHeaders } from '../../functions/shared/mail-headers.js';
import { idempotencyDigest } from '../../functions/shared/mail-idempotency.js';
import type { MailMessage, Mailer } from '../../functions/shared/mailer.js';

/** `<data>/mail`: where the local runtime's emails land, one RFC 5322 `.eml` file each. */
export const mailDirectory = (dataDirectory: string) => join(dataDirectory, 'mail');

/** The sender of local emails: nothing leaves the machine, so a name that cannot be delivered to. */
export const localSender = 'ASLL <ne-pas-repondre@asll.localhost>';

/** `2026-04-01T04:00:00.123Z` → `20260401T040000123Z`: names that sort by time. */
const stamp = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

/**
 * The local runtime's mailer: what SES is on AWS. Each email becomes a MIME message built by
 * nodemailer's MailComposer (multipart/alternative, plain text and HTML in UTF-8, headers encoded
 * per RFC 2047, plus the mailers' `extraHeaders`: `Auto-Submitted: auto-generated`…) and is
 * written as `<time>-<sequence>-<id>.eml` under `<data>/mail/` (folder 0700, files 0600: they name
 * staff and cases), so that any mail client opens it. A second email with an
 * idempotency key already written is not written again. Without a data directory (tests) the
 * messages are kept in memory.
 */
export class LocalMailbox implements Mailer {
  private readonly memory: { name: string; raw: string }[] = [];
  private sequence = 0;
  /** Sends one after the other: two sends of one key at once must still write one file. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDirectory?: string,
    private readonly from: string = localSender,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  send(message: MailMessage): Promise<void> {
    const sent = this.queue.then(() => this.write(message));
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  private async write(message: MailMessage): Promise<void> {
    const at = this.clock();
    const digest = message.idempotencyKey === undefined ? undefined : idempotencyDigest(message.idempotencyKey);
    const id = digest?.slice(0, 32) ?? crypto.randomUUID().replaceAll('-', '');
    if (digest && this.names().some((name) => name.endsWith(`-${id}.eml`))) return;
    const raw = await new MailComposer({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      date: at,
      messageId: `<${id}@asll.localhost>`,
      // RFC 5322 §2.3: every line ends in CRLF; without this the bodies keep the bare LF of their text.
      newline: 'windows',
      headers: Object.fromEntries(extraHeaders(message).map(({ name, value }) => [name, value])),
    })
      .compile()
      .build();
    this.sequence += 1;
    const name = `${stamp(at)}-${String(this.sequence).padStart(6, '0')}-${id}.eml`;
    if (!this.dataDirectory) {
      this.memory.push({ name, raw: raw.toString('utf8') });
      return;
    }
    const directory = mailDirectory(this.dataDirectory);
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Written aside, then renamed: a mail client watching the folder never opens half a message.
    const file = join(directory, name);
    writeFileSync(`${file}.tmp`, raw, { mode: 0o600, flag: 'wx' });
    renameSync(`${file}.tmp`, file);
  }

  /** The file names of the emails sent so far, oldest first. */
  names(): string[] {
    if (!this.dataDirectory) return this.memory.map((each) => each.name);
    try {
      return readdirSync(mailDirectory(this.dataDirectory))
        .filter((name) => name.endsWith('.eml'))
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** The emails sent so far, as RFC 5322 text, oldest first. */
  messages(): string[] {
    if (!this.dataDirectory) return this.memory.map((each) => each.raw);
    const directory = mailDirectory(this.dataDirectory);
    return this.names().map((name) => readFileSync(join(directory, name), 'utf8'));
  }
}
