import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeAsll, type SynthesizedAsll } from './synth.js';
import { idTokenValiditySeconds } from '../../infra/manifest.js';

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

/** An address of Cognito's managed login, as config.json holds it before deployment (markers for tokens). */
const managedLogin = (path: string) =>
  new RegExp(`^https://<<marker:[^>]+>>\\.auth\\.<<marker:[^>]+>>\\.amazoncognito\\.com${path}$`);

describe('the staff pages’ sign-in', () => {
  const client = () => Object.values(synthesized.templates.webContent.findResources('AWS::Cognito::UserPoolClient'));

  it('is a public Cognito client of the authorization code grant, coming back to the staff pages on CloudFront', () => {
    expect(client()).toHaveLength(1);
    synthesized.templates.webContent.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', Match.anyValue(), '/staff/']] }],
      LogoutURLs: [{ 'Fn::Join': ['', ['https://', Match.anyValue(), '/staff/']] }],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('lets no password reach the pages: no SRP, password or custom flow, only the managed login', () => {
    synthesized.templates.webContent.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('issues ID tokens for the lifetime the manifest declares (the local issuer uses it too), and renews them for a working day', () => {
    synthesized.templates.webContent.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: idTokenValiditySeconds / 60,
      RefreshTokenValidity: 12 * 60,
      TokenValidityUnits: Match.objectLike({ IdToken: 'minutes', RefreshToken: 'minutes' }),
    });
  });

  it('gives that client the managed login pages, on a domain of the user pool', () => {
    synthesized.templates.webContent.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    synthesized.templates.webContent.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: true,
    });
    synthesized.templates.stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      ManagedLoginVersion: 2,
      Domain: { 'Fn::Join': ['', ['asll-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('lets the pages connect to their own origin, the API and their own sign-in domain, and nowhere else', () => {
    const connectSources = (template: typeof synthesized.templates.web): string[] => {
      const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
      const csp = (policy!.Properties as { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: unknown } })
        .ResponseHeadersPolicyConfig.SecurityHeadersConfig as { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
      // The policy is a Fn::Join of literals and pseudo parameters: read with the tokens named.
      const {
        'Fn::Join': [, parts],
      } = csp.ContentSecurityPolicy.ContentSecurityPolicy as { 'Fn::Join': [string, unknown[]] };
      const text = parts.map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join('');
      return /connect-src ([^;]*)/.exec(text)![1]!.split(' ');
    };
    expect(connectSources(synthesized.templates.web)).toEqual([
      "'self'",
      'https://*.execute-api.<AWS::Region>.<AWS::URLSuffix>',
      'https://asll-<AWS::AccountId>.auth.<AWS::Region>.amazoncognito.com',
    ]);
    const chosen = synthesizeAsll({ context: { asllSignInDomainPrefix: 'asll-meuse' } });
    try {
      expect(connectSources(chosen.templates.web)).toContain('https://asll-meuse.auth.<AWS::Region>.amazoncognito.com');
    } finally {
      chosen.cleanUp();
    }
  });

  it('lets the pages reach the managed login’s token endpoint, and serves /staff/ as its index page', () => {
    const policy = Object.values(synthesized.templates.web.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    expect(JSON.stringify(policy)).toContain('.amazoncognito.com');
    synthesized.templates.web.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: Match.stringLikeRegexp("request.uri \\+= 'index.html'"),
    });
    synthesized.templates.web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
  });

  it('maps /staff/ to its index page and sends /staff to /staff/, leaving every other address as asked', () => {
    const fn = Object.values(synthesized.templates.web.findResources('AWS::CloudFront::Function'))[0]!;
    // The function's own code, run as CloudFront would run it on a viewer request.
    const handler = new Function(`${fn.Properties.FunctionCode as string}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri?: string; statusCode?: number; headers?: Record<string, { value: string }> };
    expect(handler({ request: { uri: '/staff/' } }).uri).toBe('/staff/index.html');
    expect(handler({ request: { uri: '/' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/staff/assets/app.js' } }).uri).toBe('/staff/assets/app.js');
    expect(handler({ request: { uri: '/config.json' } }).uri).toBe('/config.json');
    const redirect = handler({ request: { uri: '/staff' } });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers?.location?.value).toBe('/staff/');
  });

  it('takes the domain prefix a department chooses, and refuses one Cognito would refuse', () => {
    const chosen = synthesizeAsll({ context: { asllSignInDomainPrefix: 'asll-meuse' } });
    try {
      chosen.templates.stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'asll-meuse' });
    } finally {
      chosen.cleanUp();
    }
    expect(() => synthesizeAsll({ context: { asllSignInDomainPrefix: 'ASLL cognito' } })).toThrow(/asllSignInDomainPrefix/);
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
      auth: {
        authorizeUrl: expect.stringMatching(managedLogin('/oauth2/authorize')),
        tokenUrl: expect.stringMatching(managedLogin('/oauth2/token')),
        revokeUrl: expect.stringMatching(managedLogin('/oauth2/revoke')),
        logoutUrl: expect.stringMatching(managedLogin('/logout')),
        clientId: expect.stringMatching(/^<<marker:[^>]+>>$/),
        redirectUri: expect.stringMatching(/^https:\/\/<<marker:[^>]+>>\/staff\/$/),
        scopes: ['openid', 'email', 'profile'],
      },
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
