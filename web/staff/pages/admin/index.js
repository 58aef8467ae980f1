/** The administrators' pages: the staff directory and a file's journal. */
import { journalPage } from './journal.js';
import { staffDirectoryPage } from './staff-directory.js';
import { editStaffPage, newStaffPage } from './staff-form.js';

// `/equipe/nouveau` before `/equipe/:id`: the first pattern that matches wins.
export const pages = [staffDirectoryPage, newStaffPage, editStaffPage, journalPage];
