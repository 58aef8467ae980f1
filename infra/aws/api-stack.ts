import { resolve } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  JsonSchemaVersion,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  MockIntegration,
  PassthroughBehavior,
  RestApi,
  type MethodDeploymentOptions,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { PolicyId } from '../../lib/domain/policies.js';
import { statisticsMediaTypes } from '../../lib/domain/statistics/table.js';
import { gatewayErrors } from '../gateway-errors.js';
import { allowedMethods, cors, methodsWithBody, type RouteDeclaration, type RouteId } from '../manifest.js';
import { ApiFirewall } from './constructs/api-firewall.js';
import { AsllFunction, type TableHandle } from './constructs/asll-function.js';
import { addGatewayResponses, errorBody } from './gateway-responses.js';
import type { OngoingMode } from '../../lib/domain/statistics/publication.js';

export interface ApiStackProps extends StackProps {
  readonly routes: Readonly<Record<RouteId, RouteDeclaration>>;
  readonly projectRoot: string;
  readonly policy: PolicyId;
  readonly table: TableHandle;
  readonly userPool: IUserPool;
  /** The web pages' origin (https://…), the only one allowed by CORS. */
  readonly allowedOrigin: string;
  /** The statistics' disclosure threshold (context `asllStatsThreshold`), given to the functions as ASLL_STATS_THRESHOLD. */
  readonly statsThreshold: number;
  /** What the statistics show of a period under way (context `asllStatsOngoing`), given as ASLL_STATS_ONGOING. */
  readonly statsOngoing: OngoingMode;
}

/**
 * The media types API Gateway hands back as bytes: the spreadsheets of `GET /stats`, which the
 * function returns base64-encoded (`isBase64Encoded`). API Gateway decodes them when the request's
 * FIRST `Accept` media type is one of these, so a client asks `Accept: <the file's type>`; with
 * another first type it gets the base64 text. Not the wildcard of every type: that would also make
 * every request body binary, and the MOCK integrations (CORS preflights, the 405s) would then fail to
 * map their templates (500).
 */
export const binaryMediaTypes = [statisticsMediaTypes.xlsx, statisticsMediaTypes.ods];

/** Stage name, and the version of API.md's contract it serves. */
export const stageName = 'v1';

/** Limits, per second, for the whole stage and for the public routes that write (anyone may call them). */
export const throttling = {
  stage: { rateLimit: 50, burstLimit: 100 },
  publicWrite: { rateLimit: 1, burstLimit: 5 },
} as const;

/** Per-IP limits at the firewall, over five minutes; generous overall, as a team may share one office address. */
export const firewallLimits = { requestsPerIpPer5Minutes: 3000, publicWritesPerIpPer5Minutes: 20 } as const;

// Execution logs: errors only, and never the bodies (they hold households' personal data).
const methodLogging = { loggingLevel: MethodLoggingLevel.ERROR, dataTraceEnabled: false, metricsEnabled: true } as const;

const functionLogRetention = RetentionDays.THREE_MONTHS;
const accessLogRetention = RetentionDays.ONE_YEAR;

/** Media types the 405 mock takes a body in (no body is read as JSON by API Gateway). */
const methodNotAllowedMediaTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

function isPublicWrite(route: RouteDeclaration): boolean {
  return route.access === 'public' && route.method === 'POST';
}

function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}

/** `createReferral` → `CreateReferral`: construct ids that read like the route. */
function constructId(routeId: string): string {
  return routeId.charAt(0).toUpperCase() + routeId.slice(1);
}

/**
 * The HTTP API of API.md: a REST API (WAF, per-method throttling, request validation), one function
 * per route of the manifest, a Cognito authorizer on every route that is not public, and errors that
 * API Gateway answers itself in the contract's shape.
 */
