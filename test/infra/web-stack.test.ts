import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeAsll, type SynthesizedAsll } from './synth.js';

let synthesized: SynthesizedAsll;
beforeAll(() => {
  synthesized = synthesizeAsll();
});
afterAll(() => synthesized.cleanUp());

function siteBucketId(): string {
  const buckets = synthesized.templates.web.findResources('AWS::S3::Bucket', {
    Properties: { LoggingConfiguration: Match.anyValue() },
  });
  expect(Object.keys(buckets)).toHaveLength(1);
  return Object.keys(buckets)[0]!;
}

describe('the web hosting', () => {
  it('keeps every bucket private, encrypted and reachable over TLS only', () => {
    const web = synthesized.templates.web;
    const buckets = web.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets).length).toBeGreaterThan(0);
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      });
      web.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('logs the site bucket’s accesses to the log bucket', () => {
    synthesized.templates.web.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.anyValue() }, LogFilePrefix: 'site/' },
    });
  });

  it('serves the site through CloudFront with an origin access control and index.html as root object', () => {
    const web = synthesized.templates.web;
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [siteBucketId(), 'RegionalDomainName'] },
            OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('lets only this distribution read the site bucket', () => {
    const [distributionId] = Object.keys(synthesized.templates.web.findResources('AWS::CloudFront::Distribution'));
    synthesized.templates.web.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    const policies = Object.values(synthesized.templates.web.findResources('AWS::S3::BucketPolicy'));
    expect(JSON.stringify(policies)).toContain(`":distribution/",{"Ref":"${distributionId}"}`);
    // Nobody else: no statement allows any principal at all.
    for (const policy of policies) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: { Effect: string; Principal: unknown }[] })
        .Statement) {
        if (statement.Effect === 'Allow') expect(JSON.stringify(statement.Principal)).not.toContain('"*"');
      }
    }
  });

  it('sends security headers with every page, including a content security policy', () => {
    synthesized.templates.web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ Override: true }),
          StrictTransportSecurity: Match.objectLike({ IncludeSubdomains: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
  });
});

describe('the web content', () => {
  it('publishes web/ and a generated config.json to the site bucket', () => {
    const content = synthesized.templates.webContent;
    content.resourceCountIs('Custom::CDKBucketDeployment', 1);
    content.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'AsllWeb' }) },
      Prune: true,
      // web/ (less the staff pages' sources), the staff pages as built, config.json.
      SourceObjectKeys: [Match.anyValue(), Match.anyValue(), Match.anyValue()],
    });
  });

  it('publishes the staff pages as esbuild built them, not their sources', () => {
    const staged = JSON.parse(readFileSync(join(synthesized.outdir, 'AsllWebContent.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    const folders = Object.values(staged.files).map((file) => join(synthesized.outdir, file.source.path));
    const staffFolder = folders.find((folder) => existsSync(join(folder, 'staff', 'assets', 'app.js')));
    expect(staffFolder).toBeDefined();
    expect(readdirSync(join(staffFolder!, 'staff')).sort()).toEqual(['assets', 'index.html']);
    expect(readdirSync(join(staffFolder!, 'staff', 'assets')).sort()).toEqual(['app.css', 'app.js']);
    const site = folders.find((folder) => existsSync(join(folder, 'index.html')) && !existsSync(join(folder, 'staff')));
    expect(site).toBeDefined();
  });

  it('writes the deployed API’s base URL into config.json', () => {
    const deployment = Object.values(synthesized.templates.webContent.findResources('Custom::CDKBucketDeployment'))[0]!;
    const markers = deployment.Properties.SourceMarkers as Record<string, unknown>[];
    const configMarkers = markers.find((entry) => Object.keys(entry).length > 0)!;
    // The API's id comes from the API stack; region and URL suffix are resolved where the pages are published.
    const apiIdMarker = Object.entries(configMarkers).find(([, value]) =>
      JSON.stringify(value).includes('"StackName":"AsllApi"'),
    )?.[0];
    expect(apiIdMarker).toBeDefined();

    // The config.json asset, as staged in the cloud assembly, holds the marker replaced at deployment.
    const staged = JSON.parse(readFileSync(join(synthesized.outdir, 'AsllWebContent.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    const configs = Object.values(staged.files)
      .map((file) => join(synthesized.outdir, file.source.path, 'config.json'))
      .flatMap((path) => {
        try {
          return [JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
    expect(configs).toHaveLength(1);
    expect(configs[0]).toEqual({
      apiBaseUrl: expect.stringMatching(
        new RegExp(`^https://${apiIdMarker}\\.execute-api\\.<<marker:[^>]+>>\\.<<marker:[^>]+>>/v1$`),
      ),
      auth: { region: expect.any(String), userPoolId: expect.any(String), clientId: expect.any(String) },
    });
  });

  it('publishes with a role that has no AWS managed policy and logs to a group with a retention', () => {
    const web = synthesized.templates.web;
    const roles = web.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    web.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    synthesized.templates.webContent.hasResourceProperties('AWS::Lambda::Function', {
      Role: {
        'Fn::GetStackOutput': Match.objectLike({ StackName: 'AsllWeb', OutputName: Match.stringLikeRegexp('PublisherRole') }),
      },
    });
  });
});
