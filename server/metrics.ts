/**
 * The node's Prometheus metrics (prom-client): Node's default metrics (CPU,
 * memory, event-loop lag, GC) and the game's own. One registry per node, not
 * prom-client's global one, so that test nodes in one process stay apart.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface GameMetrics {
  registry: Registry;
  /** From a guess reaching the socket to its ack leaving, by result. */
  guessSeconds: Histogram<'result'>;
  /** Events answered with an error, by code (rate_limited among them). */
  errors: Counter<'code'>;
  finds: Counter;
  unknownEvents: Counter;
}

export function createMetrics(labels: { node: string } = { node: 'local' }): GameMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return {
    registry,
    guessSeconds: new Histogram({
      name: 'placerace_guess_seconds',
      help: 'Time from a guess reaching the server to its ack, by result',
      labelNames: ['result'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'placerace_errors_total',
      help: 'Events answered with an error, by error code',
      labelNames: ['code'],
      registers: [registry],
    }),
    finds: new Counter({
      name: 'placerace_finds_total',
      help: 'Places found',
      registers: [registry],
    }),
    unknownEvents: new Counter({
      name: 'placerace_unknown_events_total',
      help: 'Events received that are not part of the protocol',
      registers: [registry],
    }),
  };
}
