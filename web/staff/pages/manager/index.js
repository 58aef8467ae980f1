/** The manager's pages (issue 9, item 3); the measure file itself is the worker area's page, open to managers. */
import './manager.css';
import { decidedReferralsPage } from './decided-referrals.js';
import { handoverPage } from './handover.js';
import { allMeasuresPage } from './measures.js';
import { referralQueuePage } from './referral-queue.js';
import { referralPage } from './referral.js';
import { teamTasksPage } from './team-tasks.js';

export const pages = [referralQueuePage, decidedReferralsPage, referralPage, allMeasuresPage, handoverPage, teamTasksPage];
