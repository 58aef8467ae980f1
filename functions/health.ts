import { health } from './contracts/public.js';
import { apiHandler } from './shared/api-handler.js';

export const handler = apiHandler(health, async () => ({ status: 'ok' }));
