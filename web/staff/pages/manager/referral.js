/**
 * One referral (`/demandes/:id`): what the referrer said of the household and its housing, the
 * screening flags explained, and the decision: the one recorded, or the form to take it.
 */
import { loadWorkers } from './directory.js';
import { handleSubmit } from './forms.js';
import { actionLink, factList, loadPage } from './lists.js';
import { activeWorkerOptions, decisionBody, delayPhrase, formatEuros, labeller, waitingPhrase } from './model.js';

function section(ctx, title, ...children) {
  const { h } = ctx.ui;
  return h('section', { class: 'manager-section' }, h('h2', {}, title), ...children);
}

function bulletList(ctx, items, empty, attrs = {}) {
  const { h } = ctx.ui;
  if (items.length === 0) return h('p', {}, empty);
  return h('ul', attrs, ...items.map((item) => h('li', {}, item)));
}

function referrerSection(ctx, referral, label) {
  const { referrer } = referral;
  return section(
    ctx,
    'Le prescripteur',
    factList(ctx, [
      ['Qui adresse la demande', label('referrerKinds', referrer.kind)],
      ['Organisme ou service', referrer.organisation],
      ['Nom', referrer.name],
      ['Adresse électronique', referrer.email],
      ['Téléphone', referrer.phone],
    ]),
  );
}

function householdSection(ctx, referral) {
  const { contact, address, adults, children } = referral.household;
  return section(
    ctx,
    'Le ménage',
    factList(ctx, [
      ['Nom', `${contact.lastName} ${contact.firstName}`],
      ['Composition', `${adults} ${adults > 1 ? 'adultes' : 'adulte'}, ${children} ${children > 1 ? 'enfants' : 'enfant'}`],
      ['Adresse', [address.line, `${address.postcode} ${address.commune}`].filter(Boolean).join(', ')],
      ['Adresse électronique', contact.email],
      ['Téléphone', contact.phone],
    ]),
  );
}

function housingSection(ctx, referral, label) {
  const { housing } = referral;
  const amount = (value) => (value === undefined ? undefined : formatEuros(value));
  return section(
    ctx,
    'Le logement',
    factList(ctx, [
      ['Situation', label('occupancyStatuses', housing.occupancyStatus)],
      ['Bailleur', housing.landlordType && label('landlordTypes', housing.landlordType)],
      ['Loyer mensuel', amount(housing.monthlyRent)],
      ['Impayés', amount(housing.arrearsAmount)],
      ['Procédure d’expulsion', housing.evictionStage && label('evictionStages', housing.evictionStage)],
    ]),
  );
}

function needsSection(ctx, referral, label) {
  const { h } = ctx.ui;
  return section(
    ctx,
    'Difficultés et orientation demandée',
    bulletList(
      ctx,
      referral.difficulties.map((difficulty) => label('difficulties', difficulty)),
      'Aucune difficulté indiquée.',
    ),
    factList(ctx, [['Orientation demandée', label('orientations', referral.orientation)]]),
    referral.message ? h('h3', {}, 'Message du prescripteur') : null,
    referral.message ? h('p', { class: 'manager-message' }, referral.message) : null,
  );
}

function screeningSection(ctx, referral, label) {
  const { h } = ctx.ui;
  const flags = referral.screening?.flags ?? [];
  return section(
    ctx,
    'Signalements du filtrage',
    h(
      'p',
      {},
      'À la réception, la demande est comparée aux exclusions du règlement du département et aux signes d’urgence. ' +
        'Un signalement appelle votre attention ; il ne décide pas : la décision vous revient.',
    ),
    bulletList(
      ctx,
      flags.map((flag) => label('screeningFlags', flag)),
      'Aucun signalement : la demande ne relève d’aucune exclusion du règlement et ne présente pas d’urgence.',
      { class: 'manager-flags' },
    ),
  );
}

