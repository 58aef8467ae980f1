/**
 * « Retrouver un dossier » on the referral lists: the reference a household or a referrer gives on
 * the phone (`ASLL-2026-000042`) opens its file (`GET /references/{reference}`): the measure an
 * accepted referral opened, else the referral itself.
 */
import { answerOrNull } from './forms.js';

const referenceShape = /^ASLL-\d{4}-\d{6}$/;

/** What a person types, as references are written: capitals, no spaces (« asll-2026-000042 » → « ASLL-2026-000042 »). */
const normalised = (text) =>
  String(text ?? '')
    .replace(/\s+/g, '')
    .toUpperCase();

const problem = (message) => ({ error: { details: [{ path: 'reference', message }] } });

/** Where a found reference leads: its measure when the referral was accepted, else the referral. */
const targetOf = (found) => (found.measureId ? `/mesures/${found.measureId}` : `/demandes/${found.referralId}`);

export function referenceSearch(ctx) {
  const { ui } = ctx;
  const submit = ui.h('button', { type: 'submit', class: 'button button--secondary' }, 'Ouvrir le dossier');
  const form = ui.h(
    'form',
    { class: 'manager-reference-search', role: 'search', 'aria-label': 'Retrouver un dossier', novalidate: true },
    ui.field({
      name: 'reference',
      label: 'Référence du dossier',
      hint: 'Par exemple ASLL-2026-000042, la référence que le ménage et le prescripteur ont reçue. Une demande acceptée ouvre sa mesure.',
      attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '40' },
    }),
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    ui.clearErrors(form);
    const asked = normalised(ui.readForm(form).reference);
    if (!asked) return ui.showErrors(form, problem('Indiquez la référence du dossier, par exemple ASLL-2026-000042.'));
    if (!referenceShape.test(asked)) {
      return ui.showErrors(form, problem(`« ${asked} » n’est pas une référence : une référence s’écrit comme ASLL-2026-000042.`));
    }
    submit.disabled = true;
    const found = await answerOrNull(() => ctx.api.get(`/references/${encodeURIComponent(asked)}`));
    submit.disabled = false;
    if (found?.ok) return ctx.navigate(targetOf(found.body));
    if (found?.status === 404) {
      return ui.showErrors(
        form,
        problem(`Aucun dossier ne porte la référence ${asked} : vérifiez-la auprès de la personne qui vous l’a donnée.`),
      );
    }
    ui.showErrors(form, { error: { message: ui.errorMessage(found) } });
  });
  return form;
}
