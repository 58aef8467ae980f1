import { getConfig, getMailConfig } from '../../lib/config.js';
import { AwsJsonClient } from './aws-json.js';
import { SesMailer } from './ses-mailer.js';

/** One email to one person: a subject, a plain-text body and the same in HTML. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Says "this is the same email" across attempts: the local mailbox writes one file per key, and
   * both mailers stamp its SHA-256 on the message (`X-ASLL-Idempotency-Key`) so copies can be told apart.
   */
  idempotencyKey?: string;
}

/**
 * Where staff emails go: SES on AWS, `.eml` files under `<ASLL_DATA_DIR>/mail/` on one machine
 * (infra/local provides that one), so that neither `lib/` nor a job knows where it runs.
 */
export interface Mailer {
  /** Resolves once the message is accepted for delivery; throws when it was not. */
  send(message: MailMessage): Promise<void>;
}

let mailer: Mailer | undefined;

/** The mailer: the one the local runtime set, else SES sending from MAIL_FROM. */
export function getMailer(): Mailer {
  if (!mailer) {
    const { from } = getMailConfig();
    mailer = new SesMailer(
      new AwsJsonClient({ protocol: 'restJson1', service: 'ses', endpointPrefix: 'email', region: getConfig().region }),
      from,
    );
  }
  return mailer;
}

/** Used by the local runtime only, before any job runs: its mailbox instead of SES. */
export function useMailer(provider: Mailer): void {
  mailer = provider;
}
