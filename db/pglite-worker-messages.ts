/** What the server's thread and the embedded database's worker say to each other. */

/** Where a statement runs: the database, or the transaction opened by the `begin` of that id. */
interface In {
  id: number;
  tx?: number;
}

export type WorkerRequest =
  | (In & { op: 'query'; sql: string; params: readonly unknown[] })
  | (In & { op: 'exec'; sql: string })
  | (In & { op: 'copyFrom'; table: string; columns: readonly string[]; chunks: readonly string[] })
  | (In & { op: 'copyOut'; sql: string })
  /** Answered once the transaction holds the database. */
  | { op: 'begin'; id: number }
  /** Commits or rolls back the transaction `tx`; answered once PGlite has done so. */
  | { op: 'end'; id: number; tx: number; commit: boolean }
  | { op: 'dumpData'; id: number }
  | { op: 'close'; id: number };

/** An error travels as its plain fields (message, PostgreSQL's code, detail…). */
export type WorkerAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: Record<string, unknown> };

/** The id of the one message the worker sends unasked, once the database is open. */
export const READY_ID = 0;
