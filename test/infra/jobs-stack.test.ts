import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailActions, tableActions } from '../../infra/aws/constructs/asll-function.js';
import { deadLetterRetention, jobRetries, jobTimeout } from '../../infra/aws/jobs-stack.js';
import { cronOf, jobs, routes } from '../../infra/manifest.js';
import { actionsOf, buildAsll, functionFor, statementsOf, synthesizeAsll, type SynthesizedAsll } from './synth.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });

let synthesized: SynthesizedAsll;
let template: Template;
beforeAll(() => {
  // The jobs' functions are really bundled here (one function: the API's bundles have their own test).
  synthesized = synthesizeAsll({ bundle: ['AsllJobs'], context: { asllAlarmEmail: 'exploitation@departement.fr' } });
  template = synthesized.templates.jobs;
}, 300_000);
afterAll(() => synthesized.cleanUp());

type JobName = keyof typeof jobs;
const jobIds = Object.keys(jobs) as JobName[];

function only(type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type) as Record<string, Resource>);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A job's function, told by the description the stack gives it. */
function jobFunction(job: JobName = 'deadlines'): { logicalId: string; resource: Resource } {
  const matches = Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(
    ([, resource]) => String(resource.Properties.Description).endsWith(`(tâche planifiée ${job})`),
  );
  expect(matches).toHaveLength(1);
  const [logicalId, resource] = matches[0]!;
  return { logicalId, resource };
}
const deadlinesFunction = () => jobFunction('deadlines');

/** The schedule that invokes a job's function. */
function scheduleOf(job: JobName): [string, Resource] {
  const { logicalId } = jobFunction(job);
  const found = Object.entries(template.findResources('AWS::Scheduler::Schedule') as Record<string, Resource>).filter(
    ([, schedule]) => JSON.stringify((schedule.Properties.Target as { Arn: unknown }).Arn) === JSON.stringify(getAtt(logicalId)),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The dead-letter queue of a job (its function's). */
function queueOf(job: JobName): string {
  const target = jobFunction(job).resource.Properties.DeadLetterConfig as { TargetArn: { 'Fn::GetAtt': [string, string] } };
  return target.TargetArn['Fn::GetAtt'][0];
}

function environment(job: JobName = 'deadlines'): Record<string, unknown> {
  return (jobFunction(job).resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('the schedules of the jobs', () => {
  it('runs deadlines every day at 06:00 and stats at 03:30, read in Europe/Paris, so that they keep their hour across daylight-saving changes', () => {
    expect(cronOf(jobs.deadlines.schedule)).toBe('cron(0 6 * * ? *)');
    expect(cronOf(jobs.stats.schedule)).toBe('cron(30 3 * * ? *)');
    for (const [job, expression] of [
      ['deadlines', 'cron(0 6 * * ? *)'],
      ['stats', 'cron(30 3 * * ? *)'],
    ] as const) {
      expect(scheduleOf(job)[1].Properties).toMatchObject({
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Europe/Paris',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
      });
    }
  });
});

describe.each(jobIds)('the %s job', (job) => {
  it('is invoked with the scheduled event its handler expects, timed at the scheduled instant', () => {
    const [, schedule] = scheduleOf(job);
    const target = schedule.Properties.Target as { Arn: unknown; Input: string };
    expect(target.Arn).toEqual(getAtt(jobFunction(job).logicalId));
    expect(JSON.parse(target.Input)).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      time: '<aws.scheduler.scheduled-time>',
    });
  });

  it('retries an invocation that failed, for a bounded time, then leaves it in its dead-letter queue', () => {
    const [, schedule] = scheduleOf(job);
    expect(schedule.Properties.Target).toMatchObject({
      RetryPolicy: {
        MaximumRetryAttempts: jobRetries.scheduler.retryAttempts,
        MaximumEventAgeInSeconds: jobRetries.scheduler.maxEventAge.toSeconds(),
      },
      DeadLetterConfig: { Arn: getAtt(queueOf(job)) },
    });
  });

  it('lets the scheduler role invoke that one function (no version or alias wildcard) and write to the dead-letter queue, nothing else', () => {
    const [, schedule] = scheduleOf(job);
    const roleId = (schedule.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn['Fn::GetAtt'][0];
    const role = template.findResources('AWS::IAM::Role')[roleId] as Resource;
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
    const statements = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((reference) => reference.Ref === roleId))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
    expect(statements).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: getAtt(jobFunction(job).logicalId) },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: getAtt(queueOf(job)) },
    ]);
  });

  it('is retried by Lambda when a run fails (Scheduler invokes asynchronously), then sent to the same dead-letter queue', () => {
    const { logicalId, resource } = jobFunction(job);
    const queueId = queueOf(job);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId },
      MaximumRetryAttempts: jobRetries.lambda.retryAttempts,
      MaximumEventAgeInSeconds: jobRetries.lambda.maxEventAge.toSeconds(),
    });
    const statements = statementsOf(template, resource);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sqs:SendMessage', Resource: getAtt(queueId) }));
  });

  it('has a dead-letter queue of its own that is encrypted, refuses requests without TLS and keeps messages two weeks', () => {
    const queueId = queueOf(job);
    const queue = template.findResources('AWS::SQS::Queue')[queueId] as Resource;
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: deadLetterRetention.toSeconds(),
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('raises one alarm when its dead-letter queue holds a message and one when it fails, both on the alarm topic', () => {
    const [topicId] = only('AWS::SNS::Topic');
    const topic = [{ Ref: topicId }];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(queueOf(job), 'QueueName') }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: topic,
      OKActions: topic,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: jobFunction(job).logicalId } }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: topic,
      OKActions: topic,
    });
  });

  it('runs on Node.js 24, arm64, with the job timeout', () => {
    expect(jobFunction(job).resource.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: jobTimeout.toSeconds(),
    });
  });

  it('reads and writes the table and its three indexes as the lifecycle does, never scanning nor deleting', () => {
    const statements = statementsOf(template, jobFunction(job).resource);
    const table = statements.find((statement) => actionsOf([statement]).includes('dynamodb:Query'))!;
    expect([...actionsOf([table])].sort()).toEqual([...tableActions.read, ...tableActions.write].sort());
    const resources = JSON.stringify(table.Resource);
    for (const index of ['GSI1', 'GSI2', 'GSI3']) expect(resources).toContain(`/index/${index}`);
    const all = actionsOf(statements);
    for (const action of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
      expect(all).not.toContain(action);
    }
    for (const statement of statements) expect(JSON.stringify(statement.Resource)).not.toContain('*');
  });
});

