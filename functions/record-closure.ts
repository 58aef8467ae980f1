import { recordClosure as step } from '../lib/domain/closure.js';
import { recordClosure } from './contracts/record-closure.js';
import { measureStepHandler } from './shared/measure-step.js';

export const handler = measureStepHandler(recordClosure, 'closure', step);
