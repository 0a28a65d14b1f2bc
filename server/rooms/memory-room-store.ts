import { CHAT_KEPT } from '../../protocol/chat.js';
import type { ChatMessage, Settings } from '../../protocol/types.js';
import { chatLines } from './chat.js';
import { executedOn } from './executed.js';
import {
  applyCommand,
  createRoom,
  isAbandoned,
  nextDue,
  type Room,
  type RoomTotals,
} from './room.js';
import { randomRoomCode } from './room-codes.js';
import type { Executed, LobbySummary, RoomOverview, RoomStore } from './room-store.js';
import { lobbySummary, roomOverview, roomState } from './snapshot.js';

/** Rooms in this process's memory: one node, no Redis. */
export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, Room>();
  /** Each room's last CHAT_KEPT chat lines, oldest first. */
  private readonly chats = new Map<string, ChatMessage[]>();

  constructor(private readonly newCode: () => string = randomRoomCode) {}

  async create(settings: Settings, totals: RoomTotals, now: number): Promise<string> {
    let code = this.newCode();
    while (this.rooms.has(code)) code = this.newCode();
    this.rooms.set(code, createRoom(code, settings, totals, now));
    return code;
  }

  execute(
    code: string,
    command: Parameters<RoomStore['execute']>[1],
    now: number,
    publish?: (executed: Executed) => void,
  ): Promise<Executed | undefined> {
    // The rules are synchronous: a command is applied whole the moment it
    // arrives, so commands on a room run one at a time, in arrival order,
    // with no queue (and no promises per guess) to keep them so.
    const room = this.rooms.get(code);
    if (!room) return Promise.resolve(undefined);
    const executed = executedOn(room, applyCommand(room, command, now));
    this.keepChat(code, chatLines(executed.outcome.events));
    publish?.(executed);
    return Promise.resolve(executed);
  }

  async state(code: string) {
    const room = this.rooms.get(code);
    return room ? roomState(room) : undefined;
  }

  async chat(code: string) {
    if (!this.rooms.has(code)) return undefined;
    return [...(this.chats.get(code) ?? [])];
  }

  async settings(code: string) {
    return this.rooms.get(code)?.settings;
  }

  async codes() {
    return [...this.rooms.keys()];
  }

  async count() {
    return this.rooms.size;
  }

  async due(now: number) {
    return [...this.rooms.values()].filter((room) => nextDue(room) <= now).map((r) => r.code);
  }

  async publicLobbies(): Promise<LobbySummary[]> {
    return [...this.rooms.values()].flatMap((room) => {
      const summary = lobbySummary(room);
      return summary ? [summary] : [];
    });
  }

  async overview(): Promise<RoomOverview[]> {
    return [...this.rooms.values()].map((room) => roomOverview(room));
  }

  async removeIfAbandoned(code: string, now: number): Promise<boolean> {
    const room = this.rooms.get(code);
    if (!room || !isAbandoned(room, now)) return false;
    this.rooms.delete(code);
    this.chats.delete(code);
    return true;
  }

  private keepChat(code: string, lines: readonly ChatMessage[]): void {
    if (lines.length === 0) return;
    const kept = [...(this.chats.get(code) ?? []), ...lines];
    this.chats.set(code, kept.slice(-CHAT_KEPT));
  }
}
