/** Latency figures of a run, in microseconds, and its rate. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Runs `work` on each item one after another, timing each call. */
export async function measureSequential<T>(
  items: readonly T[],
  work: (item: T) => Promise<unknown>,
): Promise<LatencySummary> {
  const micros: number[] = [];
  const started = process.hrtime.bigint();
  for (const item of items) {
    const t0 = process.hrtime.bigint();
    await work(item);
    micros.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  micros.sort((a, b) => a - b);
  return {
    count: items.length,
    p50: percentile(micros, 50),
    p99: percentile(micros, 99),
    max: micros[micros.length - 1] ?? NaN,
    perSecond: items.length / seconds,
  };
}

/** Runs `work` on every item with `inFlight` calls outstanding at a time; returns calls per second. */
export async function measureThroughput<T>(
  items: readonly T[],
  work: (item: T) => Promise<unknown>,
  inFlight: number,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return items.length / (Number(process.hrtime.bigint() - started) / 1e9);
}
