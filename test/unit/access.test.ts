import { describe, expect, it } from 'vitest';
import { measureListScope, measureVisibleTo, taskCompletableBy, taskListScope, taskVisibleTo } from '../../lib/domain/access.js';
import { ForbiddenError } from '../../lib/errors.js';
import type { Caller } from '../../lib/identity.js';

const worker: Caller = { id: 'w-1', groups: ['worker'] };
const otherWorker: Caller = { id: 'w-2', groups: ['worker'] };
const manager: Caller = { id: 'm-1', groups: ['manager'] };
const analyst: Caller = { id: 'a-1', groups: ['analyst'] };
const admin: Caller = { id: 'ad-1', groups: ['admin'] };
const measure = { workerId: 'w-1' };

describe('who reaches a measure', () => {
  it('shows a measure to its worker and to managers only', () => {
    expect(measureVisibleTo(worker, measure)).toBe(true);
    expect(measureVisibleTo(otherWorker, measure)).toBe(false);
    expect(measureVisibleTo(manager, measure)).toBe(true);
    expect(measureVisibleTo(analyst, measure)).toBe(false);
    expect(measureVisibleTo(admin, measure)).toBe(false);
  });

  it('does not let an admin who shares a worker’s id reach the measure without the worker group', () => {
    expect(measureVisibleTo({ id: 'w-1', groups: ['admin'] }, measure)).toBe(false);
  });

  it('lists a worker’s own measures, and all or one worker’s for a manager', () => {
    expect(measureListScope(worker)).toEqual({ workerId: 'w-1' });
    expect(measureListScope(worker, 'w-1')).toEqual({ workerId: 'w-1' });
    expect(measureListScope(manager)).toBe('all');
    expect(measureListScope(manager, 'w-2')).toEqual({ workerId: 'w-2' });
    expect(measureListScope({ id: 'w-1', groups: ['worker', 'manager'] })).toBe('all');
  });

  it('refuses a worker asking for another worker’s measures, and analysts and admins any list', () => {
    expect(() => measureListScope(worker, 'w-2')).toThrow(ForbiddenError);
    expect(() => measureListScope(analyst)).toThrow(ForbiddenError);
    expect(() => measureListScope(admin)).toThrow(ForbiddenError);
  });
});

describe('who reaches a task', () => {
  const workerTask = { assignee: { workerId: 'w-1' } };
  const managersTask = { assignee: { group: 'manager' as const } };

  it('lists a worker’s own tasks, and the managers’ or one worker’s for a manager', () => {
    expect(taskListScope(worker)).toEqual({ workerId: 'w-1' });
    expect(taskListScope(manager)).toEqual({ group: 'manager' });
    expect(taskListScope(manager, 'w-1')).toEqual({ workerId: 'w-1' });
    expect(() => taskListScope(worker, 'w-2')).toThrow(ForbiddenError);
    expect(() => taskListScope(analyst)).toThrow(ForbiddenError);
  });

  it('lets a worker read and complete their own tasks only', () => {
    expect(taskVisibleTo(worker, workerTask)).toBe(true);
    expect(taskVisibleTo(otherWorker, workerTask)).toBe(false);
    expect(taskVisibleTo(worker, managersTask)).toBe(false);
    expect(taskCompletableBy(worker, workerTask)).toBe(true);
    expect(taskCompletableBy(otherWorker, workerTask)).toBe(false);
  });

  it('lets a manager read every task but complete only the managers’ ones', () => {
    expect(taskVisibleTo(manager, workerTask)).toBe(true);
    expect(taskCompletableBy(manager, managersTask)).toBe(true);
    expect(taskCompletableBy(manager, workerTask)).toBe(false);
    expect(taskCompletableBy(analyst, managersTask)).toBe(false);
  });
});
