import { recordFollowUp as step } from '../lib/domain/follow-up.js';
import { recordFollowUp } from './contracts/record-follow-up.js';
import { measureStepHandler } from './shared/measure-step.js';

export const handler = measureStepHandler(recordFollowUp, 'follow_up', step);
