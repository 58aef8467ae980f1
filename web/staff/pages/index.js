/** Every area's pages: one line per area (web-shell-contract.md). */
import { pages as account } from './account/index.js';
import { pages as admin } from './admin/index.js';
import { pages as analyst } from './analyst/index.js';
import { pages as manager } from './manager/index.js';
import { pages as worker } from './worker/index.js';

export const pages = [...admin, ...worker, ...manager, ...analyst, ...account];
