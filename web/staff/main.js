import './staff.css';
import { pages } from './pages/index.js';
import { startShell } from './shell.js';

void startShell(pages);
