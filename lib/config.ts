import { z } from 'zod';
import { isPolicyId, policyFor, type DepartmentPolicy, type PolicyId } from './domain/policies.js';

/**
 * The environment, read once and validated. Only adapters (functions/, infra/) call this:
 * the domain receives what it needs as parameters.
 */
const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  ASLL_POLICY: z.string().default('meuse').refine(isPolicyId, {
    error: 'ASLL_POLICY doit valoir meuse, plateforme, departement-generique, asell-intensif ou dordogne.',
  }),
  /** Set only on the local runtime (DynamoDB Local). */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('eu-west-3'),
});

export interface Config {
  tableName: string;
  policy: DepartmentPolicy;
  dynamodbEndpoint: string | undefined;
  region: string;
}

let cached: Config | undefined;

export function getConfig(): Config {
  if (cached) return cached;
  const parsed = environmentSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Configuration invalide — ${problems}`);
  }
  cached = {
    tableName: parsed.data.TABLE_NAME,
    policy: policyFor(parsed.data.ASLL_POLICY as PolicyId),
    dynamodbEndpoint: parsed.data.DYNAMODB_ENDPOINT,
    region: parsed.data.AWS_REGION,
  };
  return cached;
}
