import { groups, type Group } from '../lib/identity.js';
import type { LazyModule } from './bundling.js';
import { tableDefinition } from '../lib/store/table-definition.js';

/**
 * The ONE declaration of what the system is made of. The CDK app (infra/aws) and the local
 * runtime (infra/local) both read it: a route, a job or the table exists here and nowhere else.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** Methods whose requests carry a JSON body. */
export const methodsWithBody: readonly HttpMethod[] = ['POST', 'PUT'];

export interface RouteDeclaration {
  method: HttpMethod;
  /** API Gateway resource path, `{name}` for a path parameter. */
  path: string;
  /** Handler module, relative to the project root; it exports `handler`. */
  entry: string;
  /** `public`, or the groups allowed to call it. */
  access: 'public' | readonly Group[];
  /**
   * What the function may do to the table: least privilege on AWS. `readjournal`: it reads
   * personal data, so it also puts the journal entries of its reads.
   */
  table: 'none' | 'read' | 'readjournal' | 'readwrite';
  /**
   * `manage`: the function keeps the identity provider's accounts in step with the staff
   * directory (on AWS the Cognito user pool, and nothing else of it); absent: it never touches it.
   */
  identities?: 'manage';
  /**
   * `none`: a POST whose path says everything, sent without a body (or with `{}`); absent: a POST
   * or PUT carries a JSON body.
   */
  body?: 'none';
  /**
   * Modules the function loads only for some requests, shipped beside its bundle rather than in it
   * (infra/bundling.ts `lazyModules`); absent: everything is in its one bundle.
   */
  lazy?: readonly LazyModule[];
  /** What the route does, in French (OpenAPI document). */
  summary: string;
}

