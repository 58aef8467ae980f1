import { z } from './validation.js';
import { difficulties, evictionStages, landlordTypes, occupancyStatuses, orientations, referrerKinds } from './vocabulary.js';

/** Referral body of API.md (`POST /referrals`). Unknown fields are refused at every level. */

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const email = z.email({ error: 'Adresse e-mail invalide.' }).max(254).optional();
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .-]{6,20}$/, { error: 'Numéro de téléphone invalide (chiffres, espaces, points ou tirets).' })
  .optional();
const amount = z
  .number()
  .min(0, { error: 'Le montant ne peut pas être négatif.' })
  .max(1_000_000, { error: 'Montant trop élevé.' })
  .optional();

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
  adults: z
    .number()
    .int({ error: "Le nombre d'adultes doit être un nombre entier." })
    .min(1, { error: 'Le ménage compte au moins un adulte.' })
    .max(10, { error: 'Au plus 10 adultes.' }),
  children: z
    .number()
    .int({ error: "Le nombre d'enfants doit être un nombre entier." })
    .min(0, { error: "Le nombre d'enfants ne peut pas être négatif." })
    .max(15, { error: 'Au plus 15 enfants.' }),
  address: z.strictObject({
    line: optionalText(200),
    postcode: z.string().regex(/^\d{5}$/, { error: 'Le code postal compte 5 chiffres.' }),
    commune: text(100),
  }),
});

export const housingSchema = z.strictObject({
  occupancyStatus: z.enum(occupancyStatuses.values, { error: "Indiquez le statut d'occupation du logement." }),
  landlordType: z.enum(landlordTypes.values).optional(),
  monthlyRent: amount,
  arrearsAmount: amount,
  evictionStage: z.enum(evictionStages.values).optional(),
});

export const referralBodySchema = z.strictObject({
  referrer: referrerSchema,
  household: householdSchema,
  housing: housingSchema,
  difficulties: z
    .array(z.enum(difficulties.values))
    .max(difficulties.values.length)
    .refine((list) => new Set(list).size === list.length, { error: 'Chaque difficulté ne peut être citée qu’une fois.' }),
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
  message: z.string().trim().max(2000, { error: 'Le message compte au plus 2000 caractères.' }).optional(),
});

export type ReferralBody = z.output<typeof referralBodySchema>;
