/**
 * Latency samples of one measurement window, bounded: past `capacity` values
 * it keeps a uniform random sample (reservoir sampling), so a long soak at a
 * high rate cannot exhaust memory, while count and max stay exact.
 */
import { percentile } from '../bench/stats.js';

export interface LatencyFigures {
  count: number;
  /** Milliseconds; NaN (null in JSON) without samples. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class Samples {
  private values: number[] = [];
  count = 0;
  max = 0;

  constructor(private readonly capacity = 1_000_000) {}

  add(ms: number): void {
    this.count++;
    if (ms > this.max) this.max = ms;
    if (this.values.length < this.capacity) this.values.push(ms);
    else {
      const slot = Math.floor(Math.random() * this.count);
      if (slot < this.capacity) this.values[slot] = ms;
    }
  }

  figures(): LatencyFigures {
    const sorted = Float64Array.from(this.values).sort();
    const at = (p: number) => percentile(sorted as unknown as number[], p);
    return {
      count: this.count,
      p50: at(50),
      p95: at(95),
      p99: at(99),
      max: this.count > 0 ? this.max : NaN,
    };
  }
}
