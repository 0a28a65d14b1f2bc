/**
 * The one database interface the game uses. Two implementations: PGlite
 * (embedded PostgreSQL compiled to WebAssembly, the default) and a real
 * PostgreSQL server through a `pg` pool. Migrations and queries are written
 * once, in SQL both accept (PGlite runs PostgreSQL 18, our servers 15).
 */

export interface Queryable {
  /** One statement with `$1`-style parameters; returns its rows. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** One or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads rows given in PostgreSQL's COPY text format (tab-separated
   * columns, newline-terminated rows, escaped with `copyTextField`). The text
   * arrives in chunks so that no single string has to hold a whole table.
   */
  copyFrom(table: string, columns: readonly string[], chunks: readonly string[]): Promise<void>;
  /**
   * The rows of `select` in COPY's text format (tab-separated, one line a
   * row, see copyTextField): many times faster than a query for reading a
   * whole table, on PGlite most of all.
   */
  copyOut(select: string): Promise<string>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * The game's own data as pg_dump's plain SQL (db/data-dump.ts says what
   * it holds): PostgreSQL's pg_dump, or PGlite's build of it on the open
   * database, which no second process may open.
   */
  dumpData(): Promise<string>;
  close(): Promise<void>;
}

/** Escapes one value for COPY's text format. */
export function copyTextField(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** Collects COPY text rows into chunks of about `chunkSize` characters. */
export class CopyTextBuffer {
  readonly chunks: string[] = [];
  rows = 0;
  private current: string[] = [];
  private currentSize = 0;

  constructor(private readonly chunkSize = 1 << 20) {}

  push(fields: readonly (string | number | boolean)[]): void {
    const line = fields.map(copyTextField).join('\t') + '\n';
    this.current.push(line);
    this.currentSize += line.length;
    this.rows++;
    if (this.currentSize >= this.chunkSize) this.flush();
  }

  /** The finished chunks; call once all rows are pushed. */
  finish(): string[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.current.length === 0) return;
    this.chunks.push(this.current.join(''));
    this.current = [];
    this.currentSize = 0;
  }
}
