import type { Answer, HttpClient, InterleavedPlan } from './latency.js';
import { measureInterleaved } from './latency.js';
import { prepareMeasureFileBenchmark, prepareVisitBenchmark } from './measure-latency.js';
import { prepareReferralBenchmark } from './referral-latency.js';
import { latencyFigures, startBareGateway, startBenchSystem, type LambdaHandler, type LatencyFigures } from './system.js';

/** One route measured through the local runtime beside its bare handler behind the second gateway. */
interface RouteBenchmark {
  entry: string;
  bare: LambdaHandler;
  send(client: HttpClient, isBare: boolean): Promise<Answer>;
  status?: number;
  /** One more request through `client`, and what it wrote (and answered), as comparable text. */
  written(client: HttpClient): Promise<string>;
}

export interface RouteLatencies {
  referral: LatencyFigures;
  visit: LatencyFigures;
  measureFile: LatencyFigures;
}

/**
 * `POST /referrals`, `POST /measures/{id}/visits` and `GET /measures/{id}` (a file of 100 visits),
 * one after the other, each beside its bare handler: interleaved batches, then the items compared.
 */
export async function measureRouteLatencies(plan: InterleavedPlan, log: (line: string) => void): Promise<RouteLatencies> {
  const system = await startBenchSystem(log);
  log('préparation : saisine, mesures actives (décision et contrat par le store), dossier de 100 rencontres…');
  const benchmarks: Record<keyof RouteLatencies, RouteBenchmark> = {
    referral: await prepareReferralBenchmark(system),
    visit: await prepareVisitBenchmark(system),
    measureFile: await prepareMeasureFileBenchmark(system),
  };
  const bareClient = await startBareGateway(
    system,
    new Map(Object.values(benchmarks).map((benchmark) => [benchmark.entry, benchmark.bare])),
  );

  const figures: Partial<RouteLatencies> = {};
  for (const [name, benchmark] of Object.entries(benchmarks) as [keyof RouteLatencies, RouteBenchmark][]) {
    log(`${name} : ${plan.warmup} requêtes de chauffe puis ${plan.batches} lots alternés de ${plan.batchSize}, par variante…`);
    const samples = await measureInterleaved(
      [
        { name: `${name}, gestionnaire réel`, send: () => benchmark.send(system.realClient, false), status: benchmark.status },
        { name: `${name}, gestionnaire nu`, send: () => benchmark.send(bareClient, true), status: benchmark.status },
      ],
      plan,
    );
    // The comparison is fair only if both wrote the same thing: one more request each, compared.
    figures[name] = latencyFigures(samples, await benchmark.written(system.realClient), await benchmark.written(bareClient));
  }
  return figures as RouteLatencies;
}
