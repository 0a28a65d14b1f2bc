/** Real names for races in the multi-node suites, and a seeded shuffle of them. */
import type pg from 'pg';

/** The `count` largest German places, by distinct name. */
export async function germanNames(sql: pg.Client, count: number): Promise<string[]> {
  const result = await sql.query<{ name: string }>(
    `SELECT name FROM places WHERE country = 'DE' ORDER BY population DESC, id LIMIT $1`,
    [count * 2],
  );
  const names = [...new Set(result.rows.map((r) => r.name))].slice(0, count);
  if (names.length < count) throw new Error(`only ${names.length} German names in the database`);
  return names;
}

/** `items` in an order drawn from `random` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
