import { recordContract as step } from '../lib/domain/contract.js';
import { recordContract } from './contracts/record-contract.js';
import { measureStepHandler } from './shared/measure-step.js';

export const handler = measureStepHandler(recordContract, 'contract', step);
