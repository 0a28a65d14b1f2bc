/**
 * Every room, a row each, sortable by any column. Rows are kept by room
 * code and moved only when the order changes, so a focused link keeps its
 * focus while the figures tick.
 */
import type { AdminFrame, RoomRow } from '../../../protocol/admin.js';
import { formatNumber, h } from '../dom.js';
import { formatAge, formatRate } from './format.js';
import { DEFAULT_ROOM_ORDER, nextOrder, sortRooms, type RoomColumn } from './room-order.js';

const COLUMNS: readonly { column: RoomColumn; label: string; numeric?: boolean }[] = [
  { column: 'code', label: 'Code' },
  { column: 'scope', label: 'Scope' },
  { column: 'mode', label: 'Mode' },
  { column: 'phase', label: 'Phase' },
  { column: 'players', label: 'Players', numeric: true },
  { column: 'finds', label: 'Finds', numeric: true },
  { column: 'guessesPerSecond', label: 'Guesses/s', numeric: true },
  { column: 'age', label: 'Age', numeric: true },
];

export const spectatorPath = (code: string): string => `/admin/rooms/${encodeURIComponent(code)}`;

export class RoomsTable {
  readonly element: HTMLElement;
  private readonly body = h('tbody');
  private readonly headers = new Map<RoomColumn, HTMLTableCellElement>();
  private readonly rows = new Map<string, HTMLTableRowElement>();
  private order = DEFAULT_ROOM_ORDER;
  private last: AdminFrame | undefined;

  constructor(private readonly open: (code: string) => void) {
    const head = h(
      'tr',
      {},
      ...COLUMNS.map(({ column, label, numeric }) => {
        const th = h(
          'th',
          { scope: 'col', class: numeric ? 'number' : undefined },
          h(
            'button',
            {
              type: 'button',
              class: 'sort',
              onclick: (() => this.sortBy(column)) as EventListener,
            },
            label,
          ),
        );
        this.headers.set(column, th);
        return th;
      }),
    );
    this.element = h(
      'table',
      { class: 'figures rooms', 'aria-label': 'Rooms' },
      h('thead', {}, head),
      this.body,
    );
    // A click anywhere on a row opens the room; its code is the link for keyboards.
    this.body.addEventListener('click', (event) => {
      const target = event.target as Element;
      if (target.closest('a')) return;
      const code = target.closest('tr')?.dataset.code;
      if (code) this.open(code);
    });
    this.markSorted();
  }

  update(frame: AdminFrame): void {
    this.last = frame;
    const sorted = sortRooms(frame.rooms, this.order);
    const present = new Set(sorted.map((r) => r.code));
    for (const [code, row] of this.rows) {
      if (!present.has(code)) {
        row.remove();
        this.rows.delete(code);
      }
    }
    const wanted = sorted.map((room) => this.row(room, frame.at));
    const inPlace =
      wanted.length === this.body.children.length &&
      wanted.every((row, i) => this.body.children[i] === row);
    if (!inPlace) this.body.replaceChildren(...wanted);
    if (wanted.length === 0) {
      this.body.replaceChildren(
        h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, 'No rooms right now.')),
      );
    }
  }

  private row(room: RoomRow, now: number): HTMLTableRowElement {
    let row = this.rows.get(room.code);
    if (!row) {
      row = h(
        'tr',
        { class: 'room-row', 'data-code': room.code },
        h('th', { scope: 'row' }, h('a', { href: spectatorPath(room.code) }, room.code)),
        ...COLUMNS.slice(1).map(({ numeric }) =>
          h('td', { class: numeric ? 'number' : undefined }),
        ),
      );
      this.rows.set(room.code, row);
    }
    const texts = [
      room.scope,
      room.mode,
      room.phase,
      formatNumber(room.players),
      formatNumber(room.finds),
      formatRate(room.guessesPerSecond),
      formatAge(now - room.createdAt),
    ];
    texts.forEach((text, i) => {
      const cell = row.cells[i + 1]!;
      if (cell.textContent !== text) cell.textContent = text;
    });
    row.dataset.phase = room.phase;
    return row;
  }

  private sortBy(column: RoomColumn) {
    this.order = nextOrder(this.order, column);
    this.markSorted();
    if (this.last) this.update(this.last);
  }

  private markSorted() {
    for (const [column, th] of this.headers) {
      if (column === this.order.column) th.setAttribute('aria-sort', this.order.direction);
      else th.removeAttribute('aria-sort');
    }
  }
}
