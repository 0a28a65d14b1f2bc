/**
 * A room's events, put in their order. Whole states and finds fold into the
 * view (room-view.ts); a find that arrives ahead of an event still on its
 * way is held, because the players of one room may sit on different server
 * nodes whose broadcasts travel different paths. Held finds are applied as
 * soon as the gap closes; if it does not close within a short wait, the
 * caller asks the server for the whole state. Pure: the caller runs the
 * clock and the socket (net/room-session.ts), so this is unit-tested.
 */
import type { Find, RoomState } from '../../../protocol/types.js';
import { applyFind, applyState, type RoomView } from './room-view.js';

/** What an event changed: whether the view moved, and the finds it applied, in order. */
export interface FeedChange {
  changed: boolean;
  finds: Find[];
}

const NOTHING: FeedChange = { changed: false, finds: [] };

export class RoomFeed {
  view: RoomView | undefined;
  /** Finds that arrived ahead of their turn, by seq. */
  private readonly early = new Map<number, Find>();

  /** Whether finds are held, waiting for the events before them. */
  get waiting(): boolean {
    return this.early.size > 0;
  }

  /** A whole `room:state` (pushed, or answered to a resync). */
  state(room: RoomState): FeedChange {
    const applied = applyState(this.view, room);
    if (applied.kind !== 'applied') return NOTHING;
    this.view = applied.view;
    return { changed: true, finds: this.release() };
  }

  /** A `place:found`: applied now, with any held finds it lets through, or held. */
  find(find: Find): FeedChange {
    if (!this.view) return NOTHING;
    const applied = applyFind(this.view, find);
    if (applied.kind === 'gap') {
      this.early.set(find.seq, find);
      return NOTHING;
    }
    if (applied.kind !== 'applied') return NOTHING;
    return { changed: true, finds: [find, ...this.release()] };
  }

  /** The wait for a gap ran out: the held finds are dropped and the whole state must be asked for. */
  giveUp(): void {
    this.early.clear();
  }

  /** Leaves the room: nothing is known any more. */
  reset(): void {
    this.view = undefined;
    this.early.clear();
  }

  /** Applies the held finds that are now next in seq, and drops the ones now old. */
  private release(): Find[] {
    const released: Find[] = [];
    for (;;) {
      const view = this.view!;
      const next = this.early.get(view.room.seq + 1);
      if (!next) break;
      this.early.delete(next.seq);
      if (applyFind(view, next).kind === 'applied') released.push(next);
    }
    for (const seq of this.early.keys()) if (seq <= this.view!.room.seq) this.early.delete(seq);
    return released;
  }
}
