import * as z from 'zod/mini';
import { distinctValues } from './validation.js';
import { difficulties, evictionStages, landlordTypes, occupancyStatuses, orientations, referrerKinds } from './vocabulary.js';

/** Referral body of API.md (`POST /referrals`). Unknown fields are refused at every level. */

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const optionalText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));
const email = z.optional(z.email({ error: 'Adresse e-mail invalide.' }).check(z.maxLength(254)));
const phone = z.optional(
  z
    .string()
    .check(
      z.trim(),
      z.regex(/^\+?[0-9 .-]{6,20}$/, { error: 'Numéro de téléphone invalide (chiffres, espaces, points ou tirets).' }),
    ),
);
const amount = z.optional(
  z
    .number()
    .check(
      z.minimum(0, { error: 'Le montant ne peut pas être négatif.' }),
      z.maximum(1_000_000, { error: 'Montant trop élevé.' }),
    ),
);
const count = (label: string, min: number, max: number, messages: { min: string; max: string }) =>
  z
    .int({ error: (issue) => (issue.input === undefined ? undefined : `Le nombre ${label} doit être un nombre entier.`) })
    .check(z.minimum(min, { error: messages.min }), z.maximum(max, { error: messages.max }));

export const referrerSchema = z.strictObject({
  kind: z.enum(referrerKinds.values, { error: 'Indiquez qui fait la demande.' }),
  organisation: optionalText(200),
  name: text(120),
  email,
  phone,
});

export const householdSchema = z.strictObject({
  contact: z.strictObject({
    lastName: text(100),
    firstName: text(100),
    email,
    phone,
  }),
  adults: count("d'adultes", 1, 10, { min: 'Le ménage compte au moins un adulte.', max: 'Au plus 10 adultes.' }),
  children: count("d'enfants", 0, 15, { min: "Le nombre d'enfants ne peut pas être négatif.", max: 'Au plus 15 enfants.' }),
  address: z.strictObject({
    line: optionalText(200),
    postcode: z.string().check(z.regex(/^\d{5}$/, { error: 'Le code postal compte 5 chiffres.' })),
    commune: text(100),
  }),
});

export const housingSchema = z.strictObject({
  occupancyStatus: z.enum(occupancyStatuses.values, { error: "Indiquez le statut d'occupation du logement." }),
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
  orientation: z.enum(orientations.values, { error: "Indiquez l'orientation demandée : accès ou maintien." }),
  exclusions: z.strictObject({
    inSupportedStructure: z.boolean(),
    otherBudgetSupport: z.boolean(),
    protectionMeasure: z.boolean(),
  }),
  consent: z.strictObject({
    householdAgrees: z.literal(true, { error: "L'accord du ménage est indispensable : l'accompagnement n'est jamais imposé." }),
    privacyNoticeAccepted: z.literal(true, {
      error: "Il faut avoir pris connaissance de la notice d'information sur les données personnelles.",
    }),
  }),
  message: z.optional(z.string().check(z.trim(), z.maxLength(2000, { error: 'Le message compte au plus 2000 caractères.' }))),
});

export type ReferralBody = z.output<typeof referralBodySchema>;
