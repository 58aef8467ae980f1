import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Checks answers against the OpenAPI document the system itself serves (`GET /openapi.json`): the
 * operation of the request's method and path, the status among its documented responses, and the
 * JSON body against that response's schema. What outside clients generate their code from must be
 * what the system answers.
 */

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: object;
}

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => Ajv2020;

const httpMethods = new Set(['get', 'post', 'put', 'delete', 'patch']);

/** `/measures/{id}/visits` → a regex matching one path segment per parameter. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);

export type ConformanceCheck = (answer: {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}) => string | null;

export function openApiConformance(document: OpenApiDocument): ConformanceCheck {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const templates = Object.keys(document.paths)
    // Literal paths before templated ones: `/stats/catalogue` is not `/stats/{…}`.
    .sort((a, b) => Number(a.includes('{')) - Number(b.includes('{')))
    .map((template) => ({ template, pattern: templatePattern(template) }));
  const validators = new Map<string, ValidateFunction>();
  let compiled = 0;
  const validatorOf = (key: string, schema: object) => {
    let validate = validators.get(key);
    if (!validate) {
      // The response's schema with the document's components beside it, so that its `#/components/…` resolve.
      validate = ajv.compile({ $id: `asll:response-${(compiled += 1)}`, ...schema, components: document.components });
      validators.set(key, validate);
    }
    return validate;
  };

  return ({ method, path, status, contentType, body }) => {
    const verb = method.toLowerCase();
    if (!httpMethods.has(verb)) return null;
    const pathname = path.split('?')[0]!;
    const template = templates.find((each) => each.pattern.test(pathname) && document.paths[each.template]![verb]);
    // A method the path does not have (405) or an unknown path (404): not an operation of the document.
    if (!template) return null;
    const operation = document.paths[template.template]![verb]!;
    const response = operation.responses[String(status)];
    const where = `${method} ${template.template} → ${status}`;
    if (!response) return `${where} : statut absent du document OpenAPI (${Object.keys(operation.responses).join(', ')})`;
    const mediaType = contentType?.split(';')[0]!.trim() ?? null;
    const content = response.content ?? {};
    if (mediaType === null || !(mediaType in content)) {
      return `${where} : type ${mediaType ?? '(aucun)'} non décrit (${Object.keys(content).join(', ') || 'aucun contenu'})`;
    }
    if (mediaType !== 'application/json') return null;
    const validate = validatorOf(`${where} ${mediaType}`, content[mediaType]!.schema);
    if (validate(body)) return null;
    return `${where} : ${ajv.errorsText(validate.errors, { dataVar: 'réponse' })}`;
  };
}
