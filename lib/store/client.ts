import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  region: string;
  /** DynamoDB Local's address; absent on AWS. */
  endpoint?: string | undefined;
}

/** A DynamoDB client: on AWS with the function's credentials, locally with placeholder ones (never checked). */
export function createClient(options: ClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

/** A document client with the marshalling this project relies on (undefined fields are dropped). */
export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createClient(options), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
