import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest.js';
import { synthesizeAsll, type SynthesizedAsll } from './synth.js';

let synthesized: SynthesizedAsll;
beforeAll(() => {
  synthesized = synthesizeAsll();
});
afterAll(() => synthesized.cleanUp());

describe('the stateful stack', () => {
  it('holds one DynamoDB table keyed on PK and SK', () => {
    const template = synthesized.templates.stateful;
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: manifest.table.partitionKey, KeyType: 'HASH' },
        { AttributeName: manifest.table.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it('declares the global secondary indexes of the manifest, with their keys', () => {
    synthesized.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: manifest.table.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('bills the table on demand, with point-in-time recovery and deletion protection', () => {
    synthesized.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('encrypts the table with its own customer-managed KMS key, rotated automatically', () => {
    const template = synthesized.templates.stateful;
    const keys = template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } });
    expect(Object.keys(keys)).toHaveLength(1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [Object.keys(keys)[0], 'Arn'] },
      },
    });
  });

  it('streams new and old images and lets DynamoDB expire items through expiresAt', () => {
    synthesized.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: manifest.table.stream },
      TimeToLiveSpecification: { AttributeName: manifest.table.timeToLiveAttribute, Enabled: true },
    });
  });

  it('retains the table, its key and the user pool when the stack is deleted or replaced', () => {
    const template = synthesized.templates.stateful;
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Cognito::UserPool']) {
      template.hasResource(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('gives its stateful resources generated names only', () => {
    const template = synthesized.templates.stateful;
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: Match.absent() });
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolName: Match.absent() });
    template.resourceCountIs('AWS::KMS::Alias', 0);
  });

  it('lets only the department open accounts, with a strong password and a second factor', () => {
    synthesized.templates.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      DeletionProtection: 'ACTIVE',
    });
  });

  it('opens accounts under a username the department chooses (the staff id), with the e-mail address as an alias', () => {
    synthesized.templates.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AliasAttributes: ['email'],
      UsernameAttributes: Match.absent(),
      UsernameConfiguration: { CaseSensitive: false },
    });
  });

  it('creates the groups worker, manager, analyst and admin', () => {
    const template = synthesized.templates.stateful;
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', manifest.groups.length);
    for (const group of ['worker', 'manager', 'analyst', 'admin']) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
  });

  it('keeps the pages’ sign-in domain with the user pool, on the managed login', () => {
    synthesized.templates.stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    // The client that signs in there needs the pages' address: it lives in the web content stack.
    synthesized.templates.stateful.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });

  it('is protected against termination', () => {
    expect(synthesized.stacks.stateful.terminationProtection).toBe(true);
  });
});
