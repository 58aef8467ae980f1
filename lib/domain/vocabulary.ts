/**
 * Every enumeration of the domain, declared once with its French label.
 * Schemas, the referral form, the OpenAPI document and exports all read from here.
 */

/**
 * Pure (the annotation tells esbuild so): a bundle keeps only the vocabularies its code reads, not
 * every enumeration and its labels.
 */
/* @__NO_SIDE_EFFECTS__ */
function vocabulary<const T extends Record<string, string>>(labels: T) {
  const values = Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
  return { values, labels } as const;
}

export const referrerKinds = vocabulary({
  household: 'Le ménage lui-même (saisie directe)',
  ccas: 'CCAS',
  mairie: 'Mairie',
  caf: 'Caisse d’allocations familiales (CAF)',
  msa: 'Mutualité sociale agricole (MSA)',
  mds: 'Maison départementale des solidarités (MDS / MDD)',
  prefecture: 'Préfecture',
  bailleur_social: 'Bailleur social',
  bailleur_prive: 'Bailleur privé',
  energie: 'Fournisseur d’énergie',
  commission_mediation: 'Commission de médiation',
  adil: 'ADIL (Agence départementale d’information sur le logement)',
  mission_locale: 'Mission Locale',
  travailleur_social: 'Travailleur social de secteur',
  ccapex: 'CCAPEX',
  fsl: 'Commission FSL / FUL',
  udaf: 'UDAF',
  autre: 'Autre partenaire',
});

export const occupancyStatuses = vocabulary({
  locataire: 'Locataire',
  sous_locataire: 'Sous-locataire',
  proprietaire_occupant: 'Propriétaire occupant',
  accedant: 'Accédant à la propriété',
  heberge: 'Hébergé (chez un tiers ou en structure)',
  sans_logement: 'Sans logement',
});

export const landlordTypes = vocabulary({
  social: 'Bailleur social',
  prive: 'Bailleur privé',
});

export const evictionStages = vocabulary({
  none: 'Aucune procédure',
  commandement_de_payer: 'Commandement de payer',
  assignation: 'Assignation au tribunal',
  jugement: 'Jugement d’expulsion',
  commandement_de_quitter: 'Commandement de quitter les lieux',
  concours_force_publique: 'Demande de concours de la force publique',
});

export const difficulties = vocabulary({
  impayes_loyer: 'Impayés de loyer',
  budget: 'Difficultés de gestion du budget',
  surendettement: 'Surendettement',
  absence_logement: 'Absence de logement',
  logement_insalubre: 'Logement insalubre ou indécent',
  sur_occupation: 'Sur-occupation du logement',
  droits_non_ouverts: 'Droits non ouverts',
  isolement: 'Isolement',
  sante: 'Problèmes de santé',
  troubles_voisinage: 'Troubles de voisinage',
});

export const orientations = vocabulary({
  acces: 'Accès au logement',
  maintien: 'Maintien dans le logement',
});

export const workAxes = vocabulary({
  budget: 'Accompagnement à la gestion du budget',
  acces_droits: 'Accès aux droits et aux services publics',
  projet_logement: 'Définition et réalisation du projet logement',
  appropriation_logement: 'Installation, appropriation et bon usage du logement',
  mediation_voisinage: 'Médiation avec le voisinage',
  mediation_bail: 'Médiation dans le cadre du contrat de location',
  insertion_quartier: 'Insertion dans le quartier et l’environnement',
  prevention_expulsion: 'Prévention des expulsions',
});

export const referralStatuses = vocabulary({
  received: 'Reçue, en attente de décision',
  accepted: 'Acceptée',
  refused: 'Refusée',
  redirected: 'Orientée vers un autre dispositif',
});

export const decisions = vocabulary({
  accepted: 'Accepter : une mesure ASLL est ouverte',
  refused: 'Refuser',
  redirected: 'Orienter vers un autre dispositif',
});

export const measureStatuses = vocabulary({
  awaiting_contract: 'En attente de signature du contrat',
  active: 'En cours',
  closed: 'Clôturée',
});

