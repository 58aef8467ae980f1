import { recordVisit as step } from '../lib/domain/visit.js';
import { recordVisit } from './contracts/record-visit.js';
import { measureStepHandler } from './shared/measure-step.js';

export const handler = measureStepHandler(recordVisit, 'visit', step);
