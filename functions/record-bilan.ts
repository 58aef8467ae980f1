import { recordBilan as step } from '../lib/domain/bilan.js';
import { recordBilan } from './contracts/record-bilan.js';
import { measureStepHandler } from './shared/measure-step.js';

export const handler = measureStepHandler(recordBilan, 'bilan', step);
