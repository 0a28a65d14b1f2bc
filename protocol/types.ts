/** The protocol's types, inferred from its schemas: one source, no drift. */
import type { z } from 'zod';
import type * as s from './schemas.js';

export type ErrorCode = z.infer<typeof s.ErrorCode>;
export type Mode = z.infer<typeof s.Mode>;
export type Phase = z.infer<typeof s.Phase>;
export type Settings = z.infer<typeof s.Settings>;
export type SettingsPatch = z.infer<typeof s.SettingsPatch>;
export type Place = z.infer<typeof s.Place>;
export type Player = z.infer<typeof s.Player>;
export type Find = z.infer<typeof s.Find>;
export type RoomState = z.infer<typeof s.RoomState>;
export type PlayerResult = z.infer<typeof s.PlayerResult>;
export type GameResults = z.infer<typeof s.GameResults>;
export type GameEnded = z.infer<typeof s.GameEnded>;
export type GuessResult = z.infer<typeof s.GuessResult>;
export type AckError = z.infer<typeof s.AckError>;
export type JoinedAck = z.infer<typeof s.JoinedAck>;
export type OkAck = z.infer<typeof s.OkAck>;
export type GuessAck = z.infer<typeof s.GuessAck>;
export type Hello = z.infer<typeof s.Hello>;
export type Rejected = z.infer<typeof s.Rejected>;

export type RoomCreatePayload = z.input<typeof s.RoomCreatePayload>;
export type RoomJoinPayload = z.input<typeof s.RoomJoinPayload>;
export type RoomSettingsPayload = z.input<typeof s.RoomSettingsPayload>;
export type GuessPayload = z.input<typeof s.GuessPayload>;
export type EmptyPayload = z.input<typeof s.EmptyPayload>;
