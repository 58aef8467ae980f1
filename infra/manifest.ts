import { tableDefinition } from '../lib/store/table-definition.js';

/**
 * The ONE declaration of what the system is made of. The CDK app (infra/aws) and the local
 * runtime (infra/local) both read it: a route, a job or the table exists here and nowhere else.
 */

export type Group = 'worker' | 'manager' | 'analyst' | 'admin';
export const groups: readonly Group[] = ['worker', 'manager', 'analyst', 'admin'];

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
  /** What the route does, in French (OpenAPI document). */
  summary: string;
}

export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    entry: 'functions/health.ts',
    access: 'public',
    table: 'none',
    summary: 'Service en état de marche',
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
    summary: "Adresser une demande d'ASLL (saisine)",
  },
  listReferrals: {
    method: 'GET',
    path: '/referrals',
    entry: 'functions/list-referrals.ts',
    access: ['manager', 'admin'],
    table: 'readjournal',
    summary: 'Lister les demandes par statut, des plus récentes aux plus anciennes',
  },
  getReferral: {
    method: 'GET',
    path: '/referrals/{id}',
    entry: 'functions/get-referral.ts',
    access: ['manager', 'admin'],
    table: 'readjournal',
    summary: 'Consulter une demande, son pré-examen et sa décision',
  },
  decideReferral: {
    method: 'POST',
    path: '/referrals/{id}/decision',
    entry: 'functions/decide-referral.ts',
    access: ['manager', 'admin'],
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
} as const satisfies Record<string, RouteDeclaration>;

export type RouteId = keyof typeof routes;

export interface JobDeclaration {
  entry: string;
  /** EventBridge schedule expression (UTC). */
  schedule: string;
  table: 'read' | 'readwrite';
}

/** Scheduled jobs (EventBridge). The deadline and statistics jobs join here with their issues. */
export const jobs: Record<string, JobDeclaration> = {};

export const table = tableDefinition;

/** Largest request body a route accepts. */
export const maxBodyBytes = 64 * 1024;

export const manifest = { routes, jobs, table, groups, maxBodyBytes } as const;
