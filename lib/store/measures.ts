import type { Measure } from '../domain/measure.js';
import { keys } from './keys.js';
import { withoutKeys, type Table, type TransactItem } from './table.js';

function measureItem(measure: Measure) {
  return {
    ...keys.measure(measure.id),
    ...keys.measureByStatus(measure.status, measure.createdAt, measure.id),
    ...keys.measureOfWorker(measure.workerId, measure.status, measure.createdAt, measure.id),
    entity: 'measure',
    ...measure,
  };
}

/** The put of a measure's head item; `create` makes it fail if the measure already exists. */
export function measurePut(tableName: string, measure: Measure, options: { create: boolean }): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: measureItem(measure),
      ...(options.create ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
    },
  };
}

/** Measures: a measure's file, its lifecycle writes, lists by status and by worker. */
export class MeasureStore {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<Measure | null> {
    const item = await this.table.get(keys.measure(id));
    return item ? withoutKeys<Measure>(item) : null;
  }
}
