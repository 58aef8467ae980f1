/** Every area's pages: one line per area (web-shell-contract.md). */
import { pages as admin } from './admin/index.js';
import { pages as analyst } from './analyst/index.js';

export const pages = [...admin, ...analyst];
