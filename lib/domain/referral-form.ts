import type { DepartmentPolicy } from './policies.js';
import { referralBodySchema } from './referral.js';
import * as z from 'zod/mini';
import { vocabularies } from './vocabulary.js';

/** JSON Schema of a zod schema as a client sees it (input side, no `$schema` header). */
export function jsonSchemaOf(schema: z.ZodMiniType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/**
 * What the public form needs to render, all from one source: the body's JSON Schema, a French
 * label for every enumeration, and who may refer under this department's policy. The staff's
 * decision form reads the initial durations the policy allows from here too.
 */
export function referralFormDescription(policy: DepartmentPolicy) {
  const labels = Object.fromEntries(Object.entries(vocabularies).map(([name, vocabulary]) => [name, vocabulary.labels]));
  return {
    schema: jsonSchemaOf(referralBodySchema),
    labels,
    allowedReferrerKinds: policy.allowedReferrerKinds,
    policy: {
      id: policy.id,
      label: policy.label,
      initialDurationsMonths: policy.initialDurationsMonths,
      // The confirmation tells the referrer that they will sign the contract too.
      tripartiteContract: policy.tripartiteContract,
    },
    limits: { messageMaxLength: 2000 },
  };
}
