import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  region: string;
  /** DynamoDB Local's address; absent on AWS. */
  endpoint?: string | undefined;
}

/**
 * How long a call may take when the database does not answer: a refused connection fails at once,
 * a silent one after `connectionTimeout`, a stalled answer after `requestTimeout` (an error, not the
 * SDK's mere warning); three attempts in all. An outage thus answers 503 within seconds, well inside
 * the functions' 10 s timeout, instead of hanging.
 */
export const clientTimeouts = { maxAttempts: 3, connectionTimeoutMs: 1000, requestTimeoutMs: 2000 } as const;

/** A DynamoDB client: on AWS with the function's credentials, locally with placeholder ones (never checked). */
export function createClient(options: ClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    maxAttempts: clientTimeouts.maxAttempts,
    requestHandler: {
      connectionTimeout: clientTimeouts.connectionTimeoutMs,
      requestTimeout: clientTimeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

/** A document client with the marshalling this project relies on (undefined fields are dropped). */
export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createClient(options), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
