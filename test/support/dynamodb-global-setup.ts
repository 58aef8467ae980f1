import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/**
 * One in-memory DynamoDB Local for every tier that needs it, stopped when the last of them ends.
 * Each project runs this setup; they share one process through the main process's global scope.
 */
interface Shared {
  database: Promise<DynamoDbLocal>;
  users: number;
}
const scope = globalThis as typeof globalThis & { asllTestDatabase?: Shared };

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (scope.asllTestDatabase ??= { database: startDynamoDbLocal(), users: 0 });
  shared.users += 1;
  project.provide('dynamodbEndpoint', (await shared.database).endpoint);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    scope.asllTestDatabase = undefined;
    await (await shared.database).stop();
  };
}
