import type { AwsJsonSender } from './aws-json.js';
import type { MailMessage, Mailer } from './mailer.js';
import { extraHeaders } from './mail-headers.js';

/** SESv2 `SendEmail` (restJson1): `POST /v2/email/outbound-emails`, its input as the JSON body. */
export const sendEmailPath = '/v2/email/outbound-emails';

/**
 * SESv2 `SendEmail` with Simple content: SES builds the MIME message itself (multipart/alternative,
 * the subject encoded per RFC 2047 from its UTF-8 charset), so no MIME library goes into the
 * function's bundle; it adds the headers of `extraHeaders` (`Auto-Submitted`…). The sender is the
 * verified identity the CDK app names in MAIL_FROM.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: AwsJsonSender,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
    await this.client.send({
      path: sendEmailPath,
      body: {
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: utf8(message.subject),
            Body: { Text: utf8(message.text), Html: utf8(message.html) },
            // SESv2 `Message.Headers` (MessageHeader[]: Name, Value) adds these to the MIME message SES builds.
            Headers: extraHeaders(message).map(({ name, value }) => ({ Name: name, Value: value })),
          },
        },
      },
    });
  }
}
