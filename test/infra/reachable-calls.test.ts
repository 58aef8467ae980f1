import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, routes, table, type JobDeclaration, type RouteDeclaration } from '../../infra/manifest.js';
import { bundleEntries, CallAnalyzer, type ReachableCalls } from './reachable-calls.js';
import { functionFor, statementsOf, synthesizeAsll, type SynthesizedAsll } from './synth.js';

/**
 * What each function's bundled code can ask of AWS against what the CDK app lets it do. Locally
 * every function runs in one process with full access to DynamoDB Local, so a call its role does
 * not allow, or a variable its environment lacks, shows only on AWS (AccessDenied, a 500): it is
 * checked here, from the code esbuild bundles, against the synthesized templates.
 */

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = ReturnType<typeof statementsOf>[number];

interface Deployed {
  name: string;
  declaration: RouteDeclaration | JobDeclaration;
  template: () => Template;
  resource: () => Resource;
}

let synthesized: SynthesizedAsll;
const calls = new Map<string, ReachableCalls>();
const externalImports = new Map<string, string[]>();

const deployed: Deployed[] = [
  ...Object.entries(routes as Record<string, RouteDeclaration>).map(([name, route]) => ({
    name,
    declaration: route,
    template: () => synthesized.templates.api,
    resource: () => functionFor(synthesized.templates.api, route.method, route.path).resource,
  })),
  ...Object.entries(jobs as Record<string, JobDeclaration>).map(([name, job]) => ({
    name,
    declaration: job,
    template: () => synthesized.templates.jobs,
    resource: () => {
      const found = Object.values(synthesized.templates.jobs.findResources('AWS::Lambda::Function') as Record<string, Resource>);
      const matches = found.filter((fn) => String(fn.Properties.Description).endsWith(`(tâche planifiée ${name})`));
      expect(matches).toHaveLength(1);
      return matches[0]!;
    },
  })),
];

beforeAll(async () => {
  // Templates without bundling (the roles and environments do not depend on it); one esbuild pass per function.
  synthesized = synthesizeAsll();
  const entries = Object.fromEntries(deployed.map(({ name, declaration }) => [name, declaration.entry]));
  const bundles = await bundleEntries(projectRoot, entries);
  const analyzer = new CallAnalyzer(projectRoot, Object.values(entries));
  for (const bundle of bundles) {
    calls.set(bundle.name, analyzer.analyze(bundle));
    externalImports.set(bundle.name, bundle.externalImports);
  }
}, 300_000);
afterAll(() => synthesized.cleanUp());

const callsOf = (name: string) => calls.get(name)!;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function statements(fn: Deployed): Statement[] {
  return statementsOf(fn.template(), fn.resource()).filter((statement) => statement.Effect === 'Allow');
}

/** The resources an action is allowed on, each as its JSON (ARNs are CloudFormation tokens). */
function resourcesAllowing(fn: Deployed, action: string): string[] {
  return statements(fn)
    .filter((statement) => asList(statement.Action).includes(action))
    .flatMap((statement) => asList(statement.Resource).map((resource) => JSON.stringify(resource)));
}

/** The IAM actions the DynamoDB calls take: a transaction is authorized item by item (DynamoDB developer guide). */
function tableActionsNeeded(reached: ReachableCalls): string[] {
  const actions = new Set<string>();
  for (const operation of reached.dynamodb) {
    if (operation === 'TransactWriteItems') {
      const perItem = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
      for (const kind of reached.transactionItems) actions.add(`dynamodb:${perItem[kind as keyof typeof perItem]}`);
    } else if (operation === 'TransactGetItems') actions.add('dynamodb:GetItem');
    else actions.add(`dynamodb:${operation}`);
  }
  return [...actions].sort();
}

const dynamodbWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