/** The decision recorded on a referral, with the way to the measure an acceptance opened. */
function decisionSummary(ctx, referral, label) {
  const { formatDate } = ctx.ui;
  const { decision } = referral;
  return section(
    ctx,
    'Décision',
    factList(ctx, [
      ['Décision', label('referralStatuses', referral.status)],
      ['Date', formatDate(decision.decidedOn)],
      ['Délai', delayPhrase(decision.daysToDecision)],
      ['Motif', decision.reason],
    ]),
    decision.measureId ? actionLink(ctx, `/mesures/${decision.measureId}`, `Ouvrir la mesure ${referral.reference}`) : null,
  );
}

const optionsOf = (labels) => Object.entries(labels ?? {}).map(([value, text]) => ({ value, label: text }));

/** The form of `POST /referrals/{id}/decision`; `onDecided(outcome)` shows the answer, `onReload()` the referral as stored. */
function decisionForm(ctx, referral, { labels, durations, workers }, { onDecided, onReload }) {
  const { ui } = ctx;
  const { h } = ui;
  const workerOptions = activeWorkerOptions(workers);
  const acceptance = h(
    'div',
    { class: 'manager-decision-part', hidden: true },
    ui.radios({
      name: 'orientation',
      legend: 'Orientation de la mesure',
      options: optionsOf(labels.orientations),
      value: referral.orientation,
      required: true,
    }),
    ui.checkboxes({ name: 'axes', legend: 'Axes de travail', options: optionsOf(labels.workAxes), required: true }),
    ui.selectField({
      name: 'durationMonths',
      label: 'Durée initiale',
      required: true,
      hint: 'Les durées que prévoit le règlement du département.',
      options: durations.map((months) => ({ value: String(months), label: `${months} mois` })),
      // A single duration allowed is given, not asked.
      placeholder: durations.length > 1 ? 'Choisissez une durée' : null,
    }),
    ui.selectField({
      name: 'workerId',
      label: 'Travailleur social référent',
      required: true,
      hint:
        workerOptions.length === 0
          ? 'Aucun travailleur social actif dans l’annuaire : un administrateur doit d’abord en inscrire un.'
          : 'Les travailleurs sociaux actifs de l’annuaire.',
      options: workerOptions,
      placeholder: 'Choisissez un travailleur social',
    }),
  );
  const justification = h(
    'div',
    { class: 'manager-decision-part', hidden: true },
    ui.field({
      name: 'reason',
      label: 'Motif',
      type: 'textarea',
      required: true,
      hint: 'Pour une réorientation, indiquez vers quel dispositif.',
    }),
  );
  const submit = h('button', { type: 'submit', class: 'button' }, 'Enregistrer la décision');
  const status = h('div', { class: 'manager-form-status' });
  const form = h(
    'form',
    { class: 'manager-form', novalidate: true },
    ui.radios({ name: 'decision', legend: 'Votre décision', options: optionsOf(labels.decisions), required: true }),
    ui.field({ name: 'decidedOn', label: 'Date de la décision', type: 'date', value: ui.today(), required: true }),
    acceptance,
    justification,
    status,
    submit,
  );
  form.addEventListener('change', (event) => {
    if (event.target.name !== 'decision') return;
    acceptance.hidden = event.target.value !== 'accepted';
    justification.hidden = event.target.value === 'accepted';
  });

  handleSubmit(ctx, {
    form,
    submit,
    status,
    // The API's own message names its codes (accepted, refused…): the page says it in its words.
    check: () =>
      ui.readForm(form).decision
        ? null
        : {
            error: {
              code: 'VALIDATION_FAILED',
              message: 'Un champ est à corriger avant l’envoi.',
              details: [
                {
                  path: 'decision',
                  message: 'Choisissez votre décision : accepter, refuser ou orienter vers un autre dispositif.',
                },
              ],
            },
          },
    send: (idempotencyKey) =>
      ctx.api.post(`/referrals/${referral.id}/decision`, decisionBody(ui.readForm(form)), { idempotencyKey }),
    onDone: onDecided,
    conflict: () => alreadyDecidedNotice(ctx, onReload),
  });
  return form;
}

