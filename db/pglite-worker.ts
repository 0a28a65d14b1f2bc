/**
 * The embedded database on a thread of its own: PGlite runs PostgreSQL's
 * executor in WebAssembly on whatever thread calls it, so a query on the
 * server's thread stalls every socket for as long as it runs (a saved game,
 * the hourly history, reading the name index at a first start). Here it
 * runs in a worker; pglite-worker-database.ts is the server's side.
 *
 * Each request gets one answer with its id. A transaction stays open from
 * its `begin` to its `end`, and PGlite's own lock keeps every other query
 * out until then, as it does on one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Queryable } from './database.js';
import { openPgliteDatabase } from './pglite-database.js';
import { READY_ID, type WorkerAnswer, type WorkerRequest } from './pglite-worker-messages.js';

if (!parentPort) throw new Error('pglite-worker.ts runs as a worker thread');
const port = parentPort;

function answer(message: WorkerAnswer): void {
  port.postMessage(message);
}

/** An error as plain fields: PostgreSQL's `code`, `detail`, `constraint`… survive the copy. */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error))
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  return fields;
}

function settle(id: number, work: Promise<unknown>): void {
  work.then(
    (value) => answer({ id, ok: true, value }),
    (error: unknown) => answer({ id, ok: false, error: describe(error) }),
  );
}

let db: Awaited<ReturnType<typeof openPgliteDatabase>>;
try {
  db = await openPgliteDatabase((workerData as { dataDir: string }).dataDir);
} catch (error) {
  answer({ id: READY_ID, ok: false, error: describe(error) });
  port.close();
  throw error;
}

interface OpenTransaction {
  tx: Queryable;
  /** Ends the transaction's work: resolved commits, rejected rolls back. */
  end(commit: boolean): void;
  /** The id of the `end` request, answered when PGlite has finished. */
  endId?: number;
}
const transactions = new Map<number, OpenTransaction>();
/** Rejects a transaction's work so that PGlite rolls it back. */
const ROLLBACK = Symbol('rollback');

function begin(id: number): void {
  active++;
  const finished = db.transaction(
    (tx) =>
      new Promise<void>((resolve, reject) => {
        transactions.set(id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)) });
        answer({ id, ok: true, value: undefined });
      }),
  );
  finished.catch(() => undefined);
  const open = () => transactions.get(id);
  void finished
    .then(
      () => answer({ id: open()?.endId ?? -1, ok: true, value: undefined }),
      (error: unknown) =>
        answer(
          error === ROLLBACK
            ? { id: open()?.endId ?? -1, ok: true, value: undefined }
            : { id: open()?.endId ?? -1, ok: false, error: describe(error) },
        ),
    )
    .finally(() => {
      transactions.delete(id);
      active--;
      dumpWhenQuiet();
    });
}

function target(tx: number | undefined): Queryable {
  if (tx === undefined) return db;
  const open = transactions.get(tx);
  if (!open) throw new Error(`no open transaction ${tx}`);
  return open.tx;
}

async function perform(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'query':
      return target(request.tx).query(request.sql, request.params);
    case 'exec':
      return target(request.tx).exec(request.sql);
    case 'copyFrom':
      return target(request.tx).copyFrom(request.table, request.columns, request.chunks);
    case 'copyOut':
      return target(request.tx).copyOut(request.sql);
    default:
      throw new Error(`unexpected request ${request.op}`);
  }
}

/**
 * A dump (a backup) runs pg_dump on the one session PGlite has: it must
 * not land inside a transaction of the game's, nor a statement of the
 * game's inside its own. It waits until no statement or transaction is
 * under way, holding back new ones (a transaction's own statements still
 * pass, so that it can end), then runs alone; the held ones follow.
 */
let active = 0;
let dumpAsked: number | undefined;
const heldBack: WorkerRequest[] = [];

function dumpWhenQuiet(): void {
  if (dumpAsked === undefined || active > 0) return;
  const id = dumpAsked;
  active++;
  settle(
    id,
    db.dumpData().finally(() => {
      active--;
      dumpAsked = undefined;
      for (const request of heldBack.splice(0)) receive(request);
    }),
  );
}

function outsideTransactions(id: number, work: Promise<unknown>): void {
  active++;
  settle(
    id,
    work.finally(() => {
      active--;
      dumpWhenQuiet();
    }),
  );
}

function receive(request: WorkerRequest): void {
  const ofATransaction = request.op === 'end' || ('tx' in request && request.tx !== undefined);
  if (dumpAsked !== undefined && !ofATransaction) return void heldBack.push(request);
  switch (request.op) {
    case 'dumpData':
      dumpAsked = request.id;
      return dumpWhenQuiet();
    case 'begin':
      return begin(request.id);
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open)
        return answer({ id: request.id, ok: false, error: { message: 'no open transaction' } });
      open.endId = request.id;
      return open.end(request.commit);
    }
    case 'close':
      return settle(
        request.id,
        db.close().finally(() => setImmediate(() => port.close())),
      );
    default:
      if (ofATransaction) return settle(request.id, perform(request));
      return outsideTransactions(request.id, perform(request));
  }
}

port.on('message', receive);
answer({ id: READY_ID, ok: true, value: 'ready' });
