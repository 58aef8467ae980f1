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
 * A list filled page by page from a paginated route (`{ items, nextCursor }`): `load()` appends the
 * next page and resolves to the API's answer (or the network failure); `more(container)` is the
 * « Afficher plus » button while a page remains, null otherwise.
 * @param {import('../../shell.js').PageContext} ctx
 * @param {HTMLElement} list
 * @param {(cursor: string | undefined) => Promise<any>} fetchPage
 * @param {(item: any) => HTMLElement} renderItem
 */
export function pagedList(ctx, list, fetchPage, renderItem) {
  let cursor = null;
  const load = async () => {
    try {
      const answer = await fetchPage(cursor ?? undefined);
      if (!answer.ok) return answer;
      for (const item of answer.body.items) list.append(renderItem(item));
      cursor = answer.body.nextCursor;
      return answer;
    } catch (error) {
      return error;
    }
  };
  const more = (container) =>
    cursor
      ? ctx.ui.moreButton(async () => {
          const answer = await load();
          if (!answer?.ok) container.append(ctx.ui.notice('error', ctx.ui.errorMessage(answer)));
          return Boolean(answer?.ok && cursor);
        })
      : null;
  return { load, more };
}
