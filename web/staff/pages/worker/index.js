/** The worker's pages (web-shell-contract.md): tasks, measures, the calendar address, the measure file and its six forms. */
import { calendarFeedPage } from './calendar-feed.js';
import { measureFilePage } from './measure-file.js';
import { myMeasuresPage } from './measures.js';
import { myTasksPage } from './tasks.js';
import { writePages } from './write-forms.js';
import './worker.css';

export const pages = [myTasksPage, myMeasuresPage, calendarFeedPage, measureFilePage, ...writePages];