/** A 409: another decision was recorded meanwhile (a referral is decided once). */
function alreadyDecidedNotice(ctx, onReload) {
  const { ui } = ctx;
  return ui.notice(
    'error',
    'Cette demande est déjà décidée : une décision a été enregistrée entre-temps, peut-être par un autre responsable. ' +
      'La vôtre n’a pas été enregistrée. Affichez la demande à jour pour voir celle qui compte.',
    ui.h(
      'p',
      {},
      ui.h('button', { type: 'button', class: 'button button--secondary', onclick: onReload }, 'Voir la décision enregistrée'),
    ),
  );
}

function focusable(notice) {
  notice.setAttribute('tabindex', '-1');
  return notice;
}

/** « Reçue le 15 novembre 2026, en attente depuis 16 jours. » or, once decided, « Reçue le …. Acceptée. » */
function leadSentence(ctx, referral, label) {
  const { daysUntil, formatDate } = ctx.ui;
  const received = formatDate(referral.receivedOn);
  if (referral.status !== 'received') return `Reçue le ${received}. ${label('referralStatuses', referral.status)}.`;
  const days = -daysUntil(referral.receivedOn);
  return days > 0 ? `Reçue le ${received}, ${waitingPhrase(days)}.` : `Reçue aujourd’hui, ${received}, en attente de décision.`;
}

/** The tab's title and the menu item of a referral: « Demandes à examiner » while it waits, « Demandes décidées » after. */
function placeReferral(ctx, referral, label) {
  if (referral.status === 'received') {
    document.title = `Demande à examiner ${referral.reference} — ASLL`;
    ctx.markCurrent('/demandes');
  } else {
    document.title = `Demande ${referral.reference}, ${label('referralStatuses', referral.status).toLowerCase()} — ASLL`;
    ctx.markCurrent('/demandes-decidees');
  }
}

function renderReferral(main, ctx, { referral, labels, durations, workers }, flash) {
  const { ui } = ctx;
  const label = labeller(labels);
  placeReferral(ctx, referral, label);
  main.replaceChildren();
  ui.heading(main, `Demande ${referral.reference}`);
  if (flash) main.append(flash);
  main.append(
    ui.h('p', { class: 'manager-lead' }, leadSentence(ctx, referral, label)),
    screeningSection(ctx, referral, label),
    householdSection(ctx, referral),
    housingSection(ctx, referral, label),
    needsSection(ctx, referral, label),
    referrerSection(ctx, referral, label),
  );
  if (referral.decision) {
    main.append(decisionSummary(ctx, referral, label));
    return;
  }
  const onDecided = (outcome) => {
    const { measure } = outcome;
    const notice = focusable(
      measure
        ? ui.notice(
            'success',
            `Demande acceptée : la mesure ${measure.reference} est ouverte, en attente de la signature du contrat.`,
            actionLink(ctx, `/mesures/${measure.id}`, 'Ouvrir la nouvelle mesure'),
          )
        : ui.notice('success', `Décision enregistrée : ${label('referralStatuses', outcome.referral.status).toLowerCase()}.`),
    );
    renderReferral(main, ctx, { referral: outcome.referral, labels, durations, workers }, notice);
    // A notice of role status, focused: read once, where the person now is.
    notice.focus();
  };
  const onReload = () => referralPage.render(main, ctx);
  main.append(section(ctx, 'Décision', decisionForm(ctx, referral, { labels, durations, workers }, { onDecided, onReload })));
}

/** @type {import('../../shell.js').Page} */
export const referralPage = {
  path: '/demandes/:id',
  // Once loaded, the title says the referral's reference and where it stands.
  title: 'Demande',
  groups: ['manager'],
  async render(main, ctx) {
    const id = encodeURIComponent(ctx.params.id);
    // With the referral, what its decision form needs: the policy's durations, the directory's workers.
    const loaded = await loadPage(main, ctx, [
      ctx.api.get(`/referrals/${id}`),
      ctx.vocabulary(),
      ctx.api.get('/referral-form'),
      loadWorkers(ctx),
    ]);
    if (!loaded) return;
    const [{ body: referral }, { labels }, form, { items: workers }] = loaded;
    renderReferral(main, ctx, { referral, labels, durations: form.body.policy.initialDurationsMonths, workers });
  },
};
