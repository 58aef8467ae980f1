import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { IncomingMessage } from 'node:http';
import { text as readText } from 'node:stream/consumers';

/**
 * The two JSON protocols of the services the functions call besides DynamoDB: Cognito's
 * `awsJson1_1` (every operation a POST on `/`, named by `X-Amz-Target`) and SESv2's `restJson1`
 * (one path per operation). Their requests are plain JSON of the operation's input, as the API
 * reference gives it; test/unit/aws-json.test.ts checks them against the SDK's own clients.
 */
export type AwsJsonProtocol = 'awsJson1_1' | 'restJson1';

export interface AwsJsonRequest {
  /** `/` for awsJson1_1; the operation's path for restJson1 (`/v2/email/outbound-emails`). */
  path: string;
  /** awsJson1_1 only: `<service target>.<operation>`. */
  target?: string;
  body: unknown;
}

/** What a caller needs of the client (tests pass a fake). */
export interface AwsJsonSender {
  send(request: AwsJsonRequest): Promise<unknown>;
}

/** A refusal from the service, named as its API reference names it (`UserNotFoundException`…). */
export class AwsServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface AwsJsonClientOptions {
  protocol: AwsJsonProtocol;
  /** The signing name (`cognito-idp`, `ses`). */
  service: string;
  /** The endpoint's first label (`cognito-idp`, `email`). */
  endpointPrefix: string;
  region: string;
  /** Tests only: another endpoint than the service's regional one. */
  endpoint?: string;
  /** Tests only: fixed credentials. On Lambda, the execution role's, from the environment. */
  credentials?: AwsCredentialIdentity;
  maxAttempts?: number;
}

const contentTypes: Record<AwsJsonProtocol, string> = {
  awsJson1_1: 'application/x-amz-json-1.1',
  restJson1: 'application/json',
};

/** Statuses a later attempt may get past: throttling, and the service or its front being unavailable. */
const transientStatuses = new Set([429, 500, 502, 503, 504]);
const throttlingNames = /Throttl|TooManyRequests|LimitExceeded|RequestLimit/;

/** `aws.protocols#…` error names may carry a namespace (`com.amazonaws.x#Name`) or a suffix (`Name:http://…`). */
function errorName(header: string | undefined, body: Record<string, unknown>): string {
  const raw =
    header ?? (typeof body.__type === 'string' ? body.__type : undefined) ?? (typeof body.code === 'string' ? body.code : '');
  const name = raw.split(':')[0]!.split('#').pop()!.trim();
  return name || 'UnknownError';
}

function parseJson(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One operation of an AWS JSON API, signed with Signature Version 4 by the SDK's own signer and
 * sent by the SDK's own Node HTTP handler (both already in every bundle, for DynamoDB), instead
 * of the service's whole SDK client: a client brings every operation's schema, 36 KB for Cognito
 * and 61 KB for SESv2 where a function uses a handful of operations or one. Throttling and
 * unavailability are tried again, up to three attempts with jittered backoff, as the SDK does.
 */
export class AwsJsonClient implements AwsJsonSender {
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly handler = new NodeHttpHandler({ connectionTimeout: 3_000, requestTimeout: 5_000 });
  private readonly maxAttempts: number;

  constructor(private readonly options: AwsJsonClientOptions) {
    const suffix = options.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    this.url = new URL(options.endpoint ?? `https://${options.endpointPrefix}.${options.region}.${suffix}`);
    const credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider = options.credentials ?? fromEnv();
    this.signer = new SignatureV4({ service: options.service, region: options.region, credentials, sha256: Sha256 });
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  async send(request: AwsJsonRequest): Promise<unknown> {
    const body = JSON.stringify(request.body);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(request, body);
      } catch (error) {
        if (attempt >= this.maxAttempts || !AwsJsonClient.transient(error)) throw error;
        await pause(Math.random() * 100 * 2 ** attempt);
      }
    }
  }

  private static transient(error: unknown): boolean {
    if (error instanceof AwsServiceError) return transientStatuses.has(error.status) || throttlingNames.test(error.name);
    // No answer at all (connection refused or reset, timeout): nothing reached the service's logic.
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)$/.test(code);
  }

  private async attempt(request: AwsJsonRequest, body: string): Promise<unknown> {
    const unsigned = new HttpRequest({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(this.url.port ? { port: Number(this.url.port) } : {}),
      path: request.path,
      headers: {
        host: this.url.host,
        'content-type': contentTypes[this.options.protocol],
        'content-length': String(Buffer.byteLength(body)),
        ...(request.target ? { 'x-amz-target': request.target } : {}),
      },
      body,
    });
    const signed = await this.signer.sign(unsigned);
    const { response } = await this.handler.handle(signed as HttpRequest);
    const text = await readText(response.body as IncomingMessage);
    const parsed = parseJson(text);
    if (response.statusCode >= 200 && response.statusCode < 300) return parsed;
    const message =
      typeof parsed.message === 'string' ? parsed.message : typeof parsed.Message === 'string' ? parsed.Message : text;
    throw new AwsServiceError(errorName(response.headers['x-amzn-errortype'], parsed), message, response.statusCode);
  }
}
