import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** A keep-alive client of one server on 127.0.0.1, one request at a time (latency, not throughput). */
export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly baseUrl: string) {}

  post(path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send('POST', path, body, headers);
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send('GET', path, undefined, headers);
  }

  private send(method: 'GET' | 'POST', path: string, body: string | undefined, headers: Record<string, string>): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const outgoing = request(
        new URL(path, this.baseUrl),
        {
          method,
          agent: this.agent,
          headers: {
            ...headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.byteLength } : {}),
          },
          timeout: 10_000,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.once('error', reject);
          incoming.once('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms });
          });
        },
      );
      outgoing.once('timeout', () => outgoing.destroy(new Error(`pas de réponse de ${this.baseUrl}${path} en 10 s`)));
      outgoing.once('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Variant {
  name: string;
  send(): Promise<Answer>;
  /** The status every answer must have (201 by default). */
  status?: number;
}

export interface InterleavedPlan {
  /** Requests per variant before measuring, themselves alternated. */
  warmup: number;
  batches: number;
  batchSize: number;
}

async function runBatch(variant: Variant, size: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < size; index += 1) {
    const answer = await variant.send();
    const expected = variant.status ?? 201;
    if (answer.status !== expected) {
      throw new Error(`${variant.name} : réponse ${answer.status} au lieu de ${expected} — ${answer.body.slice(0, 300)}`);
    }
    samples.push(answer.ms);
  }
  return samples;
}

/** The samples of each variant, batch by batch: batch k of one ran right beside batch k of the other. */
export type InterleavedSamples = [number[][], number[][]];

/**
 * Warms both variants up, then measures them in alternating batches (A B, B A, A B…), so drift
 * and machine noise (GC, JIT, the table growing, another process) fall on both alike.
 */
export async function measureInterleaved(
  variants: readonly [Variant, Variant],
  plan: InterleavedPlan,
): Promise<InterleavedSamples> {
  const batches: InterleavedSamples = [[], []];
  const warmupBatch = Math.max(1, Math.min(plan.batchSize, plan.warmup));
  for (let done = 0; done < plan.warmup; done += warmupBatch) {
    for (const variant of variants) await runBatch(variant, Math.min(warmupBatch, plan.warmup - done));
  }
  for (let batch = 0; batch < plan.batches; batch += 1) {
    const order = batch % 2 === 0 ? [0, 1] : [1, 0];
    for (const index of order) batches[index]!.push(await runBatch(variants[index]!, plan.batchSize));
  }
  return batches;
}
