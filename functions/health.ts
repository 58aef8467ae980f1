import { apiHandler } from './shared/api-handler.js';

export const handler = apiHandler('health', async () => ({ statusCode: 200, body: { status: 'ok' } }));