export const screeningFlags = vocabulary({
  in_supported_structure: 'Ménage hébergé dans une structure ayant une mission d’accompagnement',
  other_budget_support: 'Ménage déjà accompagné par un autre dispositif (budget et insertion sociale)',
  protection_measure: 'Déficiences excluant tout projet d’autonomie : relève d’une mesure de protection',
  urgent_eviction: 'Urgence : impayés avec une procédure d’expulsion en cours',
});

export const visitKinds = vocabulary({
  domicile: 'Visite à domicile',
  bureau: 'Rendez-vous au bureau ou à la permanence',
  telephone: 'Entretien téléphonique',
  demarche: 'Démarche accompagnée',
  atelier: 'Atelier collectif',
});

export const visitActions = vocabulary({
  fsl: 'Demande au fonds de solidarité pour le logement (FSL)',
  droits: 'Ouverture ou rétablissement de droits (APL, CMU…)',
  surendettement: 'Dossier de surendettement',
  mediation_bailleur: 'Médiation avec le bailleur',
  recherche_logement: 'Recherche de logement',
  autre: 'Autre action',
});

export const signatories = vocabulary({
  household: 'Le ménage',
  worker: 'Le travailleur social référent',
  referrer: 'Le prescripteur',
});

export const bilanRecommendations = vocabulary({
  end: 'Mettre fin à la mesure',
  renew: 'Renouveler la mesure',
});

export const objectiveReached = vocabulary({
  yes: 'Atteint',
  partly: 'Partiellement atteint',
  no: 'Non atteint',
});

export const closureReasons = vocabulary({
  term: 'Fin de la mesure à son échéance',
  objectives_met: 'Objectifs atteints',
  no_cooperation: 'Absence d’adhésion du ménage',
  moved: 'Déménagement du ménage',
  relay: 'Relais par un autre dispositif',
  household_request: 'À la demande du ménage',
  other: 'Autre motif',
});

export const housingOutcomes = vocabulary({
  kept: 'Logement maintenu',
  accessed: 'Accès à un logement',
  lost: 'Perte du logement',
  unknown: 'Situation inconnue',
});

export const taskKinds = vocabulary({
  contract_unsigned: 'Contrat non signé',
  visit_cadence: 'Rythme des rencontres non tenu',
  bilan_due: 'Bilan à rendre',
  overdue_end: 'Échéance de la mesure dépassée',
  follow_up_due: 'Visite de suivi à faire',
  referral_waiting: 'Demande en attente de décision',
});

export const taskStatuses = vocabulary({
  open: 'À faire',
  done: 'Faite',
});

export const staffGroups = vocabulary({
  worker: 'Travailleur social référent',
  manager: 'Encadrement (chef de service, commission ASLL)',
  analyst: 'Chargé d’études du département',
  admin: 'Administrateur',
});

export type ReferrerKind = (typeof referrerKinds.values)[number];
export type OccupancyStatus = (typeof occupancyStatuses.values)[number];
export type Orientation = (typeof orientations.values)[number];
export type WorkAxis = (typeof workAxes.values)[number];
export type ReferralStatus = (typeof referralStatuses.values)[number];
export type Decision = (typeof decisions.values)[number];
export type MeasureStatus = (typeof measureStatuses.values)[number];
export type ScreeningFlag = (typeof screeningFlags.values)[number];

export type VisitKind = (typeof visitKinds.values)[number];
export type VisitAction = (typeof visitActions.values)[number];
export type Signatory = (typeof signatories.values)[number];
export type BilanRecommendation = (typeof bilanRecommendations.values)[number];
export type ObjectiveReached = (typeof objectiveReached.values)[number];
export type ClosureReason = (typeof closureReasons.values)[number];
export type HousingOutcome = (typeof housingOutcomes.values)[number];
export type TaskKind = (typeof taskKinds.values)[number];
export type TaskStatus = (typeof taskStatuses.values)[number];

/** All vocabularies by the name the referral form and the OpenAPI document expose them under. */
export const vocabularies = {
  referrerKinds,
  occupancyStatuses,
  landlordTypes,
  evictionStages,
  difficulties,
  orientations,
  workAxes,
  referralStatuses,
  decisions,
  measureStatuses,
  screeningFlags,
  visitKinds,
  visitActions,
  signatories,
  bilanRecommendations,
  objectiveReached,
  closureReasons,
  housingOutcomes,
  taskKinds,
  taskStatuses,
  staffGroups,
} as const;
