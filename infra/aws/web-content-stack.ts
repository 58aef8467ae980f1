import { Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { StaffSignIn, type StaffAuthConfig } from './constructs/staff-sign-in.js';

/** What the web pages read at runtime: where the API is, and how staff sign in. */
export interface WebConfig {
  readonly apiBaseUrl: string;
  readonly auth: StaffAuthConfig;
}

export interface WebContentStackProps extends StackProps {
  /** Absolute path of the folder of static pages (web/). */
  readonly webRoot: string;
  /** Absolute path of the built staff pages, laid out as the site (`staff/…`, infra/web-build.ts). */
  readonly staffRoot: string;
  readonly siteBucket: IBucket;
  readonly publisherRole: Role;
  readonly publisherLogs: ILogGroup;
  readonly apiBaseUrl: string;
  /** `https://<distribution domain>`, where the staff pages sign in from and come back to. */
  readonly siteOrigin: string;
  readonly userPool: IUserPool;
  readonly signInDomain: UserPoolDomain;
  readonly idTokenValiditySeconds: number;
}

/**
 * Publishes web/ to the site bucket with a generated config.json holding the deployed API's address
 * and the staff pages' sign-in, whose Cognito client is here: it needs the pages' address (web
 * stack) and the user pool (stateful stack), and only this stack, last in line, has both.
 */
export class WebContentStack extends Stack {
  readonly config: WebConfig;
  readonly signIn: StaffSignIn;

  constructor(scope: Construct, id: string, props: WebContentStackProps) {
    super(scope, id, props);

    this.signIn = new StaffSignIn(this, 'StaffSignIn', {
      userPool: props.userPool,
      domain: props.signInDomain,
      siteOrigin: props.siteOrigin,
      idTokenValiditySeconds: props.idTokenValiditySeconds,
    });
    this.config = { apiBaseUrl: props.apiBaseUrl, auth: this.signIn.config };

    new BucketDeployment(this, 'Pages', {
      // web/staff/ holds the staff pages' sources: the site gets their build instead.
      sources: [
        Source.asset(props.webRoot, { exclude: ['config.json', 'staff'] }),
        Source.asset(props.staffRoot),
        Source.jsonData('config.json', this.config),
      ],
      destinationBucket: props.siteBucket,
      // Browsers and CloudFront revalidate every page (CloudFront keeps one for its minimum TTL, 1 s): a release
      // is visible at once without a cache invalidation, so the publisher needs no CloudFront permission.
      cacheControl: [CacheControl.noCache()],
      prune: true,
      role: props.publisherRole,
      logGroup: props.publisherLogs,
      memoryLimit: 256,
    });

    const publisherPolicy = props.publisherRole.node.findChild('DefaultPolicy');
    const copyReason =
      'Actions que BucketDeployment se donne pour lire l’asset CDK et synchroniser le site (copie, puis suppression ' +
      'des fichiers retirés) ; chacune est limitée au compartiment d’assets CDK ou au compartiment du site.';
    for (const finding of [
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      'Resource::<SiteE53D7754.Arn>/*',
    ]) {
      Validations.of(publisherPolicy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: copyReason });
    }

    // The construct's handler is a singleton at stack level, not a child of the deployment.
    const handler = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('Fonction de BucketDeployment introuvable : la version d’aws-cdk-lib a changé ?');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Fonction interne de BucketDeployment : son environnement Python est choisi par aws-cdk-lib, sans option ' +
        'pour le changer ; il suit les mises à jour d’aws-cdk-lib.',
    });
  }
}
