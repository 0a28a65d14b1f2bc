/**
 * Protocol v1: the zod schemas of every event payload and ack. The
 * TypeScript types are inferred from them (protocol/types.ts) and the typed
 * socket.io event maps built from those (protocol/events.ts), so the wire
 * contract is written exactly once. protocol/README.md documents each event.
 */
import { z } from 'zod';

import { cleanNickname, NICKNAME_MAX_LENGTH, NICKNAME_RULES, nicknameProblem } from './nickname.js';
import { cleanGuess } from './player-text.js';
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from './room-code.js';

export { PROTOCOL_VERSION } from './version.js';

export const ERROR_CODES = [
  'bad_request',
  'not_found',
  'room_full',
  'not_host',
  'wrong_phase',
  'rate_limited',
  'unauthorized',
  'unavailable',
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);

export { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH };
export const RoomCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`), 'not a room code');

export { NICKNAME_MAX_LENGTH };
/** Checked as typed (so that an invisible name is told apart from an empty one), then cleaned. */
export const Nickname = z
  .string()
  .max(200)
  .superRefine((raw, ctx) => {
    const problem = nicknameProblem(raw);
    if (problem) ctx.addIssue({ code: 'custom', message: NICKNAME_RULES[problem] });
  })
  .transform(cleanNickname);

export const MAX_GUESS_TEXT_LENGTH = 200;
export const SESSION_TOKEN_MAX_LENGTH = 100;

export const Mode = z.enum(['race', 'parallel', 'coop']);
export const Phase = z.enum(['lobby', 'playing', 'finished']);

export const MAX_PLAYERS_LIMIT = 50;
export const DEFAULT_SETTINGS = {
  scope: 'world',
  mode: 'race',
  durationSec: 600,
  maxPlayers: 16,
  public: false,
} as const;

export const Settings = z.strictObject({
  /** A scope id: a country code (`DE`), a continent (`europe`) or `world`. */
  scope: z.string().min(1).max(40),
  mode: Mode,
  /** 60–7200 seconds, or 0 for an untimed game the host ends. */
  durationSec: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= 60 && s <= 7200), 'durationSec is 0 or 60–7200'),
  maxPlayers: z.number().int().min(1).max(MAX_PLAYERS_LIMIT),
  public: z.boolean(),
});
export const SettingsPatch = Settings.partial();

export const Place = z.object({
  /** The GeoNames id. */
  id: z.number().int(),
  name: z.string(),
  country: z.string(),
  admin1: z.string(),
  lat: z.number(),
  lon: z.number(),
  population: z.number(),
});

export const Player = z.object({
  id: z.string(),
  nickname: z.string(),
  color: z.string(),
  /** Places named (in coop, the team's places count for everyone). */
  score: z.number().int(),
  /** Population of the places this player named. */
  population: z.number(),
  capitals: z.number().int(),
  connected: z.boolean(),
});

export const Find = z.object({
  seq: z.number().int(),
  place: Place,
  playerId: z.string(),
  /** Server time of the find, ms since the epoch. */
  at: z.number(),
});

export const RoomState = z.object({
  code: z.string(),
  phase: Phase,
  hostId: z.string(),
  settings: Settings,
  players: z.array(Player),
  /** When a timed game ends (server time, ms since the epoch); null otherwise. */
  endsAt: z.number().nullable(),
  /** The scope's totals, the denominators of the room's progress. */
  totals: z.object({ places: z.number().int(), population: z.number() }),
  /** What the room as a whole has named (distinct places; in coop, the team's score). */
  progress: z.object({
    places: z.number().int(),
    population: z.number(),
    capitals: z.number().int(),
  }),
  found: z.array(Find),
  seq: z.number().int(),
});

export const PlayerResult = z.object({
  playerId: z.string(),
  nickname: z.string(),
  color: z.string(),
  rank: z.number().int(),
  score: z.number().int(),
  population: z.number(),
  capitals: z.number().int(),
  finds: z.array(z.object({ place: Place, at: z.number() })),
});

export const GameResults = z.object({
  gameId: z.string(),
  code: z.string(),
  settings: Settings,
  startedAt: z.number(),
  endedAt: z.number(),
  ranking: z.array(PlayerResult),
  /** Share of the scope's population the room's finds cover, 0–1. */
  populationShare: z.number(),
  totals: z.object({ places: z.number().int(), population: z.number() }),
});

export const GameEnded = z.object({
  results: GameResults,
  /** The largest places nobody named, most populous first (at most 50). */
  missed: z.array(Place),
  /**
   * Whether the result is saved (at GET /api/games/:id): false when every
   * try to save it failed, and there is nothing to share. The server always
   * sends it; optional so that a result without it still reads as saved.
   */
  saved: z.boolean().optional(),
});

// Client → server payloads. Strict: an unknown field is a bad request.
export const RoomCreatePayload = z.strictObject({
  nickname: Nickname,
  settings: SettingsPatch.optional(),
});
export const RoomJoinPayload = z.strictObject({
  code: RoomCode,
  nickname: Nickname,
  sessionToken: z.string().min(1).max(SESSION_TOKEN_MAX_LENGTH).optional(),
});
export const EmptyPayload = z.strictObject({});
export const RoomSettingsPayload = z.strictObject({ settings: SettingsPatch });
export const GuessPayload = z.strictObject({
  /** Looked up without its invisible characters (protocol/player-text.ts). */
  text: z.string().max(MAX_GUESS_TEXT_LENGTH).transform(cleanGuess),
});

export const GuessResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('found'), place: Place }),
  /** Race mode: someone was first; `by` is their player id. */
  z.object({ kind: z.literal('taken'), place: Place, by: z.string() }),
  /** You (or in coop your team) named every match already. */
  z.object({ kind: z.literal('repeat'), place: Place }),
  z.object({ kind: z.literal('miss') }),
]);

export const AckError = z.object({
  ok: z.literal(false),
  error: z.object({ code: ErrorCode, message: z.string() }),
});
export const JoinedAck = z.object({
  ok: z.literal(true),
  room: RoomState,
  you: z.object({ playerId: z.string(), sessionToken: z.string() }),
});
export const OkAck = z.object({ ok: z.literal(true) });
export const GuessAck = z.object({ ok: z.literal(true), result: GuessResult });

/** Sent by the server on connect; a client of another version is then disconnected. */
export const Hello = z.object({
  protocolVersion: z.number().int(),
  /** The minor features of v1 this server speaks (protocol/features.ts); absent from older servers. */
  features: z.array(z.string()).optional(),
});
export const Rejected = z.object({ code: ErrorCode, message: z.string() });

/** The payload schema of every client → server event. */
export const CLIENT_PAYLOADS = {
  'room:create': RoomCreatePayload,
  'room:join': RoomJoinPayload,
  'room:leave': EmptyPayload,
  'room:settings': RoomSettingsPayload,
  'room:state': EmptyPayload,
  'game:start': EmptyPayload,
  'game:end': EmptyPayload,
  'room:rematch': EmptyPayload,
  guess: GuessPayload,
} as const;
