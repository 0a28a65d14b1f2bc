import type { NodeSample } from './node-sample.js';

/** Two hours of seconds: the last hour for the charts, and the hour before for its aggregation. */
export const SAMPLE_RETENTION_MS = 2 * 60 * 60 * 1000;

/**
 * Where every node's per-second samples are kept for two hours: in memory
 * for one node, in Redis when several share the rooms (redis-sample-log.ts).
 */
export interface SampleLog {
  append(sample: NodeSample): Promise<void>;
  /** Every node's samples with `from <= t < to`, oldest first. */
  between(from: number, to: number): Promise<NodeSample[]>;
  /** Each node's most recent sample. */
  latest(): Promise<NodeSample[]>;
}

/** One node's samples, in process. */
export class MemorySampleLog implements SampleLog {
  private samples: NodeSample[] = [];

  async append(sample: NodeSample): Promise<void> {
    this.samples.push(sample);
    const cutoff = sample.t - SAMPLE_RETENTION_MS;
    while (this.samples[0]!.t < cutoff) this.samples.shift();
  }

  async between(from: number, to: number): Promise<NodeSample[]> {
    return this.samples.filter((s) => s.t >= from && s.t < to);
  }

  async latest(): Promise<NodeSample[]> {
    const byNode = new Map<string, NodeSample>();
    for (const sample of this.samples) byNode.set(sample.node, sample);
    return [...byNode.values()];
  }
}
