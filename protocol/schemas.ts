/**
 * Protocol v1: the zod schemas of every event payload and ack. The
 * TypeScript types are inferred from them (protocol/types.ts) and the typed
 * socket.io event maps built from those (protocol/events.ts), so the wire
 * contract is written exactly once. protocol/README.md documents each event.
 */
import { z } from 'zod';

import { cleanNickname, NICKNAME_MAX_LENGTH, NICKNAME_RULES, nicknameProblem } from './nickname.js';
import { cleanGuess } from './player-text.js';
import {
  BROWSER_ID_PATTERN,
  CHAT_TEXT_MAX_SENT,
  CHAT_TEXT_RULES,
  chatTextProblem,
  cleanChatText,
} from './chat.js';
import { REACTIONS } from './reactions.js';
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
  /** A scope id: a region (`US-CA`), a country code (`DE`), a continent (`europe`) or `world`. */
  scope: z.string().min(1).max(40),
  mode: Mode,
  /** 60–7200 seconds, or 0 for an untimed game the host ends. */
  durationSec: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= 60 && s <= 7200), 'durationSec is 0 or 60–7200'),
  maxPlayers: z.number().int().min(1).max(MAX_PLAYERS_LIMIT),
  public: z.boolean(),
  /**
   * Feature `chat`: whether the chat's rude words are masked. Absent means
   * on; the host may change it in any phase.
   */
  chatFilter: z.boolean().optional(),
  /**
   * Feature `daily`: the room plays the daily quiz everyone shares (today's
   * scope, parallel, 600 s; the server sets and keeps them). Only at
   * room:create; a host may turn it off in the lobby, not on.
   */
  daily: z.boolean().optional(),
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
  /** Feature `host-tools`: present, and true, while the host has muted this player's chat. */
  muted: z.literal(true).optional(),
});

export const Find = z.object({
  seq: z.number().int(),
  place: Place,
  playerId: z.string(),
  /** Server time of the find, ms since the epoch. */
  at: z.number(),
});

/** Someone watching the room without a seat (feature `spectate`). */
export const SpectatorInfo = z.object({
  id: z.string(),
  nickname: z.string(),
  /** Feature `host-tools`: present, and true, while the host has muted this spectator's chat. */
  muted: z.literal(true).optional(),
});

export const RoomState = z.object({
  code: z.string(),
  phase: Phase,
  hostId: z.string(),
  settings: Settings,
  players: z.array(Player),
  /** When a timed game ends (server time, ms since the epoch); null otherwise. */
  endsAt: z.number().nullable(),
  /**
   * Quick play: when a public lobby starts by itself (server time, ms since
   * the epoch); null when no countdown runs. Absent from older servers.
   */
  startsAt: z.number().nullable().optional(),
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
  /** The spectators watching now (feature `spectate`); absent from older servers. */
  spectators: z.array(SpectatorInfo).optional(),
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
  /** Feature `daily`: the daily quiz this game played, pinned when it started. */
  daily: z.object({ number: z.number().int(), date: z.string() }).optional(),
});

/** Feature `daily`: where a player of a daily game stands on the day's board. */
export const DailyStanding = z.object({
  playerId: z.string(),
  /** This game is the entry of the player's browser for the day (its first finished daily game). */
  entry: z.boolean(),
  /** The rank of that browser's entry on the day's board; null without one. */
  rank: z.number().int().nullable(),
  /** How many entries the day's board holds now. */
  entries: z.number().int(),
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
  /** Feature `daily`: each player's place on the day's board, for a daily game whose board was written. */
  daily: z.array(DailyStanding).optional(),
});

// Client → server payloads. Strict: an unknown field is a bad request.
/**
 * Feature `host-tools`: an id the browser keeps for itself, so that a
 * player the host removed cannot come back from that browser under a new seat.
 */
export const BrowserId = z.string().regex(BROWSER_ID_PATTERN, 'not a browser id');
export const RoomCreatePayload = z.strictObject({
  nickname: Nickname,
  settings: SettingsPatch.optional(),
  browserId: BrowserId.optional(),
});
export const RoomJoinPayload = z.strictObject({
  code: RoomCode,
  nickname: Nickname,
  sessionToken: z.string().min(1).max(SESSION_TOKEN_MAX_LENGTH).optional(),
  browserId: BrowserId.optional(),
});
/** Quick play: a seat in the fullest public lobby of the quiz with room, or a new one. */
export const RoomQuickPlayPayload = z.strictObject({
  nickname: Nickname,
  /** A scope id, as in Settings. */
  scope: z.string().min(1).max(40),
  browserId: BrowserId.optional(),
});
export const EmptyPayload = z.strictObject({});
export const RoomSettingsPayload = z.strictObject({ settings: SettingsPatch });
export const GuessPayload = z.strictObject({
  /** Looked up without its invisible characters (protocol/player-text.ts). */
  text: z.string().max(MAX_GUESS_TEXT_LENGTH).transform(cleanGuess),
});

