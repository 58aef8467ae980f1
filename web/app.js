/**
 * The public referral form: loads its description from the API, checks the obvious rules, sends
 * the referral once (Idempotency-Key) and shows the reference number, or the errors by field.
 */
import { loadApiBaseUrl, loadFormDescription, newIdempotencyKey, sendReferral } from './api.js';
import { setUpCharacterCount } from './character-count.js';
import { clearErrors, showErrors } from './errors.js';
import { readForm, schemaAt } from './form-model.js';
import { applyConditions, applyReferrerKind, renderForm, renderIntroduction } from './render.js';

const pageTitle = document.title;
const byId = (id) => document.getElementById(id);

const page = {
  main: byId('contenu'),
  loading: byId('loading'),
  loadError: byId('load-error'),
  formView: byId('form-view'),
  confirmation: byId('confirmation'),
  form: byId('referral-form'),
  summary: byId('error-summary'),
  submit: byId('submit'),
  sendStatus: byId('send-status'),
};

const state = {
  apiBaseUrl: '',
  description: null,
  /** One key per form fill: a second click, or a retry after a lost answer, stores nothing new. */
  idempotencyKey: newIdempotencyKey(),
  /** Bodies sent under this key that got no answer: one of them may be stored. */
  unanswered: [],
  sending: false,
};

const characterCount = setUpCharacterCount({
  textarea: byId('message'),
  visibleCount: byId('message-count'),
  spokenCount: byId('message-count-status'),
});

function show(view) {
  page.loading.hidden = view !== 'loading';
  page.loadError.hidden = view !== 'error';
  page.formView.hidden = view !== 'form';
  page.confirmation.hidden = view !== 'confirmation';
  page.main.setAttribute('aria-busy', String(view === 'loading'));
}

async function start({ focus = false } = {}) {
  show('loading');
  try {
    state.apiBaseUrl = await loadApiBaseUrl();
    state.description = await loadFormDescription(state.apiBaseUrl);
  } catch {
    show('error');
    document.title = `Erreur : formulaire indisponible – ${pageTitle}`;
    byId('load-error-title').focus();
    return;
  }
  document.title = pageTitle;
  renderIntroduction(state.description);
  renderForm(page.form, state.description);
  applyReferrerKind(page.form);
  applyConditions(page.form);
  characterCount.reset(schemaAt(state.description.schema, 'message')?.maxLength ?? state.description.limits?.messageMaxLength);
  show('form');
  if (focus) byId('form-title').focus();
}

function setSending(sending) {
  state.sending = sending;
  page.submit.disabled = sending;
  page.submit.textContent = sending ? 'Envoi en cours…' : 'Envoyer la demande';
  page.form.setAttribute('aria-busy', String(sending));
  page.sendStatus.textContent = sending ? 'Envoi de votre demande en cours…' : '';
}

function showProblems(title, intro, problems = []) {
  showErrors(page.form, page.summary, { title, intro, problems });
  document.title = `Erreur : ${pageTitle}`;
}

const notSent = 'Votre demande n’a pas pu être envoyée';
const answersKept = 'Vos réponses sont conservées : vous pouvez renvoyer la demande sans risque de doublon.';

/** What to tell the person for an HTTP answer that is not a success. */
function showRefusal({ status, body }) {
  const error = body?.error;
  if (status === 422) {
    const details = Array.isArray(error?.details) ? error.details : [];
    const intro = details.length > 0 ? 'Votre demande n’a pas été enregistrée. Corrigez les points suivants :' : error?.message;
    showProblems('Il y a un problème', intro ?? notSent, details);
  } else if (status === 409) {
    showProblems(
      notSent,
      'Une demande envoyée depuis ce formulaire a peut-être déjà été enregistrée, lors d’un envoi dont la réponse ne nous est pas parvenue. Pour éviter un doublon, contactez le service ASLL avant de refaire la demande.',
    );
  } else if (status === 429) {
    showProblems(
      notSent,
      `Le service reçoit beaucoup de demandes en ce moment. Patientez une minute, puis réessayez. ${answersKept}`,
    );
  } else if (status === 413) {
    showProblems(notSent, 'Votre demande est trop longue pour être envoyée. Raccourcissez votre message, puis réessayez.');
  } else if (status >= 500) {
    showProblems(notSent, `Le service rencontre un problème. Réessayez dans quelques minutes. ${answersKept}`);
  } else {
    showProblems(
      notSent,
      `${error?.message ?? 'Le service a refusé la demande.'} Si le problème persiste, contactez le service ASLL.`,
    );
  }
}