describe('what each function’s code calls, against what its role allows', () => {
  it('finds the calls of the code in every bundle (the analysis sees the store, the SDK commands are bundled)', () => {
    for (const fn of deployed) {
      const reached = callsOf(fn.name);
      if (fn.declaration.table === 'none') expect(reached.dynamodb.size, fn.name).toBe(0);
      else expect(reached.dynamodb.has('GetItem'), fn.name).toBe(true);
      for (const operation of reached.dynamodb) {
        expect(reached.bundledCommands, `${fn.name}: ${operation}`).toContain(`client-dynamodb/${operation}Command`);
      }
    }
  });

  it.each(deployed.map((fn) => [fn.name, fn] as const))(
    'lets %s make every DynamoDB call its code can make, on the table',
    (_name, fn) => {
      const reached = callsOf(fn.name);
      for (const action of tableActionsNeeded(reached)) {
        const resources = resourcesAllowing(fn, action);
        expect(
          resources.some((resource) => !resource.includes('/index/')),
          `${fn.name}: ${action}`,
        ).toBe(true);
      }
    },
  );

  it('grants no DynamoDB action that the code of no function can take', () => {
    const reachedAnywhere = new Set(deployed.flatMap((fn) => tableActionsNeeded(callsOf(fn.name))));
    const granted = new Set(
      deployed.flatMap((fn) =>
        statements(fn).flatMap((statement) =>
          asList(statement.Action).filter((action) => String(action).startsWith('dynamodb:')),
        ),
      ),
    );
    expect([...granted].filter((action) => !reachedAnywhere.has(String(action))).sort()).toEqual([]);
  });

  it.each(deployed.map((fn) => [fn.name, fn] as const))('lets %s query every index its code names', (_name, fn) => {
    const reached = callsOf(fn.name);
    if (!reached.dynamodb.has('Query')) return;
    const names = table.globalSecondaryIndexes.map((index) => index.indexName as string);
    // The analysis only reports index names of the manifest's table: a typo there would go unseen.
    expect(names).toEqual(expect.arrayContaining([...reached.indexes]));
    const resources = resourcesAllowing(fn, 'dynamodb:Query');
    for (const index of reached.indexes) {
      expect(
        resources.some((resource) => resource.includes(`/index/${index}"`)),
        `${fn.name}: Query on ${index}`,
      ).toBe(true);
    }
  });

  it.each(deployed.map((fn) => [fn.name, fn] as const))(
    'lets %s use the table’s key for what it reads and writes, through DynamoDB only',
    (_name, fn) => {
      const needed = tableActionsNeeded(callsOf(fn.name));
      if (needed.length === 0) return;
      const kms = statements(fn).filter((statement) =>
        asList(statement.Action).some((action) => String(action).startsWith('kms:')),
      );
      const allowed = kms.flatMap((statement) => asList(statement.Action));
      expect(allowed).toContain('kms:Decrypt');
      if (needed.some((action) => dynamodbWrites.includes(action))) expect(allowed).toContain('kms:GenerateDataKey');
      for (const statement of kms) expect(JSON.stringify(statement)).toContain('kms:ViaService');
    },
  );

  it.each(deployed.map((fn) => [fn.name, fn] as const))(
    'lets %s make every signed call of its code (Cognito, SES), and no other function any',
    (_name, fn) => {
      const reached = callsOf(fn.name);
      const granted = statements(fn)
        .flatMap((statement) => asList(statement.Action).map(String))
        .filter((action) => action.startsWith('cognito-idp:') || action.startsWith('ses:'));
      expect([...reached.signedCalls].sort()).toEqual(granted.sort());
      // The signed calls go through functions/shared/aws-json.ts, never an SDK client that would add its own operations.
      expect([...reached.bundledCommands].filter((command) => !command.includes('dynamodb'))).toEqual([]);
    },
  );

  const readOnly = deployed.filter((fn) => fn.declaration.table === 'read' || fn.declaration.table === 'readjournal');

  it.each(readOnly.map((fn) => [fn.name, fn] as const))(
    'leaves %s, declared read-only, no write to reach but the journal’s entries',
    (_name, fn) => {
      const reached = callsOf(fn.name);
      const writes = tableActionsNeeded(reached).filter((action) => dynamodbWrites.includes(action));
      expect(writes).toEqual(fn.declaration.table === 'readjournal' ? ['dynamodb:PutItem'] : []);
      expect(reached.dynamodb.has('TransactWriteItems')).toBe(false);
    },
  );

  it.each(deployed.filter((fn) => fn.declaration.table === 'readwrite').map((fn) => [fn.name, fn] as const))(
    'declares %s read-write because its code does write',
    (_name, fn) => {
      const writes = tableActionsNeeded(callsOf(fn.name)).filter((action) => dynamodbWrites.includes(action));
      expect(writes.length).toBeGreaterThan(0);
    },
  );
});

describe('what each bundle still imports when it runs', () => {
  // The asset holds index.mjs and, for a function that declares them, its lazy modules: no node_modules.
  it.each(deployed.map((fn) => [fn.name, fn] as const))(
    'leaves %s only Node’s own modules and the lazy modules its manifest entry ships beside it',
    (_name, fn) => {
      const declared: readonly string[] = ('lazy' in fn.declaration && fn.declaration.lazy) || [];
      const unshipped = externalImports
        .get(fn.name)!
        .filter((path) => !path.startsWith('node:') && !builtinModules.includes(path) && !declared.includes(path));
      expect(unshipped).toEqual([]);
    },
  );
});

/** Set by Lambda itself in every function's environment (Lambda developer guide, "Defined runtime environment variables"). */
const setByLambda = ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_FUNCTION_NAME'];

/** Read with a fallback, and left unset on AWS where the fallback is the right value. */
const optionalOnAws: Record<string, string> = {
  LOG_LEVEL: 'info by default (functions/shared/logger.ts)',
  DYNAMODB_ENDPOINT: 'the local runtime’s DynamoDB Local only; absent, the SDK uses the regional endpoint',
  WEB_ORIGIN: 'for the routes, the CORS origin stands for it (lib/config.ts); the jobs are given it',
  ALLOWED_ORIGIN: 'for the jobs, which answer no browser; the routes are given it',
  ASLL_STATS_THRESHOLD: 'defaults to the disclosure module’s threshold',
  ASLL_STATS_ONGOING: 'defaults to provisional figures for a period under way (API.md)',
};

describe('what each function’s code reads from its environment', () => {
  it.each(deployed.map((fn) => [fn.name, fn] as const))(
    'gives %s every variable its code reads that has no fallback',
    (_name, fn) => {
      const variables = (fn.resource().Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const missing = [...callsOf(fn.name).environment].filter(
        (name) => !(name in variables) && !setByLambda.includes(name) && !(name in optionalOnAws),
      );
      expect(missing).toEqual([]);
    },
  );
});

describe('the path parameters', () => {
  it.each(Object.entries(routes as Record<string, RouteDeclaration>))(
    'are read by %s under the names its API Gateway resource declares',
    (name, route) => {
      const declared = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      expect([...callsOf(name).pathParameters].sort()).toEqual(declared.sort());
    },
  );
});
