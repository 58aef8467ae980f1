import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firewallLimits, stageName, throttling } from '../../infra/aws/api-stack.js';
import { gatewayErrors } from '../../infra/gateway-errors.js';
import { allowedMethods, routes, type RouteDeclaration, type RouteId } from '../../infra/manifest.js';
import { actionsOf, functionFor, statementsOf, synthesizeAsll, type SynthesizedAsll } from './synth.js';

let synthesized: SynthesizedAsll;
let api: Template;
beforeAll(() => {
  synthesized = synthesizeAsll();
  api = synthesized.templates.api;
});
afterAll(() => synthesized.cleanUp());

const routeList = Object.entries(routes) as [RouteId, RouteDeclaration][];
const protectedRoutes = routeList.filter(([, route]) => route.access !== 'public');
const publicRoutes = routeList.filter(([, route]) => route.access === 'public');

const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:TransactWriteItems',
  'dynamodb:*',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];

function tableStatements(route: RouteDeclaration) {
  const fn = functionFor(api, route.method, route.path);
  return statementsOf(api, fn.resource).filter((statement) =>
    actionsOf([statement]).some((action) => action.startsWith('dynamodb:') || action.startsWith('kms:')),
  );
}

/** The API Gateway method whose integration calls the route's function. */
function methodFor(route: RouteDeclaration): Record<string, unknown> {
  const fn = functionFor(api, route.method, route.path);
  const methods = Object.values(
    api.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: route.method } }),
  ).filter((method) => JSON.stringify(method.Properties.Integration).includes(`"${fn.logicalId}"`));
  expect(methods).toHaveLength(1);
  return methods[0]!.Properties as Record<string, unknown>;
}

