import { PolicyViolationError } from '../errors.js';

/**
 * How large a measure's file may grow (README "La vie d’une mesure", limits). `GET /measures/{id}`
 * and every measure write answer the whole file in one Lambda response, and Lambda refuses a
 * response over 6 MB (6 291 456 bytes, the JSON envelope API Gateway receives: status, headers and
 * the body as one JSON string, so every `"` and `\` of the body costs one byte more). A file that
 * grew past it could never be opened again.
 */

/** Most bytes a file may take in that envelope: 1.29 MB under Lambda's limit, for headers and the tasks the jobs add later. */
export const fileBudgetBytes = 5_000_000;

/**
 * Kept free of new records (visits, bilans, renewals): a file full of visits can still take the steps
 * that end a measure (closure, follow-up visit, hand-over), each bounded and taken once.
 */
export const closingReserveBytes = 500_000;

/**
 * Most bytes of a measure's head item as JSON (which counts more than DynamoDB does: quotes,
 * commas, braces): everything of the file but its visits and tasks (contract, bilans, renewals,
 * closure, follow-up). DynamoDB takes at most 400 KB in one item, and the idempotency record of a
 * write keeps the head too. Two presets set no count nor total cap on renewals, each renewal
 * comes with its bilan: this, not a count, is what bounds them.
 */
export const headBudgetBytes = 300_000;

/** Kept free of new bilans and renewals, so that a full head can still take its closure and follow-up visit. */
export const headClosingReserveBytes = 30_000;

const fullHeadMessage =
  'Le dossier de cette mesure est plein : ses bilans et renouvellements ne tiennent plus en un seul enregistrement. ' +
  'Rien n’a été enregistré. Raccourcissez ce texte, ou clôturez la mesure et poursuivez l’accompagnement dans une nouvelle mesure.';

/**
 * Refuses (422) the write whose head would be over `headBudgetBytes`, or over that less
 * `headClosingReserveBytes` for a write that adds a bilan or a renewal (a visit is an item of its own).
 */
export function refuseOversizedHead(head: unknown, addsToHead: boolean): void {
  const limit = addsToHead ? headBudgetBytes - headClosingReserveBytes : headBudgetBytes;
  if (Buffer.byteLength(JSON.stringify(head), 'utf8') <= limit) return;
  throw new PolicyViolationError(fullHeadMessage, [{ path: '', message: fullHeadMessage }]);
}

/** The bytes a value takes in Lambda's response envelope: its JSON, itself written as a JSON string. */
export function answerBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(value)), 'utf8');
}

const megabytes = (bytes: number) => `${String(Math.round(bytes / 100_000) / 10).replace('.', ',')} Mo`;

/**
 * Refuses (422) the write whose file would be over the budget: over `fileBudgetBytes` for any step,
 * and over that less `closingReserveBytes` for a step that appends a record.
 */
export function refuseOversizedFile(file: unknown, appendsRecord: boolean): void {
  const limit = appendsRecord ? fileBudgetBytes - closingReserveBytes : fileBudgetBytes;
  const bytes = answerBytes(file);
  if (bytes <= limit) return;
  const message =
    `Le dossier de cette mesure est plein : cet enregistrement lui ferait dépasser ${megabytes(limit)}, ` +
    'la taille au-delà de laquelle il ne pourrait bientôt plus s’ouvrir. Rien n’a été enregistré. ' +
    'Raccourcissez les notes, ou demandez à un cadre : la mesure peut toujours être clôturée, ' +
    'et l’accompagnement poursuivi dans une nouvelle mesure.';
  throw new PolicyViolationError(message, [{ path: '', message }]);
}
