import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifest } from '../manifest.js';
import { buildStaffAppInto } from '../web-build.js';
import { ApiStack } from './api-stack.js';
import { JobsStack } from './jobs-stack.js';
import { alarmEmailFromContext, mailFromContext } from './mail-context.js';
import { policyFromContext, statsOngoingFromContext, statsThresholdFromContext } from './policy-context.js';
import { signInDomainPrefixFromContext } from './sign-in-context.js';
import { StatefulStack } from './stateful-stack.js';
import { WebContentStack } from './web-content-stack.js';
import { WebStack } from './web-stack.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface AsllStacks {
  readonly stateful: StatefulStack;
  readonly web: WebStack;
  readonly api: ApiStack;
  readonly webContent: WebContentStack;
  readonly jobs: JobsStack;
}

/**
 * The whole deployment, read from the manifest. Stacks are environment-agnostic (no account, no
 * region, no lookup): `cdk synth` works offline, and the same templates deploy to any account.
 * Every synthesis is checked against the cdk-nag AwsSolutions pack: one unacknowledged finding fails it.
 */
export function defineAsllApp(app: App): AsllStacks {
  const policy = policyFromContext(app);
  const statsThreshold = statsThresholdFromContext(app);
  const statsOngoing = statsOngoingFromContext(app);
  mkdirSync(app.outdir, { recursive: true });
  const mail = mailFromContext(app);
  const alarmEmail = alarmEmailFromContext(app);
  const signInDomainPrefix = signInDomainPrefixFromContext(app);

  const stateful = new StatefulStack(app, 'AsllStateful', {
    description: 'ASLL — données durables : table DynamoDB, sa clé KMS, annuaire Cognito des agents',
    table: manifest.table,
    groups: manifest.groups,
    signInDomainPrefix,
    terminationProtection: true,
  });
  const web = new WebStack(app, 'AsllWeb', {
    description: 'ASLL — hébergement des pages web (S3 privé + CloudFront)',
    signInDomainPrefix,
  });
  const api = new ApiStack(app, 'AsllApi', {
    description: `ASLL — API REST, fonctions Lambda, pare-feu (politique départementale : ${policy})`,
    routes: manifest.routes,
    projectRoot,
    policy,
    table: stateful.tableHandle,
    userPool: stateful.userPool,
    allowedOrigin: web.origin,
    statsThreshold,
    statsOngoing,
  });
  const webContent = new WebContentStack(app, 'AsllWebContent', {
    description: 'ASLL — publication des pages web et de leur config.json',
    webRoot: resolve(projectRoot, 'web'),
    // Built into the cloud assembly's folder, which the synthesis owns (and a test removes).
    staffRoot: buildStaffAppInto(projectRoot, mkdtempSync(join(app.outdir, 'staff-pages-'))),
    siteBucket: web.siteBucket,
    publisherRole: web.publisherRole,
    publisherLogs: web.publisherLogs,
    apiBaseUrl: api.apiBaseUrl,
    siteOrigin: web.origin,
    userPool: stateful.userPool,
    signInDomain: stateful.signInDomain,
    idTokenValiditySeconds: manifest.idTokenValiditySeconds,
  });

  const jobs = new JobsStack(app, 'AsllJobs', {
    description: `ASLL — tâches planifiées (EventBridge Scheduler), leurs alarmes, l’identité SES des courriels (politique : ${policy})`,
    jobs: manifest.jobs,
    projectRoot,
    policy,
    table: stateful.tableHandle,
    webOrigin: web.origin,
    mail,
    ...(alarmEmail ? { alarmEmail } : {}),
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, web, api, webContent, jobs };
}
