/** The order of the rooms table: which column, which way; pure, so it is tested without a browser. */
import type { RoomRow } from '../../../protocol/admin.js';

export type RoomColumn =
  'code' | 'scope' | 'mode' | 'phase' | 'players' | 'finds' | 'guessesPerSecond' | 'age';

export type Direction = 'ascending' | 'descending';

export interface RoomOrder {
  column: RoomColumn;
  direction: Direction;
}

/** Newest rooms first: rows stay put while figures change, and a new room shows at the top. */
export const DEFAULT_ROOM_ORDER: RoomOrder = { column: 'age', direction: 'ascending' };

const TEXT_COLUMNS = new Set<RoomColumn>(['code', 'scope', 'mode', 'phase']);

/**
 * A click on a column's header: the same column turns round; another starts
 * the way one reads it first (A to Z, youngest first, the most first).
 */
export function nextOrder(order: RoomOrder, column: RoomColumn): RoomOrder {
  if (order.column === column)
    return { column, direction: order.direction === 'ascending' ? 'descending' : 'ascending' };
  const firstWay = TEXT_COLUMNS.has(column) || column === 'age' ? 'ascending' : 'descending';
  return { column, direction: firstWay };
}

function compareBy(column: RoomColumn, a: RoomRow, b: RoomRow): number {
  switch (column) {
    case 'code':
    case 'scope':
    case 'mode':
    case 'phase':
      return a[column].localeCompare(b[column]);
    case 'age':
      // Younger is smaller: created later.
      return b.createdAt - a.createdAt;
    default:
      return a[column] - b[column];
  }
}

/** A sorted copy; ties keep a stable order by code. */
export function sortRooms(rows: readonly RoomRow[], order: RoomOrder): RoomRow[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort(
    (a, b) => sign * compareBy(order.column, a, b) || a.code.localeCompare(b.code),
  );
}
