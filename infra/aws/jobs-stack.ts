import { resolve } from 'node:path';
import { Aws, CfnOutput, Duration, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PolicyId } from '../../lib/domain/policies.js';
import { cronOf, type JobDeclaration, type JobId } from '../manifest.js';
import { AsllFunction, type MailSender, type TableHandle } from './constructs/asll-function.js';
import type { MailContext } from './mail-context.js';

export interface JobsStackProps extends StackProps {
  readonly jobs: Readonly<Record<JobId, JobDeclaration>>;
  readonly projectRoot: string;
  readonly policy: PolicyId;
  readonly table: TableHandle;
  /** The web pages' origin (https://…, CloudFront): the links the emails carry point there. */
  readonly webOrigin: string;
  /** The sender of the jobs' emails and its SES identity (CDK context, see mail-context.ts). */
  readonly mail: MailContext;
  /** Who receives the alarms; absent: the topic has no subscription yet. */
  readonly alarmEmail?: string;
}

/**
 * How a failed run is tried again. EventBridge Scheduler invokes a Lambda function asynchronously:
 * its retry policy covers the invocation itself (throttling, a service error), Lambda's covers the
 * run (the function threw or timed out). Both give up after two hours, and both leave the event in
 * the job's dead-letter queue. A job may run twice for one instant: it then does nothing more.
 */
export const jobRetries = {
  scheduler: { retryAttempts: 10, maxEventAge: Duration.hours(2) },
  lambda: { retryAttempts: 2, maxEventAge: Duration.hours(2) },
} as const;

/** A job reads what is due and sends emails: far longer than a route may take, far shorter than Lambda's 15 minutes. */
export const jobTimeout = Duration.minutes(10);

/** Failed events are kept long enough to be looked at after a holiday. */
export const deadLetterRetention = Duration.days(14);

/**
 * LambdaInvoke, whose role may invoke the function and nothing else: `grantInvoke` would also allow
 * every version and alias (`<arn>:*`), when the schedule only ever calls the unqualified ARN.
 */
export class InvokeFunctionOnly extends LambdaInvoke {
  constructor(
    private readonly target: IFunction,
    props: ScheduleTargetBaseProps,
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['lambda:InvokeFunction'], resources: [this.target.functionArn] }),
    );
  }
}

/** `deadlines` → `Deadlines`: construct ids that read like the job. */
function constructId(jobId: string): string {
  return jobId.charAt(0).toUpperCase() + jobId.slice(1);
}

interface ScheduledJobProps {
  readonly jobId: JobId;
  readonly job: JobDeclaration;
  readonly stackProps: JobsStackProps;
  readonly sender: MailSender;
  readonly alarmTopic: Topic;
}

/** One job of the manifest: its function, the schedule that runs it, its dead-letter queue and its two alarms. */
export class ScheduledJob extends Construct {
  readonly function: AsllFunction;
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly errorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { jobId, job, stackProps } = props;