function environmentOf(route: RouteDeclaration): Record<string, unknown> {
  const fn = functionFor(api, route.method, route.path);
  return (fn.resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

describe('the functions', () => {
  it('deploys one function per route of the manifest', () => {
    api.resourceCountIs('AWS::Lambda::Function', routeList.length);
  });

  it.each(routeList)('runs %s on Node.js 24, arm64, from the esbuild bundle of its entry', (_id, route) => {
    const fn = functionFor(api, route.method, route.path);
    expect(fn.resource.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
  });

  it('passes the department policy to every function', () => {
    for (const [, route] of routeList) expect(environmentOf(route).ASLL_POLICY).toBe('meuse');
  });

  it('gives the table name only to the functions that use the table', () => {
    for (const [, route] of routeList) {
      if (route.table === 'none') expect(environmentOf(route)).not.toHaveProperty('TABLE_NAME');
      else expect(environmentOf(route)).toHaveProperty('TABLE_NAME');
    }
  });

  it('grants the list-referrals function reads and the put of its journal entries, no other write', () => {
    const actions = actionsOf(tableStatements(routes.listReferrals));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'kms:Decrypt']));
    for (const action of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'])
      expect(actions).not.toContain(action);
  });

  it('lets the health check read the table (one fixed key), never write it', () => {
    const actions = actionsOf(tableStatements(routes.health));
    expect(actions).toContain('dynamodb:GetItem');
    for (const action of writeActions) expect(actions).not.toContain(action);
  });

  it('grants the create-referral function read and write access to the table', () => {
    const actions = actionsOf(tableStatements(routes.createReferral));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']));
  });

  it.each(routeList)('grants %s exactly the table access its manifest entry declares', (_id, route) => {
    const actions = actionsOf(tableStatements(route));
    if (route.table === 'none') expect(actions).toEqual([]);
    if (route.table === 'read') for (const action of writeActions) expect(actions).not.toContain(action);
    if (route.table === 'readjournal') expect(actions).not.toContain('dynamodb:UpdateItem');
    if (route.table !== 'none' && route.table !== 'read') expect(actions).toContain('dynamodb:PutItem');
  });

  it('never lets a function scan the table', () => {
    for (const [, route] of routeList) expect(actionsOf(tableStatements(route))).not.toContain('dynamodb:Scan');
  });

  it('names the table and its indexes instead of granting on a wildcard resource', () => {
    for (const [, route] of routeList) {
      const fn = functionFor(api, route.method, route.path);
      for (const statement of statementsOf(api, fn.resource)) expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
    const resources = JSON.stringify(tableStatements(routes.listReferrals).map((statement) => statement.Resource));
    expect(resources).toContain('/index/GSI1');
    expect(resources).toContain('/index/GSI2');
  });

  it('uses the table key only through DynamoDB', () => {
    const keyStatement = tableStatements(routes.listReferrals).find((statement) =>
      actionsOf([statement]).includes('kms:Decrypt'),
    );
    expect(keyStatement).toMatchObject({ Condition: { StringEquals: { 'kms:ViaService': expect.anything() } } });
  });

  it('lets the staff function manage user-pool accounts with exactly the actions it sends, on the pool alone', () => {
    const fn = functionFor(api, routes.putStaff.method, routes.putStaff.path);
    const statements = statementsOf(api, fn.resource).filter((statement) =>
      actionsOf([statement]).some((action) => action.startsWith('cognito-idp:')),
    );
    expect(statements).toHaveLength(1);
    expect([...actionsOf(statements)].sort()).toEqual([
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:AdminUpdateUserAttributes',
    ]);
    expect(statements[0]).toMatchObject({
      Effect: 'Allow',
      Resource: {
        'Fn::GetStackOutput': { StackName: 'AsllStateful', OutputName: expect.stringMatching(/GetAttUserPool\w*Arn/) },
      },
    });
    expect(environmentOf(routes.putStaff).USER_POOL_ID).toMatchObject({
      'Fn::GetStackOutput': { StackName: 'AsllStateful', OutputName: expect.stringMatching(/RefUserPool/) },
    });
  });

  it('gives no other function any user-pool action or the user pool id', () => {
    for (const [id, route] of routeList.filter(([id]) => id !== 'putStaff')) {
      const fn = functionFor(api, route.method, route.path);
      expect(
        actionsOf(statementsOf(api, fn.resource)).filter((action) => action.startsWith('cognito-idp:')),
        id,
      ).toEqual([]);
      expect(environmentOf(route), id).not.toHaveProperty('USER_POOL_ID');
    }
  });

  it('attaches no AWS managed policy to the functions’ roles', () => {
    for (const [, route] of routeList) {
      const fn = functionFor(api, route.method, route.path);
      const roleId = (fn.resource.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      const role = api.findResources('AWS::IAM::Role')[roleId]!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('writes each function’s logs to its own log group, kept three months', () => {
    for (const [, route] of routeList) {
      const fn = functionFor(api, route.method, route.path);
      const logGroupRef = (fn.resource.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(api.findResources('AWS::Logs::LogGroup')[logGroupRef]).toMatchObject({
        Properties: { RetentionInDays: 90 },
        DeletionPolicy: 'Retain',
      });
    }
  });
});

describe('the REST API', () => {
  it('protects every non-public route with the Cognito user-pool authorizer', () => {
    const authorizers = api.findResources('AWS::ApiGateway::Authorizer', {
      Properties: { Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization' },
    });
    expect(Object.keys(authorizers)).toHaveLength(1);
    expect(JSON.stringify(Object.values(authorizers)[0]!.Properties.ProviderARNs)).toContain('UserPool');
    for (const [, route] of protectedRoutes) {
      expect(methodFor(route)).toMatchObject({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: Object.keys(authorizers)[0] },
      });
    }
  });

  it('leaves the public routes without an authorizer', () => {
    expect(publicRoutes.map(([id]) => id)).toEqual(['health', 'openapi', 'referralForm', 'createReferral', 'getCalendar']);
    for (const [, route] of publicRoutes) {
      const method = methodFor(route);
      expect(method.AuthorizationType).toBe('NONE');
      expect(method).not.toHaveProperty('AuthorizerId');
    }
  });

  it(`serves the contract on the ${stageName} stage`, () => {
    api.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: stageName });
  });

  it('throttles the stage and holds POST /referrals to a stricter method-level limit', () => {
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: throttling.stage.rateLimit,
          ThrottlingBurstLimit: throttling.stage.burstLimit,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
        Match.objectLike({
          HttpMethod: 'POST',
          ResourcePath: '/~1referrals',
          ThrottlingRateLimit: throttling.publicWrite.rateLimit,
          ThrottlingBurstLimit: throttling.publicWrite.burstLimit,
          LoggingLevel: 'ERROR',
        }),
      ]),
    });
    expect(throttling.publicWrite.rateLimit).toBeLessThan(throttling.stage.rateLimit);
  });

  it('logs every request to an access log group kept one year', () => {
    const stage = Object.values(api.findResources('AWS::ApiGateway::Stage'))[0]!;
    const setting = stage.Properties.AccessLogSetting as { DestinationArn: unknown; Format: string };
    const logGroups = api.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365 } });
    expect(Object.keys(logGroups)).toHaveLength(1);
    expect(JSON.stringify(setting.DestinationArn)).toContain(Object.keys(logGroups)[0]);
    expect(JSON.parse(setting.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('keeps API Gateway’s execution logs three months, in the group API Gateway writes to, created before the stage', () => {
    const stage = Object.values(api.findResources('AWS::ApiGateway::Stage'))[0]!;
    const [restApiId] = Object.keys(api.findResources('AWS::ApiGateway::RestApi'));
    const named = Object.entries(api.findResources('AWS::Logs::LogGroup')).filter(([, group]) =>
      JSON.stringify(group.Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'),
    );
    expect(named).toHaveLength(1);
    const [groupId, group] = named[0]!;
    expect(group).toMatchObject({ Properties: { RetentionInDays: 90 }, DeletionPolicy: 'Retain' });
    // The name API Gateway uses: API-Gateway-Execution-Logs_{rest-api-id}/{stage}.
    expect(group.Properties.LogGroupName).toEqual({
      'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: restApiId }, `/${stageName}`]],
    });
    expect(stage.Properties.StageName).toBe(stageName);
    expect(stage.DependsOn).toContain(groupId);
  });

  it('checks at the edge that bodies are JSON and that path parameters are present', () => {
    api.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    for (const route of [routes.decideReferral, routes.putStaff]) {
      expect(methodFor(route)).toMatchObject({
        RequestParameters: { 'method.request.path.id': true },
        RequestModels: { 'application/json': expect.anything() },
      });
    }
    // A POST declared without a body is not held to a JSON model: an empty request must reach its function.
    expect(methodFor(routes.completeTask)).toMatchObject({ RequestParameters: { 'method.request.path.id': true } });
    expect(methodFor(routes.completeTask)).not.toHaveProperty('RequestModels');
  });

  it('allows cross-origin calls only from the web distribution, and tells the functions so', () => {
    const origin = environmentOf(routes.health).ALLOWED_ORIGIN as { 'Fn::Join': [string, unknown[]] };
    const distributionDomain = origin['Fn::Join'][1][1];
    expect(origin).toEqual({ 'Fn::Join': ['', ['https://', distributionDomain]] });
    expect(distributionDomain).toMatchObject({
      'Fn::GetStackOutput': { StackName: 'AsllWeb', OutputName: expect.stringMatching(/^\w*Distribution\w*DomainName\w*$/) },
    });
    for (const [, route] of routeList) expect(environmentOf(route).ALLOWED_ORIGIN).toEqual(origin);

    const preflights = Object.values(api.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }));
    expect(preflights.length).toBeGreaterThanOrEqual(routeList.length - 1);
    for (const preflight of preflights) {
      const [response] = (preflight.Properties.Integration as { IntegrationResponses: { ResponseParameters: object }[] })
        .IntegrationResponses;
      expect(response?.ResponseParameters).toMatchObject({
        'method.response.header.Access-Control-Allow-Origin': { 'Fn::Join': ['', ["'https://", distributionDomain, "'"]] },
        'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type,Idempotency-Key'",
        'method.response.header.Access-Control-Allow-Methods': "'GET,POST,PUT,OPTIONS'",
      });
    }
  });
});

/** The path API Gateway gives a method: `Resource` → its `PathPart`s up to the root. */
function pathOf(resourceId: unknown): string {
  const resources = api.findResources('AWS::ApiGateway::Resource');
  const parts: string[] = [];
  let current = resourceId as { Ref?: string } | undefined;
  while (current?.Ref && resources[current.Ref]) {
    const resource = resources[current.Ref]!.Properties as { PathPart: string; ParentId: { Ref?: string } };
    parts.unshift(resource.PathPart);
    current = resource.ParentId;
  }
  return `/${parts.join('/')}`;
}

function methodsOf(httpMethod: string): { path: string; properties: Record<string, any> }[] {
  return Object.values(api.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: httpMethod } })).map(
    (method) => ({ path: pathOf(method.Properties.ResourceId), properties: method.Properties as Record<string, any> }),
  );
}

