import { referralFormDescription } from '../lib/domain/referral-form.js';
import { getConfig } from '../lib/config.js';
import { referralForm } from './contracts/referral-form.js';
import { apiHandler } from './shared/api-handler.js';

export const handler = apiHandler(
  referralForm,
  async () => referralFormDescription(getConfig().policy),
  (description) => ({ statusCode: 200, body: description, headers: { 'Cache-Control': 'public, max-age=300' } }),
);
