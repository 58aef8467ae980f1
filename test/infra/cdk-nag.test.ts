import { routes } from '../../infra/manifest.js';
import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAsll, synthesizeAsll, type SynthesizedAsll } from './synth.js';

let synthesized: SynthesizedAsll;
beforeAll(() => {
  // defineAsllApp registers the AwsSolutions pack: this synthesis would throw on any unacknowledged finding.
  synthesized = synthesizeAsll();
});
afterAll(() => synthesized.cleanUp());

/** Every acknowledgement recorded in the construct tree: rule id → reason, with the construct path. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('the cdk-nag AwsSolutions checks', () => {
  it('report no unacknowledged finding on any stack', () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leave a validation report without failure in the cloud assembly', () => {
    const report = JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
    };
    expect(report.pluginReports.filter((plugin) => plugin.conclusion !== 'success')).toEqual([]);
  });

  it('fail the synthesis when a resource breaks a rule without acknowledgement', () => {
    const broken = buildAsll();
    new Bucket(broken.stacks.web, 'UnloggedBucket', { enforceSSL: true });
    expect(() => broken.app.synth()).toThrow(/AwsSolutions-S1/);
    broken.cleanUp();
  });

  it('acknowledge only the reviewed findings, each on the resource it concerns', () => {
    const deploymentHandler = synthesized.stacks.webContent.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    )!.node.path;
    const found = acknowledgements(synthesized.app)
      .filter((acknowledgement) => acknowledgement.id.startsWith('AwsSolutions-'))
      .map(({ path, id }) => `${path} ${id}`)
      .sort();
    expect(found).toEqual(
      [
        'AsllApi/Api/CloudWatchRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        ...['health', 'openapi.json', 'referral-form', 'calendar/{token}'].flatMap((path) =>
          ['GET', 'HEAD'].flatMap((method) => [
            `AsllApi/Api/Default/${path}/${method} AwsSolutions-APIG4`,
            `AsllApi/Api/Default/${path}/${method} AwsSolutions-COG4`,
          ]),
        ),
        'AsllApi/Api/Default/referrals/POST AwsSolutions-APIG4',
        'AsllApi/Api/Default/referrals/POST AwsSolutions-COG4',
        // The fixed 405 answers (MOCK integrations) of every path.
        ...[...new Set(Object.values(routes).map((route) => route.path.slice(1)))].flatMap((path) => [
          `AsllApi/Api/Default/${path}/ANY AwsSolutions-APIG4`,
          `AsllApi/Api/Default/${path}/ANY AwsSolutions-COG4`,
        ]),
        'AsllWeb/AccessLogs AwsSolutions-S1',
        'AsllWeb/Distribution AwsSolutions-CFR1',
        'AsllWeb/Distribution AwsSolutions-CFR2',
        'AsllWeb/Distribution AwsSolutions-CFR4',
        ...[
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Resource::<SiteE53D7754.Arn>/*',
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        ].map((finding) => `AsllWeb/PublisherRole/DefaultPolicy AwsSolutions-IAM5[${finding}]`),
        `${deploymentHandler} AwsSolutions-L1`,
      ].sort(),
    );
  });

  it('explain every acknowledgement in French, in terms a reviewer can check', () => {
    for (const { id, reason } of acknowledgements(synthesized.app)) {
      expect({ id, reason }).toEqual({ id, reason: expect.stringMatching(/^[A-ZÀ-Ý].{60,}[.)]$/s) });
    }
  });
});