describe('the alarms', () => {
  it('are two per job, on one topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2 * jobIds.length);
    template.resourceCountIs('AWS::SQS::Queue', jobIds.length);
  });

  it('go to a topic encrypted with a rotated customer-managed key that CloudWatch may use, published to over TLS', () => {
    const [keyId, key] = only('AWS::KMS::Key');
    const [topicId] = only('AWS::SNS::Topic');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(keyId) });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      ]),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('are emailed to the asllAlarmEmail address', () => {
    const [topicId] = only('AWS::SNS::Topic');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'exploitation@departement.fr',
      TopicArn: { Ref: topicId },
    });
  });

  it('have no subscription when asllAlarmEmail is absent', () => {
    const app = buildAsll();
    try {
      Template.fromStack(app.stacks.jobs).resourceCountIs('AWS::SNS::Subscription', 0);
    } finally {
      app.cleanUp();
    }
  });

  it('refuses an alarm address that is not one', () => {
    expect(() => buildAsll({ context: { asllAlarmEmail: 'exploitation' } })).toThrow(/asllAlarmEmail/);
  });
});

describe('the email of the deadlines job', () => {
  it('is sent from asllMailFrom, verified by an SES identity for its domain by default, with its DKIM records as outputs', () => {
    expect(environment().MAIL_FROM).toBe('ASLL <ne-pas-repondre@asll.example.fr>');
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'asll.example.fr' });
    const outputs = Object.keys(template.findOutputs('*')).filter((id) => id.startsWith('DkimRecord'));
    expect(outputs).toHaveLength(3);
    expect(template.findOutputs('DkimRecord1').DkimRecord1).toMatchObject({
      Value: { 'Fn::Join': ['', expect.arrayContaining([' CNAME '])] },
    });
  });

  it('may be sent only through that identity, only with that From address, by SendEmail alone', () => {
    const [identityId] = only('AWS::SES::EmailIdentity');
    const statements = statementsOf(template, deadlinesFunction().resource).filter((statement) =>
      actionsOf([statement]).some((action) => action.startsWith('ses:')),
    );
    expect(statements).toEqual([
      {
        Action: mailActions[0],
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':identity/',
              { Ref: identityId },
            ],
          ],
        },
        Condition: { StringEquals: { 'ses:FromAddress': 'ne-pas-repondre@asll.example.fr' } },
      },
    ]);
  });

  it('uses an existing identity named by its ARN, and then creates none', () => {
    const arn = 'arn:aws:ses:eu-west-3:123456789012:identity/departement.fr';
    const app = buildAsll({ context: { asllMailFrom: 'ne-pas-repondre@departement.fr', asllMailIdentity: arn } });
    try {
      const jobsTemplate = Template.fromStack(app.stacks.jobs);
      jobsTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
      jobsTemplate.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: 'ses:SendEmail', Resource: arn })]),
        },
      });
    } finally {
      app.cleanUp();
    }
  });

  it('may be verified by an identity for the address itself', () => {
    const app = buildAsll({
      context: { asllMailFrom: 'asll@departement.fr', asllMailIdentity: 'asll@departement.fr' },
    });
    try {
      Template.fromStack(app.stacks.jobs).hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'asll@departement.fr',
      });
    } finally {
      app.cleanUp();
    }
  });

  it('refuses, before building anything, a sender the identity does not cover or that is no address', () => {
    expect(() => buildAsll({ context: { asllMailFrom: 'asll@departement.fr', asllMailIdentity: 'autre-domaine.fr' } })).toThrow(
      /asllMailIdentity.*ne couvre pas/s,
    );
    expect(() =>
      buildAsll({
        context: {
          asllMailFrom: 'asll@departement.fr',
          asllMailIdentity: 'arn:aws:ses:eu-west-3:123456789012:identity/ailleurs@departement.fr',
        },
      }),
    ).toThrow(/ne couvre pas/);
    expect(() => buildAsll({ context: { asllMailFrom: 'ne-pas-repondre' } })).toThrow(/asllMailFrom/);
    expect(() => buildAsll({ context: { asllMailFrom: 'Échéances <asll@departement.fr>' } })).toThrow(/ASCII/);
  });
});

