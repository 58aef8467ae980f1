import * as z from 'zod/mini';
import type { ErrorDetail } from '../errors.js';
import type { Contract, Measure, MeasureChange, StepContext } from './measure.js';
import { bilanDueOn, plannedEnd } from './measure-dates.js';
import { advance, notBefore, notInFuture, recordStamp, refuseIfAny, requireStatus, withinMeasureAxes } from './measure-rules.js';
import type { DepartmentPolicy } from './policies.js';
import { businessDate, text, versionField } from './fields.js';
import { distinctValues } from './validation.js';
import { missingSignatures } from './rule-messages.js';
import { signatories, workAxes, type Signatory } from './vocabulary.js';

/** Body of `POST /measures/{id}/contract`. */
export const contractBodySchema = z.strictObject({
  signedOn: businessDate(),
  objectives: z
    .array(
      z.strictObject({
        axis: z.enum(workAxes.values, { error: 'Indiquez l’axe de travail de cet objectif.' }),
        text: text({ max: 1000, multiLine: true }),
      }),
    )
    .check(z.minLength(1, { error: 'Le contrat fixe au moins un objectif.' }), z.maxLength(50)),
  signatories: z
    .array(
      z.enum(signatories.values, {
        error: 'Signataire inconnu : household (ménage), worker (référent) ou referrer (prescripteur).',
      }),
    )
    .check(
      z.minLength(1, { error: 'Indiquez qui a signé le contrat.' }),
      distinctValues<Signatory>('Chaque signataire ne peut être cité qu’une fois.'),
    ),
  version: versionField(),
});

export type ContractBody = z.output<typeof contractBodySchema>;

/** Who must sign the contract under this policy: the household and the worker, and the referrer where it is tripartite. */
export function requiredSignatories(policy: DepartmentPolicy): Signatory[] {
  return policy.tripartiteContract ? ['household', 'worker', 'referrer'] : ['household', 'worker'];
}

function signatureProblems(body: ContractBody, policy: DepartmentPolicy): ErrorDetail[] {
  const missing = requiredSignatories(policy).filter((signatory) => !body.signatories.includes(signatory));
  if (missing.length === 0) return [];
  const rule = policy.tripartiteContract
    ? 'Dans ce département, le contrat est une convention tripartite : le ménage, le travailleur social référent et le prescripteur la signent.'
    : 'Le contrat est signé par le ménage et par le travailleur social référent : l’accompagnement repose sur l’adhésion du ménage.';
  return [
    { path: 'signatories', message: `${rule} ${missingSignatures(missing.map((signatory) => signatories.labels[signatory]))}` },
  ];
}

function objectiveProblems(body: ContractBody, measure: Measure): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  withinMeasureAxes(
    problems,
    (index) => `objectives.${index}.axis`,
    body.objectives.map((objective) => objective.axis),
    measure,
  );
  const seen = new Set<string>();
  body.objectives.forEach((objective, index) => {
    // The same objective written twice for the same axis, whatever its spacing or case.
    const key = `${objective.axis}|${objective.text.toLowerCase().replace(/\s+/g, ' ')}`;
    if (seen.has(key))
      problems.push({ path: `objectives.${index}.text`, message: 'Cet objectif figure déjà au contrat pour le même axe.' });
    seen.add(key);
  });
  return problems;
}

/**
 * Records the signed contract (convention individuelle, DOMAIN.md "Contract"): the measure starts
 * on the signature day and runs for its initial duration.
 */
export function recordContract(
  measure: Measure,
  body: ContractBody,
  policy: DepartmentPolicy,
  context: StepContext,
): MeasureChange {
  requireStatus(measure, 'awaiting_contract', 'Enregistrer le contrat');
  const problems: ErrorDetail[] = [];
  notBefore(problems, 'signedOn', body.signedOn, measure.decidedOn, 'La date de signature', 'la décision d’ouvrir la mesure');
  notInFuture(problems, 'signedOn', body.signedOn, context.today, 'La date de signature');
  problems.push(...signatureProblems(body, policy), ...objectiveProblems(body, measure));
  refuseIfAny(problems, 'Le contrat ne peut pas être enregistré.');

  const contract: Contract = {
    signedOn: body.signedOn,
    objectives: body.objectives.map(({ axis, text }) => ({ axis, text })),
    signatories: body.signatories,
    ...recordStamp(context),
  };
  const end = plannedEnd(body.signedOn, measure.initialDurationMonths);
  return {
    measure: advance(measure, {
      status: 'active',
      contract,
      startedOn: body.signedOn,
      plannedEnd: end,
      bilanDueOn: bilanDueOn(end, policy),
    }),
    appended: null,
    resolvedTaskKinds: ['contract_unsigned'],
  };
}