describe('the statistics downloads', () => {
  it('declares the spreadsheets binary, so that API Gateway turns the function’s base64 back into bytes', () => {
    const restApi = Object.values(api.findResources('AWS::ApiGateway::RestApi'))[0]!;
    expect(restApi.Properties.BinaryMediaTypes).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.oasis.opendocument.spreadsheet',
    ]);
  });

  it('declares no wildcard binary type, which would turn every JSON body and every MOCK answer binary', () => {
    const restApi = Object.values(api.findResources('AWS::ApiGateway::RestApi'))[0]!;
    for (const mediaType of restApi.Properties.BinaryMediaTypes as string[]) expect(mediaType).not.toContain('*');
  });

  it('lets GET /stats read the table and write nothing, with the default threshold of 5', () => {
    const actions = actionsOf(tableStatements(routes.getStats));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const action of writeActions) expect(actions).not.toContain(action);
    expect(environmentOf(routes.getStats).ASLL_STATS_THRESHOLD).toBe('5');
    expect(actionsOf(tableStatements(routes.getStatsCatalogue))).toEqual([]);
  });
});

describe('methods API Gateway answers beyond the routes', () => {
  it('answers HEAD on every GET route with the same function and the same authorizer', () => {
    const getRoutes = routeList.filter(([, route]) => route.method === 'GET');
    const heads = methodsOf('HEAD');
    expect(heads.map(({ path }) => path).sort()).toEqual(getRoutes.map(([, route]) => route.path).sort());
    for (const [, route] of getRoutes) {
      const get = methodFor(route);
      const head = heads.find(({ path }) => path === route.path)!.properties;
      expect(head.Integration).toEqual(get.Integration);
      expect(head.AuthorizationType).toBe(get.AuthorizationType);
      expect(head.AuthorizerId).toEqual(get.AuthorizerId);
    }
  });

  it('answers any other method on a known path with 405, the contract’s error shape and an Allow header', () => {
    const anys = methodsOf('ANY');
    const paths = [...new Set(routeList.map(([, route]) => route.path))];
    expect(anys.map(({ path }) => path).sort()).toEqual([...paths].sort());
    for (const { path, properties } of anys) {
      expect(properties.AuthorizationType).toBe('NONE');
      expect(properties.Integration.Type).toBe('MOCK');
      const [response] = properties.Integration.IntegrationResponses as {
        StatusCode: string;
        SelectionPattern?: string;
        ResponseParameters: Record<string, unknown>;
        ResponseTemplates: Record<string, string>;
      }[];
      expect(response!.StatusCode).toBe('405');
      expect(response!.SelectionPattern).toBeUndefined();
      expect(response!.ResponseParameters['method.response.header.Allow']).toBe(`'${allowedMethods(path).join(', ')}'`);
      expect(response!.ResponseParameters).toHaveProperty(['method.response.header.Access-Control-Allow-Origin']);
      expect(JSON.parse(response!.ResponseTemplates['application/json']!)).toEqual({
        error: { code: 'METHOD_NOT_ALLOWED', message: gatewayErrors.methodNotAllowed.message, details: [] },
      });
      expect(properties.MethodResponses).toEqual([
        expect.objectContaining({
          StatusCode: '405',
          ResponseParameters: expect.objectContaining({ 'method.response.header.Allow': true }),
        }),
      ]);
    }
    expect(allowedMethods('/referrals')).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST']);
    expect(allowedMethods('/referrals/{id}/decision')).toEqual(['OPTIONS', 'POST']);
  });
});

