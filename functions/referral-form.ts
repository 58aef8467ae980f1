import { referralFormDescription } from '../lib/domain/referral-form.js';
import { apiHandler } from './shared/api-handler.js';
import { getConfig } from '../lib/config.js';

export const handler = apiHandler('referralForm', async () => ({
  statusCode: 200,
  body: referralFormDescription(getConfig().policy),
  headers: { 'Cache-Control': 'public, max-age=300' },
}));
