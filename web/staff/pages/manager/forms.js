/** How a manager's form sends its write: one Idempotency-Key per fill, the server's 422 beside the fields, 409 explained. */
import { newIdempotencyKey } from '../../../api.js';

/** The API's answer to `call()`, or null when the service could not be reached (the shell's ServiceUnavailableError). */
export async function answerOrNull(call) {
  try {
    return await call();
  } catch (error) {
    if (error?.name !== 'ServiceUnavailableError') throw error;
    return null;
  }
}

/**
 * On submit, `check()` may first refuse the fill (an API error body, shown as a 422 is, nothing
 * sent); else `send(idempotencyKey)` posts the form's write. A success goes to `onDone(body)`; a
 * 422 puts the server's messages beside the fields and in the error summary; a 409 shows
 * `conflict()`; anything else (no answer at all included) says in French what went wrong.
 */
export function handleSubmit(ctx, { form, submit, status, check = () => null, send, onDone, conflict }) {
  const { ui } = ctx;
  // One key per form fill: the same fill sent again (an answer lost on the way) is recorded once.
  let idempotencyKey = newIdempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    ui.clearErrors(form);
    status.replaceChildren();
    const refused = check();
    if (refused) return ui.showErrors(form, refused);
    submit.disabled = true;
    const result = await answerOrNull(() => send(idempotencyKey));
    submit.disabled = false;
    if (result?.ok) return onDone(result.body);
    if (result?.status === 422) {
      // The person will change the fill: its next sending is another request, with another key.
      idempotencyKey = newIdempotencyKey();
      ui.showErrors(form, result.body);
      return;
    }
    const notice = result?.status === 409 ? conflict() : ui.notice('error', ui.errorMessage(result));
    notice.setAttribute('tabindex', '-1');
    status.append(notice);
    notice.focus();
  });
}

/**
 * A search form of lists (`selects`, built with ui.selectField) and « Afficher »: its answers become
 * the query of `path`, so that the page shows them and a filtered list can be kept as a bookmark.
 */
export function filterForm(ctx, { path, label, selects }) {
  const { ui } = ctx;
  const form = ui.h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': label },
    ...selects,
    ui.h('button', { type: 'submit', class: 'button button--secondary' }, 'Afficher'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams(ui.readForm(form));
    ctx.navigate(query.size > 0 ? `${path}?${query}` : path);
  });
  return form;
}
