import { recordFollowUp as step } from '../lib/domain/follow-up.js';
import { recordFollowUp } from './contracts/measures.js';
import { measureStepHandler } from './shared/measure-step.js';

export const handler = measureStepHandler(recordFollowUp, 'follow_up', step);
