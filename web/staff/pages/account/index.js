/** The pages of one's own account, whatever one's area: « Mes courriels » (workers and managers, who get task emails). */
import { emailNotificationsPage } from './email-notifications.js';

export const pages = [emailNotificationsPage];