/** Feature `spectate`: watch a room without a seat; the token takes the place back. */
export const RoomSpectatePayload = z.strictObject({
  code: RoomCode,
  nickname: Nickname,
  sessionToken: z.string().min(1).max(SESSION_TOKEN_MAX_LENGTH).optional(),
  /** As in room:join: keeps a spectator the host removed out for a while. */
  browserId: BrowserId.optional(),
});
/** Feature `late-join`: what a room is doing, before joining or watching it. */
export const RoomPeekPayload = z.strictObject({ code: RoomCode });
/** Feature `reactions`: one of the fixed set (protocol/reactions.ts). */
export const Reaction = z.enum(REACTIONS);
export const RoomReactPayload = z.strictObject({ emoji: Reaction });

/** Feature `chat`: checked as typed (so that an invisible message is told apart), then cleaned. */
export const ChatText = z
  .string()
  .max(CHAT_TEXT_MAX_SENT)
  .superRefine((raw, ctx) => {
    const problem = chatTextProblem(raw);
    if (problem) ctx.addIssue({ code: 'custom', message: CHAT_TEXT_RULES[problem] });
  })
  .transform(cleanChatText);
export const ChatSendPayload = z.strictObject({ text: ChatText });
/** Feature `host-tools`: the player the host acts on. */
export const PlayerTargetPayload = z.strictObject({ playerId: z.string().min(1).max(40) });
export const RoomMutePayload = z.strictObject({
  playerId: z.string().min(1).max(40),
  muted: z.boolean(),
});

const chatLine = { id: z.number().int(), at: z.number() };
/**
 * Feature `chat`: a line of the room's chat. `said` is a player's message
 * (`held`: it named a place still to be found and waited for the game's
 * end); `removed` and `muted` are the host's acts, told to everyone.
 * Nicknames are as they were then: the player may have left since.
 */
export const ChatMessage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('said'),
    ...chatLine,
    playerId: z.string(),
    nickname: z.string(),
    color: z.string(),
    text: z.string(),
    held: z.literal(true).optional(),
    /** Said by a spectator (feature `spectate`), shown "(watching)"; `playerId` is their spectator id. */
    spectator: z.literal(true).optional(),
  }),
  z.object({
    kind: z.literal('removed'),
    ...chatLine,
    playerId: z.string(),
    nickname: z.string(),
    /** The host's nickname. */
    by: z.string(),
  }),
  z.object({
    kind: z.literal('muted'),
    ...chatLine,
    playerId: z.string(),
    nickname: z.string(),
    by: z.string(),
    /** false: the host let the player talk again. */
    muted: z.boolean(),
  }),
]);

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
/** `held`: the message names a place still to be found; the room reads it when the game ends. */
export const ChatSentAck = z.object({ ok: z.literal(true), held: z.boolean() });
/** The room's last messages, oldest first. */
export const ChatHistoryAck = z.object({ ok: z.literal(true), messages: z.array(ChatMessage) });
export const SpectatingAck = z.object({
  ok: z.literal(true),
  room: RoomState,
  you: z.object({ spectatorId: z.string(), sessionToken: z.string() }),
});
export const RoomPeek = z.object({
  code: z.string(),
  phase: Phase,
  mode: Mode,
  scope: z.string(),
  /** Seated players, and how many of them are connected. */
  players: z.number().int(),
  connected: z.number().int(),
  maxPlayers: z.number().int(),
  spectators: z.number().int(),
  endsAt: z.number().nullable(),
});
export const PeekAck = z.object({ ok: z.literal(true), room: RoomPeek });
/** `room:reaction`: `from` is a player's or a spectator's id. */
export const ReactionEvent = z.object({ from: z.string(), emoji: Reaction, at: z.number() });
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
  'room:quickplay': RoomQuickPlayPayload,
  'game:hold': EmptyPayload,
  'room:spectate': RoomSpectatePayload,
  'room:peek': RoomPeekPayload,
  'room:react': RoomReactPayload,
  guess: GuessPayload,
  'chat:send': ChatSendPayload,
  'chat:history': EmptyPayload,
  'room:kick': PlayerTargetPayload,
  'room:mute': RoomMutePayload,
  'room:host': PlayerTargetPayload,
} as const;
