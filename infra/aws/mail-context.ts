import type { Construct } from 'constructs';

/** CDK context keys of the jobs' email: the sender, the SES identity that verifies it, and who receives the alarms. */
export const mailContextKeys = {
  from: 'asllMailFrom',
  identity: 'asllMailIdentity',
  alarmEmail: 'asllAlarmEmail',
} as const;

/** How the sender is verified in SES: an identity this app creates (a domain or the address), or one that exists. */
export type MailIdentity =
  | { readonly kind: 'domain' | 'address'; readonly name: string }
  | { readonly kind: 'existing'; readonly arn: string; readonly name: string };

export interface MailContext {
  /** MAIL_FROM as the job sends it: the address, or `Display name <address>`. */
  readonly from: string;
  /** The bare address of `from`. */
  readonly address: string;
  readonly identity: MailIdentity;
}

const addressPattern = /^[^@\s<>"]+@([^@\s<>"]+\.[^@\s<>"]+)$/;
/** SES takes a display name as it is only in ASCII (anything else must be MIME-encoded): kept to plain ASCII. */
const displayNamePattern = /^[\x20-\x7e]+$/;
const identityArnPattern = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/(.+)$/;

function invalid(key: string, value: unknown, problem: string): never {
  throw new Error(`Contexte CDK « ${key} » invalide : ${JSON.stringify(value)}. ${problem}`);
}

function stringContext(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') invalid(key, value, 'Une chaîne est attendue.');
  return value.trim();
}

/**
 * `ne-pas-repondre@departement.fr` or `ASLL <ne-pas-repondre@departement.fr>` → its address, in
 * lower case, and the sender rebuilt around it: `ses:FromAddress` is compared case-sensitively
 * (IAM `StringEquals`), so MAIL_FROM must carry the very string the permission names.
 */
function sender(from: string): { from: string; address: string } {
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(from);
  const address = named ? named[2]! : from;
  if (named && (!named[1] || !displayNamePattern.test(named[1]) || /[<>"]/.test(named[1]))) {
    invalid(mailContextKeys.from, from, 'Le nom affiché doit être en ASCII simple, sans guillemets ni chevrons.');
  }
  if (!addressPattern.test(address)) {
    invalid(
      mailContextKeys.from,
      from,
      `Une adresse électronique est attendue, par exemple -c ${mailContextKeys.from}=ne-pas-repondre@departement.fr ` +
        `ou -c "${mailContextKeys.from}=ASLL <ne-pas-repondre@departement.fr>".`,
    );
  }
  const lowerCase = address.toLowerCase();
  return { from: named ? `${named[1]} <${lowerCase}>` : lowerCase, address: lowerCase };
}

/**
 * The sender of the jobs' emails, from `-c asllMailFrom=…` (cdk.json holds a placeholder), and its
 * SES identity from `-c asllMailIdentity=…`: a domain or an address (created by this app, to be
 * verified), or the ARN of an identity that already exists; by default the sender's domain. The
 * sender must belong to the identity, or SES would refuse every email: checked here, before anything is built.
 */
export function mailFromContext(scope: Construct): MailContext {
  const written = stringContext(scope, mailContextKeys.from);
  if (!written) invalid(mailContextKeys.from, written, 'L’adresse d’expédition des courriels est obligatoire.');
  const { from, address } = sender(written);
  const domain = address.split('@')[1]!;

  const given = stringContext(scope, mailContextKeys.identity);
  let identity: MailIdentity;
  if (given === undefined) {
    identity = { kind: 'domain', name: domain };
  } else if (given.startsWith('arn:')) {
    const match = identityArnPattern.exec(given);
    if (!match) {
      invalid(
        mailContextKeys.identity,
        given,
        'Un ARN d’identité SES est attendu : arn:aws:ses:<région>:<compte>:identity/<nom>.',
      );
    }
    identity = { kind: 'existing', arn: given, name: match[1]!.toLowerCase() };
  } else if (given.includes('@')) {
    if (!addressPattern.test(given))
      invalid(mailContextKeys.identity, given, 'Une adresse électronique ou un domaine est attendu.');
    identity = { kind: 'address', name: given.toLowerCase() };
  } else {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(given)) {
      invalid(mailContextKeys.identity, given, 'Un nom de domaine, une adresse ou un ARN d’identité SES est attendu.');
    }
    identity = { kind: 'domain', name: given.toLowerCase() };
  }

  const covers = identity.name.includes('@') ? identity.name === address : identity.name === domain;
  if (!covers) {
    invalid(
      mailContextKeys.identity,
      given,
      `L’identité SES « ${identity.name} » ne couvre pas l’expéditeur ${address} (${mailContextKeys.from}) : ` +
        'il faut son domaine exact ou l’adresse elle-même.',
    );
  }
  return { from, address, identity };
}

/** Who receives the alarms (`-c asllAlarmEmail=…`), or nobody yet when absent. */
export function alarmEmailFromContext(scope: Construct): string | undefined {
  const email = stringContext(scope, mailContextKeys.alarmEmail);
  if (email !== undefined && !addressPattern.test(email)) {
    invalid(mailContextKeys.alarmEmail, email, 'Une adresse électronique est attendue, par exemple exploitation@departement.fr.');
  }
  return email;
}
