import './analyst.css';
import { statisticsPage } from './statistics-page.js';

/** The analyst's pages (issue 9, item 4). */
export const pages = [statisticsPage];
