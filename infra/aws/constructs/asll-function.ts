import { Duration, Aws, RemovalPolicy } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { cognitoOperations } from '../../../functions/shared/cognito-staff-identities.js';
import { aliasEsbuildArgs, lambdaBundling, lambdaRuntime, type LazyModule } from '../../bundling.js';

/** The single table as a function sees it: the table, and the indexes it may query. */
export interface TableHandle {
  readonly table: ITable;
  readonly indexNames: readonly string[];
}

/**
 * `read`; `readjournal`: reads that leave journal entries, so reads and PutItem only;
 * `readwrite`: every write the lifecycle makes.
 */
export type TableAccess = 'read' | 'readjournal' | 'readwrite';

/**
 * What each access mode allows, and nothing more: no Scan (every access pattern is a Query),
 * no DeleteItem (expiry is left to the TTL). Transactions need no action of their own: DynamoDB
 * authorizes each of their items as a PutItem or UpdateItem (a condition on a Put or an Update is
 * part of it). No ConditionCheckItem: no transaction has a condition-only item
 * (test/infra/reachable-calls.test.ts finds every action the code can take).
 */
export const tableActions = {
  read: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
  journal: ['dynamodb:PutItem'],
} as const;

/** The table's customer-managed key, used only through DynamoDB. */
export const keyActions = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  write: ['kms:Encrypt', 'kms:GenerateDataKey'],
} as const;

/**
 * What keeping staff accounts in step with the directory takes (functions/shared/
 * cognito-staff-identities.ts), and nothing more: no deletion, no password set, no listing of users.
 */
export const userPoolActions = cognitoOperations.map((operation) => `cognito-idp:${operation}`);

export interface AsllFunctionProps {
  /** Absolute path of the handler module; it exports `handler`. */
  readonly entry: string;
  /** Absolute path of the project root (package-lock.json, tsconfig.json). */
  readonly projectRoot: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** How long one run may take; default: the routes' (infra/bundling.ts `lambdaRuntime`). */
  readonly timeout?: Duration;
  /**
   * For a function invoked asynchronously (a scheduled job): how Lambda retries a run that failed,
   * and the queue that receives the event once it gives up. Absent: Lambda's defaults, no queue.
   */
  readonly asyncInvoke?: { readonly retryAttempts: number; readonly maxEventAge: Duration; readonly deadLetterQueue: IQueue };
  /** Modules shipped beside the bundle, loaded when a request needs them (infra/bundling.ts `lazyModules`). */
  readonly lazyModules?: readonly LazyModule[];
}

/** The one action sending a staff email takes (functions/shared/ses-mailer.ts: SESv2 SendEmail). */
export const mailActions = ['ses:SendEmail'] as const;

/** The sender a function emails from: the SES identity that verifies it, and the address itself. */
export interface MailSender {
  /** ARN of the verified SES identity (a domain, or the address itself). */
  readonly identityArn: string;
  /** MAIL_FROM as the function sends it, e.g. `ASLL <ne-pas-repondre@departement.fr>`. */
  readonly from: string;
  /** The bare address of `from`: the only `From` the permission allows. */
  readonly address: string;
}

/** After the bundle, the lazy modules beside it and the package.json that maps their names (`#` quoted: a shell comment). */
function lazyModuleHooks(modules: readonly LazyModule[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      [
        `"${inputDir}/node_modules/.bin/tsx"`,
        `"${inputDir}/infra/build-lazy-modules.ts"`,
        `"${inputDir}"`,
        `"${outputDir}"`,
        ...modules.map((name) => `'${name}'`),
      ].join(' '),
    ],
  };
}

/**
 * A Lambda function as every one of this project is built: Node.js 24 on arm64, bundled locally by
 * esbuild with the settings shared with the benchmark, its own log group with a retention, and a
 * role that starts empty — each function is then granted only what it touches.
 */
export class AsllFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AsllFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });

    // No AWS managed policy: the function writes to its own log group and nowhere else.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: lambdaRuntime.memoryMb,
      timeout: props.timeout ?? Duration.seconds(lambdaRuntime.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      ...(props.asyncInvoke
        ? {
            retryAttempts: props.asyncInvoke.retryAttempts,
            maxEventAge: props.asyncInvoke.maxEventAge,
            deadLetterQueue: props.asyncInvoke.deadLetterQueue,
          }
        : {}),
      bundling: {
        format: OutputFormat.ESM,
        target: lambdaBundling.target,
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourcemap,
        mainFields: [...lambdaBundling.mainFields],
        banner: lambdaBundling.banner,
        externalModules: [...lambdaBundling.external],
        // NodejsFunction has no alias property and takes no esbuild plugin: the esbuild option is
        // passed as its command-line flag (`--alias:name=path`, resolved from projectRoot, the cwd).
        esbuildArgs: aliasEsbuildArgs(lambdaBundling.alias),
        bundleAwsSDK: true,
        // The installed esbuild, on this machine: never a Docker image.
        forceDockerBundling: false,
        ...(props.lazyModules && props.lazyModules.length > 0 ? { commandHooks: lazyModuleHooks(props.lazyModules) } : {}),
      },
    });
  }

  /** Tells the function which table to use (TABLE_NAME) and grants exactly the access mode's actions. */
  bindTable(handle: TableHandle, access: TableAccess): void {
    const { table, indexNames } = handle;
    this.function.addEnvironment('TABLE_NAME', table.tableName);

    const writes = { read: [], readjournal: tableActions.journal, readwrite: tableActions.write }[access];
    const dynamodbActions = [...tableActions.read, ...writes];
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: dynamodbActions,
        // Named indexes rather than `index/*`: a new index is granted when it is declared.
        resources: [table.tableArn, ...indexNames.map((indexName) => `${table.tableArn}/index/${indexName}`)],
      }),
    );

    if (table.encryptionKey) {
      const kmsActions = access === 'read' ? [...keyActions.read] : [...keyActions.read, ...keyActions.write];
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: kmsActions,
          resources: [table.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.${Aws.URL_SUFFIX}` } },
        }),
      );
    }
  }

  /** Tells the function which user pool holds the staff accounts (USER_POOL_ID) and grants exactly what managing them takes. */
  bindUserPool(userPool: IUserPool): void {
    this.function.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: [...userPoolActions], resources: [userPool.userPoolArn] }),
    );
  }

  /**
   * Tells the function whom its emails come from (MAIL_FROM) and grants SESv2 SendEmail on that
   * identity alone, and only with that `From`. No configuration set is used: one would have to be
   * granted too (SendEmail also authorizes on the configuration set's ARN).
   */
  bindMailSender(sender: MailSender): void {
    this.function.addEnvironment('MAIL_FROM', sender.from);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...mailActions],
        resources: [sender.identityArn],
        conditions: { StringEquals: { 'ses:FromAddress': sender.address } },
      }),
    );
  }
}
