import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { defineAsllApp, type AsllStacks } from '../../infra/aws/asll-app.js';

/** The context `npm run synth` runs with (feature flags, policy), so that tests see the same templates. */
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface SynthOptions {
  /** Stack paths whose functions esbuild really bundles; none by default (bundling has its own test). */
  bundle?: string[];
  context?: Record<string, unknown>;
}

export interface SynthesizedAsll extends AsllApp {
  templates: { stateful: Template; web: Template; api: Template; webContent: Template; jobs: Template };
}

export interface AsllApp {
  app: App;
  stacks: AsllStacks;
  outdir: string;
  /** Deletes the cloud assembly. */
  cleanUp: () => void;
}

/** Builds the app as `cdk synth` does (cdk.json's context, cdk-nag included), into a temporary cloud assembly. */
export function buildAsll(options: SynthOptions = {}): AsllApp {
  const outdir = mkdtempSync(join(tmpdir(), 'asll-cdk-'));
  const app = new App({
    outdir,
    context: { ...cdkJson.context, [BUNDLING_STACKS]: options.bundle ?? [], ...options.context },
  });
  const cleanUp = () => rmSync(outdir, { recursive: true, force: true });
  try {
    return { app, stacks: defineAsllApp(app), outdir, cleanUp };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/** Builds and synthesizes the app: once per test file, every test reads the same templates. */
export function synthesizeAsll(options: SynthOptions = {}): SynthesizedAsll {
  const built = buildAsll(options);
  built.app.synth();
  const { stacks } = built;
  return {
    ...built,
    templates: {
      stateful: Template.fromStack(stacks.stateful),
      web: Template.fromStack(stacks.web),
      api: Template.fromStack(stacks.api),
      webContent: Template.fromStack(stacks.webContent),
      jobs: Template.fromStack(stacks.jobs),
    },
  };
}

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** The function that serves `method path`, found by the description the API stack gives it. */
export function functionFor(template: Template, method: string, path: string): { logicalId: string; resource: Resource } {
  const suffix = `(${method} ${path})`;
  const matches = Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(
    ([, resource]) => String(resource.Properties.Description).endsWith(suffix),
  );
  if (matches.length !== 1) throw new Error(`expected one function for ${method} ${path}, found ${matches.length}`);
  const [logicalId, resource] = matches[0]!;
  return { logicalId, resource };
}

/** Every statement of the IAM policies attached to a function's role. */
export function statementsOf(template: Template, functionResource: Resource): Statement[] {
  const role = functionResource.Properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleId = role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((reference) => reference.Ref === roleId),
  );
  return policies.flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

export function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
}
