import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

let database: DynamoDbLocal | undefined;

/** One in-memory DynamoDB Local for the whole run, stopped when the run ends. */
export async function setup(project: TestProject): Promise<void> {
  database = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', database.endpoint);
}

export async function teardown(): Promise<void> {
  await database?.stop();
}
