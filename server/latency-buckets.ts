/**
 * Guess latency counted into fixed buckets: what the game's metrics tally
 * each second (server/metrics.ts) and what the operator's figures add up
 * and read quantiles from (server/admin/). Buckets, unlike a list of
 * times, add up across seconds and nodes.
 */

/** Upper bounds of the latency buckets, ms; fine enough for a p99 of a few ms. */
export const LATENCY_BUCKETS_MS = [
  0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 250, 500, 1000, 2500,
] as const;

/** The bucket counts of one latency, for adding into a sample's `latency`. */
export function latencyBucket(ms: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

export function emptyLatency(): number[] {
  return new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
}

/** Adds bucket counts into `into` (same bucket bounds). */
export function addLatency(into: number[], counts: readonly number[]): void {
  for (let i = 0; i < into.length; i++) into[i]! += counts[i] ?? 0;
}

/**
 * The q-quantile (0–1) of bucketed latencies, ms: the upper bound of the
 * bucket holding it, interpolated linearly within the bucket. Null when
 * there are no observations.
 */
export function latencyQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = LATENCY_BUCKETS_MS[i] ?? lower * 2;
      return lower + ((upper - lower) * (rank - seen)) / count;
    }
    seen += count;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]! * 2;
}
