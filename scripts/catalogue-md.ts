import { catalogueMarkdown } from '../lib/domain/statistics/catalogue-markdown.js';

// Prints the README's statistics catalogue, generated from lib/domain/statistics/catalogue.ts.
process.stdout.write(catalogueMarkdown());
