import type { RouteId } from '../../infra/manifest.js';
import type { RouteContract } from '../shared/contract.js';
import { health } from './health.js';
import { openapi } from './openapi.js';
import { referralForm } from './referral-form.js';
import { createReferral } from './create-referral.js';
import { listReferrals } from './list-referrals.js';
import { getReferral } from './get-referral.js';
import { decideReferral } from './decide-referral.js';
import { listMeasures } from './list-measures.js';
import { measureForm } from './measure-form.js';
import { getMeasure } from './get-measure.js';
import { recordContract } from './record-contract.js';
import { recordVisit } from './record-visit.js';
import { recordBilan } from './record-bilan.js';
import { recordRenewal } from './record-renewal.js';
import { recordClosure } from './record-closure.js';
import { recordFollowUp } from './record-follow-up.js';
import { readJournal } from './read-journal.js';
import { findReference } from './find-reference.js';
import { putStaff } from './put-staff.js';
import { listStaff } from './list-staff.js';
import { getMe } from './get-me.js';
import { setEmailNotifications } from './set-email-notifications.js';
import { handOverMeasure } from './hand-over-measure.js';
import { listTasks } from './list-tasks.js';
import { completeTask } from './complete-task.js';
import { createCalendarFeed } from './create-calendar-feed.js';
import { getCalendarFeed } from './get-calendar-feed.js';
import { revokeCalendarFeed } from './revoke-calendar-feed.js';
import { getCalendar } from './get-calendar.js';
import { getStats } from './get-stats.js';
import { getStatsCatalogue } from './get-stats-catalogue.js';

/**
 * Every route's contract, for the OpenAPI document. One module per route, named after its handler:
 * a handler imports only its own, so its bundle builds no other route's schemas (esbuild keeps
 * every schema a module constructs, used or not).
 */
export const contracts = {
  health,
  openapi,
  referralForm,
  createReferral,
  listReferrals,
  getReferral,
  decideReferral,
  listMeasures,
  measureForm,
  getMeasure,
  recordContract,
  recordVisit,
  recordBilan,
  recordRenewal,
  recordClosure,
  recordFollowUp,
  handOverMeasure,
  listTasks,
  completeTask,
  createCalendarFeed,
  getCalendarFeed,
  revokeCalendarFeed,
  getCalendar,
  putStaff,
  listStaff,
  getMe,
  setEmailNotifications,
  findReference,
  readJournal,
  getStats,
  getStatsCatalogue,
} satisfies Record<RouteId, RouteContract>;