export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    entry: 'functions/health.ts',
    access: 'public',
    // Reads one fixed key to tell whether the database answers.
    table: 'read',
    summary: 'Service en état de marche : la base de données répond',
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/openapi.ts',
    access: 'public',
    table: 'none',
    summary: 'Description OpenAPI 3.1 de cette API',
  },
  referralForm: {
    method: 'GET',
    path: '/referral-form',
    entry: 'functions/referral-form.ts',
    access: 'public',
    table: 'none',
    summary: 'Ce dont le formulaire de saisine a besoin : schéma, libellés, prescripteurs admis',
  },
  createReferral: {
    method: 'POST',
    path: '/referrals',
    entry: 'functions/create-referral.ts',
    access: 'public',
    table: 'readwrite',
    summary: 'Adresser une demande d’ASLL (saisine)',
  },
  listReferrals: {
    method: 'GET',
    path: '/referrals',
    entry: 'functions/list-referrals.ts',
    access: ['manager'],
    table: 'readjournal',
    summary: 'Lister les demandes par statut, des plus récentes aux plus anciennes',
  },
  getReferral: {
    method: 'GET',
    path: '/referrals/{id}',
    entry: 'functions/get-referral.ts',
    access: ['manager'],
    table: 'readjournal',
    summary: 'Consulter une demande, son pré-examen et sa décision',
  },
  decideReferral: {
    method: 'POST',
    path: '/referrals/{id}/decision',
    entry: 'functions/decide-referral.ts',
    access: ['manager'],
    table: 'readwrite',
    summary: 'Décider d’une demande : accepter (ouvre une mesure), refuser ou réorienter',
  },
  putStaff: {
    method: 'PUT',
    path: '/staff/{id}',
    entry: 'functions/put-staff.ts',
    access: ['admin'],
    table: 'readwrite',
    identities: 'manage',
    summary: 'Créer ou mettre à jour un membre du personnel, et son compte de connexion',
  },
  listStaff: {
    method: 'GET',
    path: '/staff',
    entry: 'functions/list-staff.ts',
    access: ['manager', 'admin'],
    table: 'read',
    summary: 'Lister le personnel par nom, ou les membres d’un groupe',
  },
  getMe: {
    method: 'GET',
    path: '/me',
    entry: 'functions/get-me.ts',
    access: ['worker', 'manager', 'analyst', 'admin'],
    table: 'read',
    summary: 'Sa propre fiche de l’annuaire du personnel (nom, groupes, courriels de nouvelles tâches)',
  },
  setEmailNotifications: {
    method: 'PUT',
    path: '/me/email-notifications',
    entry: 'functions/set-email-notifications.ts',
    access: ['worker', 'manager', 'analyst', 'admin'],
    table: 'readwrite',
    summary: 'Recevoir ou non les courriels de nouvelles tâches (pour soi-même)',
  },
  listMeasures: {
    method: 'GET',
    path: '/measures',
    entry: 'functions/list-measures.ts',
    access: ['worker', 'manager'],
    table: 'readjournal',
    summary:
      'Lister les mesures par statut : les siennes pour un travailleur social, toutes (ou celles d’un travailleur) pour l’encadrement',
  },
  measureForm: {
    method: 'GET',
    path: '/measure-form',
    entry: 'functions/measure-form.ts',
    access: ['worker', 'manager', 'analyst', 'admin'],
    table: 'none',
    summary:
      'Ce dont les formulaires d’une mesure ont besoin : schémas des saisies, libellés, exigences du règlement départemental',
  },
  getMeasure: {
    method: 'GET',
    path: '/measures/{id}',
    entry: 'functions/get-measure.ts',
    access: ['worker', 'manager'],
    table: 'readjournal',
    summary: 'Consulter le dossier d’une mesure : contrat, rencontres, bilans, renouvellements, clôture, suivi, tâches ouvertes',
  },
  recordContract: {
    method: 'POST',
    path: '/measures/{id}/contract',
    entry: 'functions/record-contract.ts',
    access: ['worker', 'manager'],
    table: 'readwrite',
    summary: 'Enregistrer le contrat signé : la mesure commence',
  },
  recordVisit: {
    method: 'POST',
    path: '/measures/{id}/visits',
    entry: 'functions/record-visit.ts',
    access: ['worker', 'manager'],
    table: 'readwrite',
    summary: 'Enregistrer une rencontre avec le ménage',
  },
  recordBilan: {
    method: 'POST',
    path: '/measures/{id}/bilans',
    entry: 'functions/record-bilan.ts',
    access: ['worker', 'manager'],
    table: 'readwrite',
    summary: 'Transmettre le bilan de la période en cours',
  },
  recordRenewal: {
    method: 'POST',
    path: '/measures/{id}/renewals',
    entry: 'functions/record-renewal.ts',
    access: ['worker', 'manager'],
    table: 'readwrite',
    summary: 'Renouveler la mesure, dans les limites du règlement départemental',
  },
  recordClosure: {
    method: 'POST',
    path: '/measures/{id}/closure',
    entry: 'functions/record-closure.ts',
    access: ['worker', 'manager'],
    table: 'readwrite',
    summary: 'Clôturer la mesure : motif, situation de logement, expulsion évitée',
  },
  recordFollowUp: {
    method: 'POST',
    path: '/measures/{id}/follow-up',
    entry: 'functions/record-follow-up.ts',
    access: ['worker', 'manager'],
    table: 'readwrite',
    summary: 'Enregistrer la visite de suivi après la fin de la mesure',
  },
  handOverMeasure: {
    method: 'POST',
    path: '/measures/{id}/worker',
    entry: 'functions/hand-over-measure.ts',
    access: ['manager'],
    table: 'readwrite',
    summary: 'Confier la mesure, et ses tâches ouvertes, à un autre travailleur social actif',
  },
  listTasks: {
    method: 'GET',
    path: '/tasks',
    entry: 'functions/list-tasks.ts',
    access: ['worker', 'manager'],
    table: 'read',
    summary:
      'Lister les tâches par échéance, à faire ou faites : les siennes pour un travailleur social, celles de l’encadrement (ou d’un travailleur) pour l’encadrement',
  },
  completeTask: {
    method: 'POST',
    path: '/tasks/{id}/done',
    entry: 'functions/complete-task.ts',
    access: ['worker', 'manager'],
    table: 'readwrite',
    body: 'none',
    summary: 'Marquer une de ses tâches comme faite (sans corps de requête)',
  },
  createCalendarFeed: {
    method: 'POST',
    path: '/calendar-feed',
    entry: 'functions/create-calendar-feed.ts',
    access: ['worker'],
    table: 'readwrite',
    body: 'none',
    summary: 'Obtenir l’adresse privée de l’agenda de ses tâches ouvertes ; l’adresse précédente cesse aussitôt de servir',
  },
  getCalendarFeed: {
    method: 'GET',
    path: '/calendar-feed',
    entry: 'functions/get-calendar-feed.ts',
    access: ['worker'],
    table: 'read',
    summary: 'Savoir si l’on a une adresse d’agenda en service, et depuis quand (jamais l’adresse elle-même)',
  },
  revokeCalendarFeed: {
    method: 'POST',
    path: '/calendar-feed/revoke',
    entry: 'functions/revoke-calendar-feed.ts',
    access: ['worker'],
    table: 'readwrite',
    body: 'none',
    summary: 'Révoquer l’adresse de son agenda sans en créer d’autre (sans corps de requête)',
  },
  getCalendar: {
    method: 'GET',
    path: '/calendar/{token}',
    entry: 'functions/get-calendar.ts',
    // Calendar apps subscribe to a bare URL and send no token: the unguessable path is the credential.
    access: 'public',
    // No journal: the feed carries task titles, references and links, no household's name.
    table: 'read',
    summary: 'Agenda iCalendar (RFC 5545) des tâches ouvertes d’un travailleur social, à son adresse privée',
  },
  findReference: {
    method: 'GET',
    path: '/references/{reference}',
    entry: 'functions/find-reference.ts',
    access: ['manager', 'admin'],
    // Ids only, no personal data: nothing to journal.
    table: 'read',
    summary: 'Retrouver par sa référence (ASLL-2026-000042) une demande et la mesure qu’elle a ouverte',
  },
  readJournal: {
    method: 'GET',
    path: '/journal',
    entry: 'functions/read-journal.ts',
    access: ['admin'],
    table: 'read',
    summary: 'Journal d’un dossier : qui l’a consulté ou modifié, quand, par quelle route (CNIL)',
  },
  getStats: {
    method: 'GET',
    path: '/stats',
    entry: 'functions/get-stats.ts',
    access: ['analyst', 'admin'],
    // Reads the cells the stats job stored and its last run; no journal: no personal data, only counts.
    table: 'read',
    // The spreadsheet writers (≈ 100 KB) load only when a spreadsheet is asked for.
    lazy: ['#statistics-xlsx', '#statistics-ods'],
    summary: 'Statistiques du PDALPD du dernier calcul, petits effectifs masqués : JSON, CSV, XLSX ou ODS',
  },
  getStatsCatalogue: {
    method: 'GET',
    path: '/stats/catalogue',
    entry: 'functions/get-stats-catalogue.ts',
    access: ['analyst', 'admin'],
    table: 'none',
    summary: 'Catalogue des indicateurs statistiques : libellé, unité, définition, ventilations',
  },
} as const satisfies Record<string, RouteDeclaration>;

