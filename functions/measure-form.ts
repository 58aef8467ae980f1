import { measureFormDescription } from '../lib/domain/measure-form.js';
import { getConfig } from '../lib/config.js';
import { measureForm } from './contracts/measure-form.js';
import { apiHandler } from './shared/api-handler.js';

/**
 * `GET /measure-form`: what the measure forms need (body schemas, labels, the policy's requirements);
 * the same for every caller. Kept five minutes by the browser, for the token that asked only
 * (`Vary: Authorization`): once signed out, a request without a token gets the 401, not the copy.
 */
export const handler = apiHandler(
  measureForm,
  async () => measureFormDescription(getConfig().policy),
  (description) => ({
    statusCode: 200,
    body: description,
    headers: { 'Cache-Control': 'private, max-age=300', Vary: 'Authorization' },
  }),
);
