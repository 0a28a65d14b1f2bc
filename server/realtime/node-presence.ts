/**
 * Which nodes are alive: each node writes a heartbeat into a sorted set in
 * Redis; a node whose heartbeat is older than `deadAfterMs` is dead (a
 * `kill -9`, a lost machine). The first survivor to remove it from the set
 * reports it, once, so its seats are marked disconnected in every room.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export interface NodePresenceOptions {
  redis: Redis;
  prefix: string;
  nodeId: string;
  log: Logger;
  onLost(node: string): Promise<void>;
  /** This node was taken for dead (stalled past `deadAfterMs`) and is back: re-seat its players. */
  onRevived(): Promise<void>;
  intervalMs?: number;
  deadAfterMs?: number;
}

export interface NodePresence {
  /** Stops the heartbeat and leaves the set, as on a clean shutdown. */
  stop(): Promise<void>;
}

export function startNodePresence(options: NodePresenceOptions): NodePresence {
  const { redis, nodeId, log } = options;
  const key = `${options.prefix}nodes`;
  const intervalMs = options.intervalMs ?? 2000;
  const deadAfterMs = options.deadAfterMs ?? 10_000;

  let joined = false;
  async function beat() {
    const now = Date.now();
    const added = await redis.zadd(key, now, nodeId);
    if (added === 1 && joined) {
      log.warn({ node: nodeId }, 'this node was taken for dead; taking its seats back');
      await options.onRevived();
    }
    joined = true;
    const dead = await redis.zrangebyscore(key, '-inf', now - deadAfterMs);
    for (const node of dead) {
      if ((await redis.zrem(key, node)) !== 1) continue;
      log.warn({ node }, 'a node stopped answering; disconnecting its players');
      await options.onLost(node);
    }
  }

  const timer = setInterval(() => {
    beat().catch((err: unknown) => log.debug({ err }, 'node heartbeat failed'));
  }, intervalMs);
  timer.unref();
  void beat().catch(() => {});

  return {
    async stop() {
      clearInterval(timer);
      await redis.zrem(key, nodeId).catch(() => {});
    },
  };
}