describe('the errors API Gateway answers itself', () => {
  const expected = [
    { type: 'UNAUTHORIZED', status: '401', ...gatewayErrors.unauthorized },
    { type: 'ACCESS_DENIED', status: '403', code: 'FORBIDDEN' },
    { type: 'MISSING_AUTHENTICATION_TOKEN', status: '404', ...gatewayErrors.notFound },
    { type: 'THROTTLED', status: '429', code: 'THROTTLED' },
    { type: 'REQUEST_TOO_LARGE', status: '413', ...gatewayErrors.tooLarge },
    { type: 'BAD_REQUEST_BODY', status: '400', code: 'MALFORMED_JSON' },
    { type: 'DEFAULT_4XX', status: undefined, code: 'REQUEST_REJECTED' },
    { type: 'DEFAULT_5XX', status: undefined, code: 'INTERNAL' },
  ];

  it.each(expected)('answers $type with status $status and the contract’s error shape', ({ type, status, code }) => {
    const responses = Object.values(
      api.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: type } }),
    );
    expect(responses).toHaveLength(1);
    const properties = responses[0]!.Properties as { StatusCode?: string; ResponseTemplates: Record<string, string> };
    expect(properties.StatusCode).toBe(status);
    const body = JSON.parse(properties.ResponseTemplates['application/json']!) as unknown;
    expect(body).toEqual({ error: { code, message: expect.any(String), details: [] } });
  });

  it('speaks French, with the same words as the local runtime', () => {
    for (const { type, message } of expected.filter((error) => 'message' in error) as { type: string; message: string }[]) {
      api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseTemplates: {
          'application/json': Match.serializedJson(Match.objectLike({ error: Match.objectLike({ message }) })),
        },
      });
    }
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED',
      ResponseTemplates: {
        'application/json': Match.serializedJson({
          error: { code: 'THROTTLED', message: Match.stringLikeRegexp('réessayez'), details: [] },
        }),
      },
    });
  });

  it('tells a client without a valid token to send a bearer token (WWW-Authenticate on the 401)', () => {
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" }),
    });
  });

  it('lets the web pages read those errors (CORS header on every gateway response)', () => {
    for (const response of Object.values(api.findResources('AWS::ApiGateway::GatewayResponse'))) {
      expect(response.Properties.ResponseParameters).toHaveProperty(['gatewayresponse.header.Access-Control-Allow-Origin']);
    }
  });
});

