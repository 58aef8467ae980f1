/** A row of `GET /stats?format=json`, as API.md gives it. */
export interface StatsRow {
  period: string;
  territory: string;
  indicator: string;
  dimension: string | null;
  category: string | null;
  value: number | null;
  suppressed: boolean;
}

/** `GET /stats?<query>` as the bytes a browser or a spreadsheet receives, with its status and headers. */
export async function fetchStats(baseUrl: string, query: string, token: string, accept?: string) {
  const response = await fetch(`${baseUrl}/stats?${query}`, {
    headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
  });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}
