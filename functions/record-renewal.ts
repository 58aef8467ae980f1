import { recordRenewal as step } from '../lib/domain/renewal.js';
import { recordRenewal } from './contracts/record-renewal.js';
import { measureStepHandler } from './shared/measure-step.js';

export const handler = measureStepHandler(recordRenewal, 'renewal', step);