describe('the deadlines function', () => {
  it('is one of the stack’s functions: one per job of the manifest', () => {
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(jobs).length);
  });

  it('gets the policy, the table, the sender and the web origin the API allows (the email links point there)', () => {
    const variables = environment();
    expect(Object.keys(variables).sort()).toEqual(['ASLL_POLICY', 'MAIL_FROM', 'TABLE_NAME', 'WEB_ORIGIN']);
    expect(variables.ASLL_POLICY).toBe('meuse');
    const api = functionFor(synthesized.templates.api, routes.health.method, routes.health.path);
    const apiVariables = (api.resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.WEB_ORIGIN).toEqual(apiVariables.ALLOWED_ORIGIN);
    expect(JSON.stringify(variables.WEB_ORIGIN)).toContain('AsllWeb');
    expect(variables.TABLE_NAME).toEqual(apiVariables.TABLE_NAME);
  });

  it('is bundled with the signed SendEmail call, not the SESv2 client, and the environment credentials alone', () => {
    const key = (deadlinesFunction().resource.Properties.Code as { S3Key: string }).S3Key;
    const code = readFileSync(join(synthesized.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
    expect(code.includes('/v2/email/outbound-emails')).toBe(true);
    // An operation of the SESv2 client's schema file, which the function never calls.
    expect(code.includes('PutAccountDedicatedIpWarmupAttributes')).toBe(false);
    expect(code.includes('Unable to find environment variable credentials.')).toBe(true);
    expect(code.includes('defaultProvider::fromSSO')).toBe(false);
  });
});

describe('the stats function', () => {
  it('gets the policy, the table and the web origin, and nothing to send email with', () => {
    expect(Object.keys(environment('stats')).sort()).toEqual(['ASLL_POLICY', 'TABLE_NAME', 'WEB_ORIGIN']);
    const statements = statementsOf(template, jobFunction('stats').resource);
    expect(actionsOf(statements).some((action) => action.startsWith('ses:'))).toBe(false);
  });

  it('is bundled without the SESv2 client, with the environment credentials alone', () => {
    const key = (jobFunction('stats').resource.Properties.Code as { S3Key: string }).S3Key;
    const code = readFileSync(join(synthesized.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
    expect(code.includes('/v2/email/outbound-emails')).toBe(false);
    expect(code.includes('Unable to find environment variable credentials.')).toBe(true);
    expect(code.includes('defaultProvider::fromSSO')).toBe(false);
  });
});
