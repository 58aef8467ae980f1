import { getConfig } from '../lib/config.js';
import { parisDate } from '../lib/domain/dates.js';
import { territoryMapping } from '../lib/domain/statistics/count.js';
import { downloadTable, downloadTerritories, statisticsDownload } from '../lib/domain/statistics/download.js';
import { statisticsCsv } from '../lib/domain/statistics/export-csv.js';
import { contentDisposition, statisticsFilename } from '../lib/domain/statistics/export-filename.js';
import { statsRange } from '../lib/domain/statistics/range.js';
import { statisticsMediaTypes, type StatisticsFileFormat, type StatisticsTable } from '../lib/domain/statistics/table.js';
import { getStatisticsConfig } from '../lib/statistics-config.js';
import { StatisticsStore } from '../lib/store/statistics.js';
import { getStats } from './contracts/get-stats.js';
import { apiHandler, type ApiResponse } from './shared/api-handler.js';
import { getStore } from './shared/dependencies.js';

/**
 * The spreadsheet writers are loaded when a spreadsheet is asked for, and only that one: lazy
 * modules (infra/bundling.ts), shipped beside this function's bundle, so that a JSON or CSV
 * download never loads write-excel-file nor odf-kit and the bundle stays within its 300 KB.
 */
async function spreadsheet(format: Exclude<StatisticsFileFormat, 'csv'>, table: StatisticsTable): Promise<Uint8Array> {
  if (format === 'xlsx') return (await import('#statistics-xlsx')).statisticsXlsx(table);
  return (await import('#statistics-ods')).statisticsOds(table);
}

/**
 * `GET /stats` (analysts and admins): the statistics the last `stats` run stored, for every
 * territory of the policy, small counts suppressed. Reads the stored cells of the span in one
 * Query, never a measure; no journal entry, since nothing in it is personal data.
 */
export const handler = apiHandler(
  getStats,
  async (request): Promise<ApiResponse> => {
    const { policy } = getConfig();
    const { threshold, ongoing } = getStatisticsConfig();
    const territories = territoryMapping(policy)?.territories ?? [];
    const range = statsRange(request.query, parisDate(request.now), downloadTerritories(territories).length);
    const store = getStore(StatisticsStore);
    const run = await store.lastRun();
    const stored = run ? await store.cells(range.by, range.periods[0]!, range.periods.at(-1)!) : new Map();
    const download = statisticsDownload({ range, run, stored, territories, threshold, ongoing });
    const { format } = request.query;
    if (format === 'json') return { statusCode: 200, body: download };

    const table = downloadTable(download, { department: policy.label, territories, ongoing });
    const headers = {
      'Content-Type': statisticsMediaTypes[format],
      'Content-Disposition': contentDisposition(statisticsFilename(table.columns, format)),
    };
    const body = format === 'csv' ? statisticsCsv(table) : await spreadsheet(format, table);
    return { statusCode: 200, raw: true, body, headers };
  },
  (response) => response,
);