describe('the web application firewall', () => {
  it('is a regional web ACL with a per-IP rate rule answering 429', () => {
    api.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Statement: {
            RateBasedStatement: {
              AggregateKeyType: 'IP',
              EvaluationWindowSec: 300,
              Limit: firewallLimits.requestsPerIpPer5Minutes,
            },
          },
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429 }) } },
        }),
      ]),
    });
  });

  it('holds POST /referrals to a lower rate per IP address', () => {
    api.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            RateBasedStatement: Match.objectLike({
              AggregateKeyType: 'IP',
              Limit: firewallLimits.publicWritesPerIpPer5Minutes,
              ScopeDownStatement: {
                AndStatement: {
                  Statements: [
                    { ByteMatchStatement: Match.objectLike({ FieldToMatch: { Method: {} }, SearchString: 'POST' }) },
                    {
                      RegexMatchStatement: Match.objectLike({
                        FieldToMatch: { UriPath: {} },
                        TextTransformations: [
                          { Priority: 0, Type: 'URL_DECODE' },
                          { Priority: 1, Type: 'NORMALIZE_PATH' },
                        ],
                      }),
                    },
                  ],
                },
              },
            }),
          },
        }),
      ]),
    });
  });

  it('counts POST /referrals however the path is written, as API Gateway routes it: trailing slash, percent-encoding', () => {
    const acl = Object.values(api.findResources('AWS::WAFv2::WebACL'))[0]!;
    type Scoped = { Statement: { RateBasedStatement?: { ScopeDownStatement?: { AndStatement: { Statements: unknown[] } } } } };
    const scoped = (acl.Properties.Rules as Scoped[]).filter((rule) => rule.Statement.RateBasedStatement?.ScopeDownStatement);
    expect(scoped).toHaveLength(1);
    const pathMatch = scoped[0]!.Statement.RateBasedStatement!.ScopeDownStatement!.AndStatement.Statements.find(
      (statement) => 'RegexMatchStatement' in (statement as object),
    ) as { RegexMatchStatement: { RegexString: string } };
    // WAF decodes then normalizes before it matches (the transformations above): the pattern sees decoded paths.
    const pattern = new RegExp(pathMatch.RegexMatchStatement.RegexString);
    for (const path of [`/${stageName}/referrals`, `/${stageName}/referrals/`]) expect(path).toMatch(pattern);
    for (const path of [`/${stageName}/referrals/abc/decision`, `/${stageName}/referrals-x`, `/x/${stageName}/referrals`]) {
      expect(path).not.toMatch(pattern);
    }
  });

  it('answers throttled requests in the contract’s error shape', () => {
    const acl = Object.values(api.findResources('AWS::WAFv2::WebACL'))[0]!;
    const bodies = acl.Properties.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
    const [body] = Object.values(bodies);
    expect(body?.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body!.Content)).toEqual({ error: { code: 'THROTTLED', message: expect.any(String), details: [] } });
  });

  it('is associated with the API stage', () => {
    const [aclId] = Object.keys(api.findResources('AWS::WAFv2::WebACL'));
    const [stageId] = Object.keys(api.findResources('AWS::ApiGateway::Stage'));
    const [association] = Object.values(api.findResources('AWS::WAFv2::WebACLAssociation'));
    expect(association?.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(association?.Properties.ResourceArn)).toContain(`{"Ref":"${stageId}"}`);
  });
});