    // The events themselves carry no personal data (a time, the schedule's ARN, Lambda's error message).
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: deadLetterRetention,
    });

    this.function = new AsllFunction(this, 'Job', {
      entry: resolve(stackProps.projectRoot, job.entry),
      projectRoot: stackProps.projectRoot,
      description: `${job.summary} (tâche planifiée ${jobId})`,
      environment: { ASLL_POLICY: stackProps.policy, WEB_ORIGIN: stackProps.webOrigin },
      logRetention: RetentionDays.THREE_MONTHS,
      timeout: jobTimeout,
      asyncInvoke: { ...jobRetries.lambda, deadLetterQueue: this.deadLetterQueue },
    });
    this.function.bindTable(stackProps.table, job.table);
    if (job.mail === 'send') this.function.bindMailSender(props.sender);

    // EventBridge Scheduler reads the expression in the job's time zone: 06:00 Paris stays 06:00
    // across daylight-saving changes. The event is the one the handler expects (API.md "Scheduled
    // jobs"), its `time` the instant the run was due, unchanged by retries.
    this.schedule = new Schedule(this, 'Schedule', {
      description: `ASLL — ${jobId} : ${job.summary}`,
      schedule: ScheduleExpression.expression(cronOf(job.schedule), TimeZone.of(job.schedule.timeZone)),
      timeWindow: TimeWindow.off(),
      target: new InvokeFunctionOnly(this.function.function, {
        input: ScheduleTargetInput.fromObject({
          'detail-type': 'Scheduled Event',
          source: 'aws.scheduler',
          time: ContextAttribute.scheduledTime,
          id: ContextAttribute.executionId,
          resources: [ContextAttribute.scheduleArn],
        }),
        retryAttempts: jobRetries.scheduler.retryAttempts,
        maxEventAge: jobRetries.scheduler.maxEventAge,
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    const action = new SnsAction(props.alarmTopic);
    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `ASLL — tâche ${jobId} : un déclenchement a définitivement échoué (file de lettres mortes non vide)`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // An idle queue stops reporting: no figure is no message.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `ASLL — tâche ${jobId} : une exécution a échoué (elle est retentée, puis mise en lettres mortes)`,
      metric: this.function.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetterAlarm, this.errorAlarm]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}

/**
 * The manifest's scheduled jobs on AWS: for each, a function run by EventBridge Scheduler, with
 * retries, a dead-letter queue and alarms; one alarm topic for them all; and the SES identity the
 * emails are sent from.
 */
export class JobsStack extends Stack {
  readonly jobs: Readonly<Record<JobId, ScheduledJob>>;
  readonly alarmTopic: Topic;
  readonly sender: MailSender;
  /** The identity this stack creates; absent when an existing one is named by its ARN. */
  readonly emailIdentity: EmailIdentity | undefined;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);

    // CloudWatch publishes the alarms: it must be able to use the topic's key, and nobody else's.
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: 'Chiffrement des alertes ASLL (rubrique SNS des alarmes)',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
    });
    alarmKey.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Alertes ASLL',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one: the account's alarms are allowed to publish explicitly.
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const { identity } = props.mail;
    if (identity.kind === 'existing') {
      this.emailIdentity = undefined;
      this.sender = { identityArn: identity.arn, from: props.mail.from, address: props.mail.address };
    } else {
      this.emailIdentity = new EmailIdentity(this, 'MailIdentity', {
        identity: identity.kind === 'domain' ? Identity.domain(identity.name) : Identity.email(identity.name),
      });
      this.sender = { identityArn: this.emailIdentity.emailIdentityArn, from: props.mail.from, address: props.mail.address };
      if (identity.kind === 'domain') {
        // Easy DKIM: the three CNAME records that verify the domain, to publish in its DNS zone.
        const records = [
          [this.emailIdentity.dkimDnsTokenName1, this.emailIdentity.dkimDnsTokenValue1],
          [this.emailIdentity.dkimDnsTokenName2, this.emailIdentity.dkimDnsTokenValue2],
          [this.emailIdentity.dkimDnsTokenName3, this.emailIdentity.dkimDnsTokenValue3],
        ] as const;
        records.forEach(([name, value], index) => {
          new CfnOutput(this, `DkimRecord${index + 1}`, {
            value: `${name} CNAME ${value}`,
            description: `Enregistrement DNS DKIM ${index + 1}/3 à publier pour vérifier ${identity.name} dans SES`,
          });
        });
      }
    }

    const jobs = {} as Record<JobId, ScheduledJob>;
    for (const [jobId, job] of Object.entries(props.jobs) as [JobId, JobDeclaration][]) {
      jobs[jobId] = new ScheduledJob(this, constructId(jobId), {
        jobId,
        job,
        stackProps: props,
        sender: this.sender,
        alarmTopic: this.alarmTopic,
      });
    }
    this.jobs = jobs;

    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Rubrique SNS des alertes' });
  }
}
