/**
 * What the worker pages share: the description of the measure forms (`GET /measure-form`, loaded
 * once per session) and the confirmation a form leaves for the measure file it goes back to.
 */

/** @type {Promise<any> | null} */
let measureForm = null;

/**
 * The schemas, labels and policy requirements of the measure writes. A failed load is not kept:
 * the next page asks again.
 * @param {import('../../shell.js').PageContext} ctx
 * @returns {Promise<{ ok: boolean, status: number, body: any }>}
 */
export function loadMeasureForm(ctx) {
  measureForm ??= ctx.api.get('/measure-form').then((answer) => {
    if (!answer.ok) measureForm = null;
    return answer;
  });
  return measureForm.catch((error) => {
    measureForm = null;
    throw error;
  });
}

let confirmation = null;

/** Leaves `text` for the next measure file shown: « Rencontre enregistrée. » */
export function confirmOnFile(measureId, text) {
  confirmation = { measureId, text };
}

/** The confirmation left for this measure's file, once. */
export function takeConfirmation(measureId) {
  const left = confirmation?.measureId === measureId ? confirmation.text : null;
  confirmation = null;
  return left;
}

/** The measure's household as its file names it: « Durand Léa ». */
export const householdName = (measure) => `${measure.household.lastName} ${measure.household.firstName}`;

/**
 * The first page of a paginated route (`{ items, nextCursor }`) into `list`: resolves to
 * `{ more }`, the shell's « Afficher plus » for the next pages (null when there are none), or to
 * `{ failed }`, the answer or network failure that kept the first page from loading.
 * @param {import('../../shell.js').PageContext} ctx
 * @param {HTMLElement} list
 * @param {(cursor: string | undefined) => Promise<any>} fetchPage
 * @param {(item: any) => HTMLElement} renderItem
 */
export async function firstPage(ctx, list, fetchPage, renderItem) {
  const show = (items) => list.append(...items.map(renderItem));
  const first = await fetchPage(undefined).catch((error) => error);
  if (!first?.ok) return { failed: first };
  show(first.body.items);
  return { more: ctx.ui.nextPages({ nextCursor: first.body.nextCursor, load: fetchPage, show }) };
}
