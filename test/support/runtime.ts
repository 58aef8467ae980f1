import { inject } from 'vitest';
import type { PolicyId } from '../../lib/domain/policies.js';
import type { Group } from '../../lib/identity.js';
import { mintToken } from '../../infra/local/issuer.js';
import { startLocalRuntime } from '../../infra/local/runtime.js';
import { openApiConformance, type ConformanceCheck } from './openapi-conformance.js';
import { freshTable } from './store.js';

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The local runtime on 127.0.0.1 (a free port) over the run's DynamoDB Local, with its own table.
 * Handlers read their configuration once per module graph: one policy per test file.
 */
export async function startTestRuntime(policy: PolicyId = 'meuse') {
  const data = await freshTable();
  const runtime = await startLocalRuntime({
    port: 0,
    policy,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: data.tableName,
  });
  let conformance: Promise<ConformanceCheck> | undefined;
  const conforms = () =>
    (conformance ??= fetch(`${runtime.url}/openapi.json`).then(async (answer) =>
      openApiConformance((await answer.json()) as Parameters<typeof openApiConformance>[0]),
    ));
  return {
    ...data,
    url: runtime.url,
    /** The local pool's signing keys, to forge tokens the gateway must refuse or read whole. */
    issuerKeys: runtime.issuerKeys,
    async token(sub: string, ...groups: Group[]): Promise<string> {
      return mintToken(runtime.issuerKeys, { sub, groups });
    },
    async request<T = any>(
      method: string,
      path: string,
      options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
    ): Promise<HttpAnswer<T>> {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${runtime.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      const problem = (await conforms())({
        method,
        path,
        status: response.status,
        contentType: response.headers.get('content-type'),
        body: parsed,
      });
      // Every answer of every HTTP test is also checked against the document clients generate code from.
      if (problem) throw new Error(`Réponse non conforme au document OpenAPI : ${problem}\n${text.slice(0, 500)}`);
      return { status: response.status, headers: response.headers, body: parsed as T };
    },
    /** Registers a staff member through `PUT /staff/{id}`, as an administrator would (a worker by default). */
    async registerStaff(id: string, groups: Group[] = ['worker'], extra: { active?: boolean } = {}): Promise<void> {
      const token = await mintToken(runtime.issuerKeys, { sub: 'admin-fixture', groups: ['admin'] });
      const response = await fetch(`${runtime.url}/staff/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Personne ${id}`, email: `${id}@asll.example.fr`, groups, ...extra }),
      });
      if (response.status !== 200 && response.status !== 201) {
        throw new Error(`PUT /staff/${id} answered ${response.status}: ${await response.text()}`);
      }
    },
    accounts: runtime.accounts,
    async stop() {
      await runtime.stop();
      await data.drop();
    },
  };
}
