import type { Outcome, Room } from './room.js';
import type { Executed } from './room-store.js';
import { gameResults, roomState } from './snapshot.js';

/** What a command did to `room`, with the state and results its events ask to announce. */
export function executedOn(room: Room, outcome: Outcome): Executed {
  const executed: Executed = { outcome };
  if (outcome.events.some((e) => e.type === 'state')) executed.state = roomState(room);
  if (outcome.events.some((e) => e.type === 'ended')) {
    executed.ended = {
      results: gameResults(room, room.gameId),
      named: [...new Set(room.finds.map((f) => f.place.id))],
      browsers: Object.fromEntries(
        room.seats.flatMap((seat) => (seat.browser ? [[seat.id, seat.browser]] : [])),
      ),
    };
  }
  return executed;
}