export type RouteId = keyof typeof routes;

export interface JobDeclaration {
  entry: string;
  /**
   * When it runs: every day at this local time in this time zone (EventBridge Scheduler keeps the
   * local time across daylight-saving changes; the local runtime's scheduler does the same). Choose a
   * time outside 02:00–03:00: in spring it does not exist and the day's run is skipped, in autumn it
   * comes twice and runs once.
   */
  schedule: { hour: number; minute: number; timeZone: 'Europe/Paris' };
  table: 'read' | 'readwrite';
  /**
   * `send`: the job emails staff members (on AWS through SES, from the sender identity the CDK app is
   * given, and nothing else); absent: it never sends email.
   */
  mail?: 'send';
  /** What the job does, in French. */
  summary: string;
}

/** Scheduled jobs, run by EventBridge Scheduler on AWS and by the local runtime's scheduler. */
export const jobs = {
  deadlines: {
    entry: 'functions/deadlines-job.ts',
    schedule: { hour: 6, minute: 0, timeZone: 'Europe/Paris' },
    table: 'readwrite',
    mail: 'send',
    summary: 'Échéances : crée les tâches des travailleurs sociaux et des responsables, et les prévient par courriel',
  },
  stats: {
    entry: 'functions/stats-job.ts',
    // 03:30 comes round every night in Paris: 02:30 does not exist the night clocks go forward, and
    // EventBridge Scheduler then skips the run (the local scheduler too).
    schedule: { hour: 3, minute: 30, timeZone: 'Europe/Paris' },
    table: 'readwrite',
    summary: 'Statistiques du PDALPD : met à jour les cellules des périodes touchées depuis la veille',
  },
} as const satisfies Record<string, JobDeclaration>;

export type JobId = keyof typeof jobs;

/** The EventBridge Scheduler expression of a daily job (read with the schedule's time zone). */
export function cronOf(schedule: JobDeclaration['schedule']): string {
  return `cron(${schedule.minute} ${schedule.hour} * * ? *)`;
}

export const table = tableDefinition;

/** Largest request body a route accepts. */
export const maxBodyBytes = 64 * 1024;

/**
 * Lifetime of an ID token, in seconds: the Cognito web client is set to it (infra/aws), the local
 * issuer mints with it, and a token that claims to live longer is refused on both sides.
 */
export const idTokenValiditySeconds = 60 * 60;

/** How far a token's `iat` may lie in the future (clocks differ a little between machines). */
export const tokenClockSkewSeconds = 60;

/**
 * CORS preflight settings of every resource: set on API Gateway by the CDK app and answered the same
 * way by the local gateway. The allowed origin is the web pages' (CloudFront on AWS).
 */
export const cors = {
  allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  maxAgeSeconds: 60 * 60,
} as const;

/**
 * What a resource answers to, as the `Allow` header of a 405 lists it: its routes' methods, HEAD
 * wherever GET is (API Gateway gets a HEAD method next to each GET), and OPTIONS (CORS preflight).
 */
export function allowedMethods(path: string): string[] {
  const declared = Object.values(routes as Record<string, RouteDeclaration>)
    .filter((route) => route.path === path)
    .map((route) => route.method);
  if (declared.length === 0) return [];
  const methods = new Set<string>(declared);
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}

export const manifest = { routes, jobs, table, groups, maxBodyBytes, idTokenValiditySeconds } as const;
