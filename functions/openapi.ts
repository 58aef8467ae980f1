import { openapi } from './contracts/openapi.js';
import { apiHandler } from './shared/api-handler.js';
import { openApiDocument } from './shared/openapi-document.js';

let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = apiHandler(openapi, async () => (document ??= openApiDocument()));
