import * as z from 'zod/mini';
import { euros, optionalText, text, wholeNumber } from './fields.js';
import { distinctValues } from './validation.js';
import type { Screening } from './screening.js';
import {
  difficulties,
  evictionStages,
  landlordTypes,
  occupancyStatuses,
  orientations,
  referrerKinds,
  type Decision,
  type ReferralStatus,
} from './vocabulary.js';

/** Referral body of API.md (`POST /referrals`). Unknown fields are refused at every level. */

const email = z.optional(z.email({ error: 'Adresse e-mail invalide.' }).check(z.maxLength(254)));
const phone = z.optional(
  z
    .string()
    .check(
      z.trim(),
      z.regex(/^\+?[0-9 .-]{6,20}$/, { error: 'Numéro de téléphone invalide (chiffres, espaces, points ou tirets).' }),
    ),
);
const amount = z.optional(euros());
const count = (label: string, min: number, max: number, messages: { min: string; max: string }) =>
  wholeNumber(min, max, { type: `Le nombre ${label} doit être un nombre entier.`, ...messages });

export const referrerSchema = z.strictObject({
  kind: z.enum(referrerKinds.values, { error: 'Indiquez qui fait la demande.' }),
  organisation: optionalText({ max: 200 }),
  name: text({ max: 120 }),
  email,
  phone,
});

export const householdSchema = z.strictObject({
  contact: z.strictObject({
    lastName: text({ max: 100 }),
    firstName: text({ max: 100 }),
    email,
    phone,
  }),
  adults: count('d’adultes', 1, 10, { min: 'Le ménage compte au moins un adulte.', max: 'Au plus 10 adultes.' }),
  children: count('d’enfants', 0, 15, { min: 'Le nombre d’enfants ne peut pas être négatif.', max: 'Au plus 15 enfants.' }),
  address: z.strictObject({
    line: optionalText({ max: 200 }),
    postcode: z.string().check(z.regex(/^\d{5}$/, { error: 'Le code postal compte 5 chiffres.' })),
    commune: text({ max: 100 }),
  }),
});

export const housingSchema = z.strictObject({
  occupancyStatus: z.enum(occupancyStatuses.values, { error: 'Indiquez le statut d’occupation du logement.' }),
  landlordType: z.optional(z.enum(landlordTypes.values)),
  monthlyRent: amount,
  arrearsAmount: amount,
  evictionStage: z.optional(z.enum(evictionStages.values)),
});

export const referralBodySchema = z.strictObject({
  referrer: referrerSchema,
  household: householdSchema,
  housing: housingSchema,
  difficulties: z
    .array(z.enum(difficulties.values))
    .check(
      z.maxLength(difficulties.values.length),
      distinctValues<(typeof difficulties.values)[number]>('Chaque difficulté ne peut être citée qu’une fois.'),
    ),
  orientation: z.enum(orientations.values, { error: 'Indiquez l’orientation demandée : accès ou maintien.' }),
  exclusions: z.strictObject({
    inSupportedStructure: z.boolean(),
    otherBudgetSupport: z.boolean(),
    protectionMeasure: z.boolean(),
  }),
  consent: z.strictObject({
    householdAgrees: z.literal(true, { error: 'L’accord du ménage est indispensable : l’accompagnement n’est jamais imposé.' }),
    privacyNoticeAccepted: z.literal(true, {
      error: 'Il faut avoir pris connaissance de la notice d’information sur les données personnelles.',
    }),
  }),
  message: optionalText({ max: 2000, multiLine: true, maxMessage: 'Le message compte au plus 2000 caractères.' }),
});

export type ReferralBody = z.output<typeof referralBodySchema>;

/** A manager's decision on a referral (API.md "Managers"). */
export interface DecisionRecord {
  decision: Decision;
  decidedOn: string;
  decidedBy: string;
  decidedAt: string;
  reason: string | null;
  /** The measure an acceptance opened. */
  measureId: string | null;
  /** Calendar days between receipt and decision. */
  daysToDecision: number;
}

/** A referral as stored: the body as sent, with its reference, status, screening and decision. */
export interface Referral extends ReferralBody {
  id: string;
  reference: string;
  status: ReferralStatus;
  /** Instant of receipt, ISO 8601 UTC. */
  receivedAt: string;
  /** Business day of receipt (Europe/Paris). */
  receivedOn: string;
  screening: Screening;
  decision: DecisionRecord | null;
  version: number;
}
