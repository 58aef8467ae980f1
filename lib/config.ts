import { z } from 'zod';
import { isPolicyId, policyFor, type DepartmentPolicy, type PolicyId } from './domain/policies.js';

/**
 * The environment, read once and validated. Only adapters (functions/, infra/) call this:
 * the domain receives what it needs as parameters. Functions without table access have no
 * TABLE_NAME, so the table's settings are read apart, by the functions that use it.
 */
const serviceSchema = z.object({
  ASLL_POLICY: z
    .string()
    .default('meuse')
    .refine(isPolicyId, {
      error: 'ASLL_POLICY doit valoir meuse, plateforme, departement-generique, asell-intensif ou dordogne.',
    }),
  AWS_REGION: z.string().default('eu-west-3'),
  /** The web pages' origin on AWS (CloudFront), for the CORS header; absent locally (same origin). */
  ALLOWED_ORIGIN: z.url().optional(),
});

const tableSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** Set only on the local runtime (DynamoDB Local). */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

export interface Config {
  policy: DepartmentPolicy;
  region: string;
  allowedOrigin: string | undefined;
}

export interface TableConfig {
  tableName: string;
  dynamodbEndpoint: string | undefined;
}

function read<S extends z.ZodType>(schema: S): z.output<S> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Configuration invalide — ${problems}`);
  }
  return parsed.data;
}

let service: Config | undefined;
let table: TableConfig | undefined;

export function getConfig(): Config {
  if (!service) {
    const values = read(serviceSchema);
    service = {
      policy: policyFor(values.ASLL_POLICY as PolicyId),
      region: values.AWS_REGION,
      allowedOrigin: values.ALLOWED_ORIGIN,
    };
  }
  return service;
}

export function getTableConfig(): TableConfig {
  if (!table) {
    const values = read(tableSchema);
    table = { tableName: values.TABLE_NAME, dynamodbEndpoint: values.DYNAMODB_ENDPOINT };
  }
  return table;
}
