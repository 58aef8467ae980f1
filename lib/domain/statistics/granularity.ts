/** How the statistics group months: the `by` of `GET /stats`. Apart, so that reading it bundles nothing else. */
export const granularities = ['month', 'quarter', 'year'] as const;

export type Granularity = (typeof granularities)[number];
