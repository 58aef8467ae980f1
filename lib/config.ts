import { isPolicyId, policyFor, type DepartmentPolicy } from './domain/policies.js';

/**
 * The environment, read once and checked. Only adapters (functions/, infra/) call this: the domain
 * receives what it needs as parameters. Functions without table access have no TABLE_NAME, so the
 * table's settings are read apart. Plain checks, no schema library: every function loads this.
 */
export interface Config {
  policy: DepartmentPolicy;
  region: string;
  /** The web pages' origin on AWS (CloudFront), for the CORS header; absent locally (same origin). */
  allowedOrigin: string | undefined;
  /**
   * Where the web pages are, for the links emails carry: `WEB_ORIGIN`, else the CORS origin, else
   * the local runtime's default address.
   */
  webOrigin: string;
}

export interface TableConfig {
  tableName: string;
  /** Set only on the local runtime (DynamoDB Local). */
  dynamodbEndpoint: string | undefined;
}

export interface IdentityConfig {
  /** The Cognito user pool whose accounts the staff directory keeps in step (AWS only). */
  userPoolId: string;
}

function invalid(problem: string): never {
  throw new Error(`Configuration invalide — ${problem}`);
}

function optionalUrl(name: string): string | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!URL.canParse(value)) invalid(`${name} n’est pas une adresse valide : ${value}`);
  return value;
}

export interface MailConfig {
  /** The verified SES identity staff emails are sent from, e.g. `ASLL <ne-pas-repondre@asll.example.fr>`. */
  from: string;
}

let service: Config | undefined;
let table: TableConfig | undefined;
let identity: IdentityConfig | undefined;
let mail: MailConfig | undefined;

export function getConfig(): Config {
  if (!service) {
    const policyId = process.env.ASLL_POLICY || 'meuse';
    if (!isPolicyId(policyId)) {
      invalid('ASLL_POLICY doit valoir meuse, plateforme, departement-generique, asell-intensif ou dordogne.');
    }
    service = {
      policy: policyFor(policyId),
      region: process.env.AWS_REGION || 'eu-west-3',
      allowedOrigin: optionalUrl('ALLOWED_ORIGIN'),
      webOrigin: optionalUrl('WEB_ORIGIN') ?? optionalUrl('ALLOWED_ORIGIN') ?? 'http://127.0.0.1:3000',
    };
  }
  return service;
}

export function getTableConfig(): TableConfig {
  if (!table) {
    const tableName = process.env.TABLE_NAME;
    if (!tableName) invalid('TABLE_NAME est absent.');
    table = { tableName, dynamodbEndpoint: optionalUrl('DYNAMODB_ENDPOINT') };
  }
  return table;
}

/** Read only by the function that manages staff accounts, the only one the CDK app gives USER_POOL_ID. */
export function getIdentityConfig(): IdentityConfig {
  if (!identity) {
    const userPoolId = process.env.USER_POOL_ID;
    if (!userPoolId) invalid('USER_POOL_ID est absent.');
    identity = { userPoolId };
  }
  return identity;
}

/** Read only by the functions that send email (SES on AWS), which the CDK app gives MAIL_FROM. */
export function getMailConfig(): MailConfig {
  if (!mail) {
    const from = process.env.MAIL_FROM;
    if (!from) invalid('MAIL_FROM est absent.');
    if (!/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(from))
      invalid(`MAIL_FROM n’est pas une adresse électronique : ${from}`);
    mail = { from };
  }
  return mail;
}
