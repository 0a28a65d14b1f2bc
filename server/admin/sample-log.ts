import type { NodeSample } from './node-sample.js';

/** Two hours of seconds: the last hour for the charts, and the hour before for its aggregation. */
export const SAMPLE_RETENTION_MS = 2 * 60 * 60 * 1000;

/**
 * Where every node's per-second samples are kept for two hours: in memory
 * for one node, in Redis when several share the rooms (redis-sample-log.ts).
 * Only each node's latest sample keeps its `roomGuesses`.
 */
export interface SampleLog {
  append(sample: NodeSample): Promise<void>;
  /** Every node's samples with `from <= t < to`, oldest first, without `roomGuesses`. */
  between(from: number, to: number): Promise<NodeSample[]>;
  /** Each node's most recent sample, whole. */
  latest(): Promise<NodeSample[]>;
}

/** A sample as kept for two hours: without the per-room figures. */
export function kept(sample: NodeSample): NodeSample {
  const { roomGuesses, ...rest } = sample;
  return rest;
}

/** One process's samples, in memory. */
export class MemorySampleLog implements SampleLog {
  private readonly samples: NodeSample[] = [];
  private readonly latestByNode = new Map<string, NodeSample>();

  async append(sample: NodeSample): Promise<void> {
    this.samples.push(kept(sample));
    this.latestByNode.set(sample.node, sample);
    const cutoff = sample.t - SAMPLE_RETENTION_MS;
    while (this.samples[0]!.t < cutoff) this.samples.shift();
  }

  async between(from: number, to: number): Promise<NodeSample[]> {
    return this.samples.filter((s) => s.t >= from && s.t < to).sort((a, b) => a.t - b.t);
  }

  async latest(): Promise<NodeSample[]> {
    return [...this.latestByNode.values()];
  }
}
