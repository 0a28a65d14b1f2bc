/**
 * Several real server processes ("nodes") sharing one PostgreSQL and one
 * Redis, as issue 5 runs them: each on its own loopback port, all under one
 * REDIS_PREFIX of their own so that runs never share keys. For the multi-node
 * suite and the adapter benchmark; no jest here, so benchmarks can use it.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort, spawnScript } from './processes.js';

/** What each node's output buffer keeps (the end of it), per stream. */
const OUTPUT_LIMIT = 200_000;

export interface ClusterOptions {
  /** The node ids, one node each: `['node-a', 'node-b']`. */
  ids: readonly string[];
  databaseUrl: string;
  redisUrl: string;
  /** Every Redis key of the run lives under it; a new `prtest-<random>:` by default. */
  redisPrefix?: string;
  /** More environment for every node. */
  env?: NodeJS.ProcessEnv;
  /** How long a node may take to answer /healthz 200. */
  readyTimeoutMs?: number;
}

export interface ClusterNode {
  id: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Whether the harness stopped it on purpose (kill, stop); otherwise an exit is unexpected. */
  stopping: boolean;
  stdout: string;
  stderr: string;
  /** Resolves with the exit of the current process. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface UnexpectedExit {
  id: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A new prefix for one run's Redis keys. */
export function newRedisPrefix(): string {
  return `prtest-${randomBytes(6).toString('hex')}:`;
}

export class Cluster {
  readonly nodes: ClusterNode[] = [];
  /** Nodes that exited without the harness asking them to. */
  readonly unexpectedExits: UnexpectedExit[] = [];
  readonly redisPrefix: string;
  private readonly options: ClusterOptions;

  private constructor(options: ClusterOptions) {
    this.options = options;
    this.redisPrefix = options.redisPrefix ?? newRedisPrefix();
  }

  /** Starts every node at once and waits until each answers /healthz 200. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(options);
    try {
      const ports = new Set<number>();
      while (ports.size < options.ids.length) ports.add(await freePort());
      await Promise.all(options.ids.map((id, i) => cluster.launch(id, [...ports][i]!, i)));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  url(index: number): string {
    return this.node(index).url;
  }

  node(index: number): ClusterNode {
    const node = this.nodes[index];
    if (!node) throw new Error(`no node ${index} in a cluster of ${this.nodes.length}`);
    return node;
  }

  /** Whether the node's current process is still running. */
  alive(index: number): boolean {
    const { child } = this.node(index);
    return child.exitCode === null && child.signalCode === null;
  }

  /** Sends `signal` to one node and waits for its process to end. */
  async kill(index: number, signal: NodeJS.Signals = 'SIGKILL') {
    const node = this.node(index);
    node.stopping = true;
    if (this.alive(index)) node.child.kill(signal);
    return node.exited;
  }

  /** Starts a stopped (or killed) node again, with the same id and port. */
  async restart(index: number): Promise<ClusterNode> {
    const node = this.node(index);
    if (this.alive(index)) await this.kill(index, 'SIGTERM');
    return this.launch(node.id, node.port, index);
  }

  /** Every node's output so far, for a failing test's message. */
  logs(): string {
    return this.nodes
      .map(
        (n) =>
          `----- ${n.id} (${n.url}) stdout -----\n${n.stdout}\n----- ${n.id} stderr -----\n${n.stderr}`,
      )
      .join('\n');
  }

  /**
   * Runs `body`; when it throws, the nodes' output is added to the error, so
   * that a failing test shows what the servers said.
   */
  async explain<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (err) {
      if (err instanceof Error) {
        err.message += `\n\nOutput of the nodes:\n${this.logs()}`;
        if (this.unexpectedExits.length > 0) {
          err.message += `\nNodes that exited: ${JSON.stringify(this.unexpectedExits)}`;
        }
      }
      throw err;
    }
  }

  /**
   * Stops every node (SIGTERM, then SIGKILL after `graceMs`) and deletes the
   * run's Redis keys. Safe to call twice.
   */
  async stop(graceMs = 5000): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node, index) => {
        if (!this.alive(index)) return;
        node.stopping = true;
        node.child.kill('SIGTERM');
        const timer = setTimeout(() => node.child.kill('SIGKILL'), graceMs);
        await node.exited;
        clearTimeout(timer);
      }),
    );
    await deleteKeys(this.options.redisUrl, this.redisPrefix);
  }

  private async launch(id: string, port: number, index?: number): Promise<ClusterNode> {
    const child = spawnScript('server/main.ts', [], {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: this.options.databaseUrl,
      REDIS_URL: this.options.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      NODE_ID: id,
      LOG_LEVEL: 'warn',
      ...this.options.env,
    });
    child.stdin!.end();
    const node: ClusterNode = {
      id,
      port,
      url: `http://127.0.0.1:${port}`,
      child,
      stopping: false,
      stdout: '',
      stderr: '',
      exited: new Promise((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      ),
    };
    const keep = (text: string) => (text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text);
    child.stdout!.on('data', (chunk: Buffer) => (node.stdout = keep(node.stdout + chunk)));
    child.stderr!.on('data', (chunk: Buffer) => (node.stderr = keep(node.stderr + chunk)));
    void node.exited.then(({ code, signal }) => {
      if (!node.stopping) this.unexpectedExits.push({ id, code, signal });
    });
    if (index === undefined) this.nodes.push(node);
    else this.nodes[index] = node;
    await this.ready(node);
    return node;
  }

  private async ready(node: ClusterNode): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    void node.exited.then((e) => (exit = e));
    for (;;) {
      if (exit) {
        throw new Error(
          `${node.id} exited before it was ready (${JSON.stringify(exit)}):\n${node.stdout}\n${node.stderr}`,
        );
      }
      const status = await fetch(`${node.url}/healthz`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${node.id} did not answer /healthz 200 in time (last ${status}):\n${node.stdout}\n${node.stderr}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Deletes every key under `prefix` (SCAN MATCH prefix* and DEL); an unreachable Redis is left alone. */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('refusing to delete the keys of an empty prefix');
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  let deleted = 0;
  try {
    await redis.connect();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis is gone (a suite stopped its own): nothing is left to clean.
  } finally {
    redis.disconnect();
  }
  return deleted;
}