export class ApiStack extends Stack {
  readonly api: RestApi;
  readonly functions: Readonly<Record<RouteId, AsllFunction>>;
  /** Base URL of the API, without a trailing slash: what `config.json` gives the web pages. */
  readonly apiBaseUrl: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const routeEntries = Object.entries(props.routes) as [RouteId, RouteDeclaration][];

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: accessLogRetention, removalPolicy: RemovalPolicy.RETAIN });

    const methodOptions: Record<string, MethodDeploymentOptions> = {};
    for (const [, route] of routeEntries.filter(([, route]) => isPublicWrite(route))) {
      // A method's settings replace the stage's rather than inherit them: logging and metrics are repeated.
      methodOptions[`${route.path}/${route.method}`] = {
        ...methodLogging,
        throttlingRateLimit: throttling.publicWrite.rateLimit,
        throttlingBurstLimit: throttling.publicWrite.burstLimit,
      };
    }

    this.api = new RestApi(this, 'Api', {
      description: 'API ASLL (accompagnement social lié au logement) : saisines, mesures, échéances, statistiques',
      endpointTypes: [EndpointType.REGIONAL],
      binaryMediaTypes,
      // Execution logs need the account-level role; its AWS managed policy is acknowledged below.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName,
        throttlingRateLimit: throttling.stage.rateLimit,
        throttlingBurstLimit: throttling.stage.burstLimit,
        methodOptions,
        ...methodLogging,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            sourceIp: AccessLogField.contextIdentitySourceIp(),
            caller: AccessLogField.contextAuthorizerClaims('sub'),
            httpMethod: AccessLogField.contextHttpMethod(),
            resourcePath: AccessLogField.contextResourcePath(),
            status: AccessLogField.contextStatus(),
            errorType: AccessLogField.contextErrorResponseType(),
            wafStatus: AccessLogField.contextWafResponseCode(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
          }),
        ),
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [props.allowedOrigin],
        allowMethods: [...cors.allowMethods],
        allowHeaders: [...cors.allowHeaders],
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });
    const cloudWatchRole = this.api.node.findChild('CloudWatchRole');
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'Rôle de compte exigé par API Gateway pour écrire ses journaux d’exécution ; la politique gérée AWS est celle ' +
        'prévue à cet effet et ne permet que l’écriture dans CloudWatch Logs.',
    });

    // API Gateway writes its execution logs to a group it names and creates itself on first use, kept
    // forever: created here first, with the functions' retention. The stage waits for it, so that no
    // request can make API Gateway create it in between.
    const executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stageName}`,
      retention: functionLogRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);

    addGatewayResponses(this.api, props.allowedOrigin);

    // Bodies are checked to be JSON at the edge; their schema is the functions' job, which answer 422 with details.
    const requestValidator = this.api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const jsonBody = this.api.addModel('JsonBody', {
      contentType: 'application/json',
      description: 'Tout document JSON ; le schéma métier est vérifié par la fonction',
      schema: { schema: JsonSchemaVersion.DRAFT4, title: 'CorpsJson' },
    });

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: 'method.request.header.Authorization',
      resultsCacheTtl: Duration.minutes(5),
    });

    const functions = {} as Record<RouteId, AsllFunction>;
    for (const [routeId, route] of routeEntries) {
      const fn = new AsllFunction(this, constructId(routeId), {
        entry: resolve(props.projectRoot, route.entry),
        projectRoot: props.projectRoot,
        description: `${route.summary} (${route.method} ${route.path})`,
        environment: {
          ASLL_POLICY: props.policy,
          ALLOWED_ORIGIN: props.allowedOrigin,
          ASLL_STATS_THRESHOLD: String(props.statsThreshold),
          ASLL_STATS_ONGOING: props.statsOngoing,
        },
        logRetention: functionLogRetention,
        ...(route.lazy ? { lazyModules: route.lazy } : {}),
      });
      if (route.table !== 'none') fn.bindTable(props.table, route.table);
      if (route.identities === 'manage') fn.bindUserPool(props.userPool);
      functions[routeId] = fn;

      const parameters = pathParameters(route.path);
      const resource = this.api.root.resourceForPath(route.path);
      // No test-invoke permission: only the deployed stage may call the function.
      const integration = new LambdaIntegration(fn.function, { allowTestInvoke: false });
      const options = {
        ...(route.access === 'public'
          ? { authorizationType: AuthorizationType.NONE }
          : { authorizationType: AuthorizationType.COGNITO, authorizer }),
        requestValidator,
        ...(parameters.length > 0
          ? { requestParameters: Object.fromEntries(parameters.map((name) => [`method.request.path.${name}`, true])) }
          : {}),
        // A route without a body is not held to a JSON model at the edge: an empty POST must reach it.
        ...(methodsWithBody.includes(route.method) && route.body !== 'none'
          ? { requestModels: { 'application/json': jsonBody } }
          : {}),
      };
      // REST APIs answer HEAD only where a HEAD method is declared: each GET gets one, same function and authorizer.
      const methods = [route.method, ...(route.method === 'GET' ? ['HEAD'] : [])].map((httpMethod) =>
        resource.addMethod(httpMethod, integration, options),
      );
      if (route.access === 'public') {
        const reason =
          `Route publique par conception (${route.method} ${route.path}, voir API.md) : ` +
          'ménages et partenaires n’ont pas de compte ; débit limité par étape, par méthode et par le WAF.';
        for (const method of methods) {
          Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
          Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
        }
      }
    }
    this.functions = functions;

    // Another method on a known path: 405 with `Allow` (API.md), where a REST API would answer 403
    // "Missing Authentication Token". ANY only matches the methods a resource does not declare.
    for (const path of new Set(routeEntries.map(([, route]) => route.path))) {
      this.addMethodNotAllowed(path, props.allowedOrigin);
    }

    new ApiFirewall(this, 'Firewall', {
      stageArn: this.api.deploymentStage.stageArn,
      requestsPerIpPer5Minutes: firewallLimits.requestsPerIpPer5Minutes,
      publicWritesPerIpPer5Minutes: firewallLimits.publicWritesPerIpPer5Minutes,
      publicWrites: routeEntries
        .filter(([, route]) => isPublicWrite(route))
        .map(([, route]) => {
          if (pathParameters(route.path).length > 0) {
            throw new Error(`La limite de débit du pare-feu ne sait pas viser une route paramétrée : ${route.path}`);
          }
          return { method: route.method, path: `/${stageName}${route.path}` };
        }),
      allowedOrigin: props.allowedOrigin,
    });

    this.apiBaseUrl = `https://${this.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}/${stageName}`;
    new CfnOutput(this, 'ApiBaseUrl', { value: this.apiBaseUrl, description: 'Adresse de base de l’API' });
  }

  /** A MOCK integration on ANY: no function runs, no authorizer, a fixed 405 in the contract's shape. */
  private addMethodNotAllowed(path: string, allowedOrigin: string): void {
    const error = gatewayErrors.methodNotAllowed;
    const headers: Record<string, string> = {
      Allow: allowedMethods(path).join(', '),
      'Access-Control-Allow-Origin': allowedOrigin,
      Vary: 'Origin',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    const statusCode = String(error.statusCode);
    const method = this.api.root.resourceForPath(path).addMethod(
      'ANY',
      new MockIntegration({
        // The templates ignore the body. A media type none of them names is refused 415 by API Gateway first.
        passthroughBehavior: PassthroughBehavior.WHEN_NO_TEMPLATES,
        requestTemplates: Object.fromEntries(
          methodNotAllowedMediaTypes.map((mediaType) => [mediaType, `{ "statusCode": ${statusCode} }`]),
        ),
        integrationResponses: [
          {
            statusCode,
            responseTemplates: { 'application/json': errorBody(error.code, error.message) },
            responseParameters: Object.fromEntries(
              Object.entries(headers).map(([name, value]) => [`method.response.header.${name}`, `'${value}'`]),
            ),
          },
        ],
      }),
      {
        authorizationType: AuthorizationType.NONE,
        methodResponses: [
          {
            statusCode,
            responseParameters: Object.fromEntries(Object.keys(headers).map((name) => [`method.response.header.${name}`, true])),
          },
        ],
      },
    );
    const reason =
      `Réponse fixe 405 (méthode non permise sur ${path}, voir API.md) : intégration MOCK sans fonction ni donnée, ` +
      'ouverte à tous comme la réponse 404 de la passerelle ; débit limité par étape et par le WAF.';
    Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
  }
}
