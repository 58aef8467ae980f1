import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface WebStackProps extends StackProps {
  /**
   * The prefix of the staff's managed login domain (sign-in-context.ts, the same the stateful stack
   * gives its user pool): the pages may call that domain's token and revocation endpoints, no other.
   */
  readonly signInDomainPrefix: string;
}

/**
 * Where the web pages are served from: a private bucket read by CloudFront alone (origin access
 * control), and the one identity allowed to publish into it. The publication itself is the
 * WebContentStack's, once the API's address is known: the API needs this distribution's origin for
 * CORS, so the pages and their config.json cannot be published from here.
 */
export class WebStack extends Stack {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  /** The role the publication runs as, and its logs (kept here, beside the bucket it writes). */
  readonly publisherRole: Role;
  readonly publisherLogs: LogGroup;
  /** `https://<distribution domain>`: the origin the API lets read its answers. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);

    // Access logs hold visitors' IP addresses: kept one year, then deleted.
    const logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging still writes through ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Ce compartiment reçoit les journaux d’accès du site et de CloudFront ; journaliser ses propres accès ' +
        'en lui-même créerait une boucle, et un second compartiment de journaux ne ferait que déplacer la question.',
    });

    this.siteBucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The pages call the API (execute-api) and their own managed login domain (its token and
    // revocation endpoints), both in this stack's region; never Cognito's own API (cognito-idp).
    // The API's id is not known here (the API stack needs this distribution's origin): any in the region.
    const apiOrigins =
      `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX} ` +
      `https://${props.signInDomainPrefix}.auth.${Aws.REGION}.amazoncognito.com`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'En-têtes de sécurité des pages ASLL',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
            `connect-src 'self' ${apiOrigins}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      },
    });

    // The staff pages live at `/staff/` (infra/web-build.ts): a folder's address serves its index.html,
    // as the local gateway does; `/staff` gets the slash its relative links need.
    const folderIndex = new CloudFrontFunction(this, 'FolderIndex', {
      comment: 'Pages ASLL : /staff/ sert /staff/index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  if (request.uri === '/staff') {",
          "    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/staff/' } } };",
          '  }',
          "  if (request.uri.endsWith('/')) request.uri += 'index.html';",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Pages web ASLL',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: folderIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // The users are in France: edge locations of Europe and North America are enough, and cheapest.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Pas de restriction géographique : le formulaire public de saisine doit rester joignable par un ménage ' +
        'ou un partenaire qui se trouve hors de France ; les pages ne contiennent aucune donnée.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Pages statiques sans donnée ; toutes les données passent par l’API, protégée par son propre WAF régional. ' +
        'Un WAF CloudFront devrait vivre en us-east-1, hors de cette application sans environnement fixé.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'Le certificat par défaut *.cloudfront.net ne permet pas de fixer la version TLS minimale ; il faudra un nom ' +
        'de domaine du département et son certificat ACM pour imposer TLS 1.2.',
    });

    // No AWS managed policy: the publisher logs to its own group; the bucket grants are added by the publication.
    this.publisherLogs = new LogGroup(this, 'PublisherLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.publisherRole = new Role(this, 'PublisherRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Publication des pages web dans le compartiment du site',
    });
    this.publisherLogs.grantWrite(this.publisherRole);

    this.origin = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'SiteUrl', { value: this.origin, description: 'Adresse des pages web' });
  }
}