function showConfirmation(reference, { earlierSending = false } = {}) {
  byId('reference').textContent = reference;
  byId('earlier-sending').hidden = !earlierSending;
  show('confirmation');
  document.title = `Demande enregistrée : ${pageTitle}`;
  window.scrollTo(0, 0);
  byId('confirmation-title').focus();
}

/**
 * A 409 under this form's key means that an earlier sending whose answer was lost was stored, with
 * answers changed since. Sent again as it was, it answers its reference: better than a dead end,
 * after which the person would start again and send the household twice.
 */
async function referenceOfEarlierSending() {
  for (const body of state.unanswered) {
    try {
      const answer = await sendReferral(state.apiBaseUrl, body, state.idempotencyKey);
      if (answer.status >= 200 && answer.status < 300 && typeof answer.body?.reference === 'string') return answer.body.reference;
    } catch {
      // no answer this time either: the next candidate, else the 409's message
    }
  }
  return null;
}

async function submit(event) {
  event.preventDefault();
  if (state.sending || !state.description) return;
  const { body, problems } = readForm(page.form, state.description.schema);
  if (problems.length > 0) {
    showProblems('Il y a un problème', 'Votre demande n’a pas encore été envoyée. Corrigez les points suivants :', problems);
    return;
  }
  clearErrors(page.form, page.summary);
  document.title = pageTitle;
  setSending(true);
  let answer;
  try {
    answer = await sendReferral(state.apiBaseUrl, body, state.idempotencyKey);
  } catch {
    state.unanswered.push(body);
    setSending(false);
    showProblems(
      notSent,
      `Nous n’avons pas pu joindre le service. Vérifiez votre connexion à internet, puis réessayez. ${answersKept}`,
    );
    return;
  }
  const earlierReference = answer.status === 409 ? await referenceOfEarlierSending() : null;
  setSending(false);
  if (earlierReference) showConfirmation(earlierReference, { earlierSending: true });
  else if (answer.status >= 200 && answer.status < 300 && typeof answer.body?.reference === 'string')
    showConfirmation(answer.body.reference);
  else showRefusal(answer);
}

/** The referrer's own fields (who refers, their organisation, name, email, phone). */
const referrerFields = ['referrer.kind', 'referrer.organisation', 'referrer.name', 'referrer.email', 'referrer.phone'];

/**
 * Another referral: a partner (a CCAS, the CAF…) often sends several in a row, so their own details
 * stay; a household that referred itself starts from an empty form.
 */
function startAgain() {
  const kept =
    page.form.elements.namedItem('referrer.kind')?.value === 'household'
      ? []
      : referrerFields.map((name) => [name, page.form.elements.namedItem(name)?.value ?? '']);
  page.form.reset();
  for (const [name, value] of kept) {
    const control = page.form.elements.namedItem(name);
    if (control) control.value = value;
  }
  clearErrors(page.form, page.summary);
  state.idempotencyKey = newIdempotencyKey();
  state.unanswered = [];
  applyReferrerKind(page.form);
  applyConditions(page.form);
  characterCount.reset();
  document.title = pageTitle;
  show('form');
  window.scrollTo(0, 0);
  byId('form-title').focus();
}

page.form.addEventListener('submit', submit);
byId('referrer-kind').addEventListener('change', () => applyReferrerKind(page.form));
byId('housing-occupancyStatus').addEventListener('change', () => applyConditions(page.form));
byId('retry').addEventListener('click', () => start({ focus: true }));
byId('new-referral').addEventListener('click', startAgain);

start();
