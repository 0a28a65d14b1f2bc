import type { Settings } from '../../protocol/types.js';
import {
  applyCommand,
  activeSeats,
  createRoom,
  isAbandoned,
  type Room,
  type RoomTotals,
} from './room.js';
import { randomRoomCode } from './room-codes.js';
import type { Executed, LobbySummary, RoomStore } from './room-store.js';
import { gameResults, roomState } from './snapshot.js';

interface Held {
  room: Room;
  /** The end of the room's command queue: the next command runs after it settles. */
  tail: Promise<unknown>;
}

/** Rooms in this process's memory: one node, no Redis. */
export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, Held>();

  constructor(private readonly newCode: () => string = randomRoomCode) {}

  async create(settings: Settings, totals: RoomTotals, now: number): Promise<string> {
    let code = this.newCode();
    while (this.rooms.has(code)) code = this.newCode();
    this.rooms.set(code, {
      room: createRoom(code, settings, totals, now),
      tail: Promise.resolve(),
    });
    return code;
  }

  execute(
    code: string,
    command: Parameters<RoomStore['execute']>[1],
    now: number,
    publish?: (executed: Executed) => void,
  ): Promise<Executed | undefined> {
    const held = this.rooms.get(code);
    if (!held) return Promise.resolve(undefined);
    const run = (): Executed => {
      const { room } = held;
      const outcome = applyCommand(room, command, now);
      const executed: Executed = { outcome };
      if (outcome.events.some((e) => e.type === 'state')) executed.state = roomState(room);
      if (outcome.events.some((e) => e.type === 'ended')) {
        executed.ended = {
          results: gameResults(room, room.gameId),
          named: [...new Set(room.finds.map((f) => f.place.id))],
        };
      }
      publish?.(executed);
      return executed;
    };
    const result = held.tail.then(run);
    held.tail = result.catch(() => {});
    return result;
  }

  async state(code: string) {
    const held = this.rooms.get(code);
    return held ? roomState(held.room) : undefined;
  }

  async settings(code: string) {
    return this.rooms.get(code)?.room.settings;
  }

  async codes() {
    return [...this.rooms.keys()];
  }

  async publicLobbies(): Promise<LobbySummary[]> {
    return [...this.rooms.values()]
      .map(({ room }) => room)
      .filter(
        (room) => room.settings.public && room.phase === 'lobby' && activeSeats(room).length > 0,
      )
      .map((room) => ({
        code: room.code,
        scope: room.settings.scope,
        mode: room.settings.mode,
        players: activeSeats(room).length,
        maxPlayers: room.settings.maxPlayers,
      }));
  }

  async removeIfAbandoned(code: string, now: number): Promise<boolean> {
    const held = this.rooms.get(code);
    if (!held || !isAbandoned(held.room, now)) return false;
    this.rooms.delete(code);
    return true;
  }
}
