/**
 * The embedded database as the server uses it: PGlite in a worker thread
 * (pglite-worker.ts), behind the same Database interface, so that no query
 * runs on the thread that serves the sockets. A request costs a message
 * each way (tens of µs), far less than the queries it carries.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database, Queryable } from './database.js';
import { READY_ID, type WorkerAnswer, type WorkerRequest } from './pglite-worker-messages.js';

/** A request without its id, which the client gives it. */
type Ask = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** An error of the worker as an Error again, with PostgreSQL's fields. */
function revive(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message)), fields);
}

/**
 * Starts pglite-worker in a thread. From our TypeScript sources (tsx, jest)
 * a worker cannot load a .ts entry even when the process has tsx's loader,
 * so a two-line CommonJS boot registers tsx in the thread and imports it.
 */
function startWorker(dataDir: string): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = new URL(fromSource ? './pglite-worker.ts' : './pglite-worker.js', import.meta.url);
  if (!fromSource) return new Worker(script, { workerData: { dataDir } });
  // tsx's `esm/api` export for `import` (require.resolve would find the CommonJS one).
  const tsxPackage = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxPackage, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => {
    register();
    return import(${JSON.stringify(script.href)});
  });`;
  return new Worker(boot, { eval: true, workerData: { dataDir } });
}

class PgliteWorkerDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = READY_ID + 1;
  private failure: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (answer: WorkerAnswer) => this.settle(answer));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => this.fail(new Error('the embedded database worker has stopped')));
    // Like a socket: the worker keeps the process alive only while a request waits.
    worker.unref();
  }

  query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.ask({ op: 'query', sql, params }) as Promise<Row[]>;
  }

  async exec(sql: string): Promise<void> {
    await this.ask({ op: 'exec', sql });
  }

  async copyFrom(table: string, columns: readonly string[], chunks: readonly string[]) {
    await this.ask({ op: 'copyFrom', table, columns, chunks });
  }

  copyOut(select: string): Promise<string> {
    return this.ask({ op: 'copyOut', sql: select }) as Promise<string>;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = this.nextId;
    await this.ask({ op: 'begin' });
    let result: T;
    try {
      result = await work(this.within(tx));
    } catch (error) {
      await this.ask({ op: 'end', tx, commit: false });
      throw error;
    }
    await this.ask({ op: 'end', tx, commit: true });
    return result;
  }

  dumpData(): Promise<string> {
    return this.ask({ op: 'dumpData' }) as Promise<string>;
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.ask({ op: 'close' });
    await this.worker.terminate();
  }

  /** Resolves once the worker has opened the database. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.register(READY_ID, { resolve: () => resolve(), reject });
    });
  }

  private within(tx: number): Queryable {
    return {
      query: <Row extends object>(sql: string, params: readonly unknown[] = []) =>
        this.ask({ op: 'query', tx, sql, params }) as Promise<Row[]>,
      exec: async (sql) => void (await this.ask({ op: 'exec', tx, sql })),
      copyFrom: async (table, columns, chunks) =>
        void (await this.ask({ op: 'copyFrom', tx, table, columns, chunks })),
      copyOut: (sql) => this.ask({ op: 'copyOut', tx, sql }) as Promise<string>,
    };
  }

  private ask(request: Ask): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.register(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private register(id: number, waiting: Waiting): void {
    if (this.waiting.size === 0) this.worker.ref();
    this.waiting.set(id, waiting);
  }

  private settle(answer: WorkerAnswer): void {
    const waiting = this.waiting.get(answer.id);
    if (!waiting) return;
    this.waiting.delete(answer.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (answer.ok) waiting.resolve(answer.value);
    else waiting.reject(revive(answer.error));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/**
 * Opens (creating if needed) the file-backed PGlite database in `dataDir`
 * (or `memory://`) in a worker thread of its own.
 */
export async function openPgliteWorkerDatabase(dataDir: string): Promise<Database> {
  const db = new PgliteWorkerDatabase(startWorker(dataDir));
  await db.ready();
  return db;
}
