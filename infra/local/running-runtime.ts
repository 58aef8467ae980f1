import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localRegion, runtimeStateFile, type RuntimeState } from './runtime.js';

/**
 * The `npm start` running on a data directory, for the commands that work beside it (`npm run job`,
 * `npm run demo`): its state file names its process, table and DynamoDB Local. Null when none runs
 * (no state file, or its process is gone).
 */
export function runningRuntime(dataDirectory: string): RuntimeState | null {
  try {
    const state = JSON.parse(readFileSync(join(dataDirectory, runtimeStateFile), 'utf8')) as RuntimeState;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return null;
  }
}

/** The environment the functions read, pointed at that runtime (its table, its DynamoDB Local, its policy). */
export function useRuntimeEnvironment(state: RuntimeState): void {
  Object.assign(process.env, {
    TABLE_NAME: state.tableName,
    ASLL_POLICY: state.policy,
    DYNAMODB_ENDPOINT: state.dynamodbEndpoint,
    WEB_ORIGIN: state.url,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
}

export const notRunningMessage = (dataDirectory: string) =>
  `Aucun ASLL en marche sur le dossier de données ${dataDirectory} : lancez d’abord npm start (même ASLL_DATA_DIR).`;
