/**
 * The reactions a player or spectator may send (`room:react`): a small fixed
 * set, so that a reaction is never text anyone must moderate, and every
 * client can draw each one.
 */
export const REACTIONS = ['👍', '👏', '🔥', '😂', '😮', '😱'] as const;

/** Reactions one sender may send in any window of REACTION_WINDOW_MS (server/realtime/audience-handlers.ts). */
export const REACTION_BURST = 4;
export const REACTION_WINDOW_MS = 4000;

/** Spectators a room holds at most (connected or briefly away). */
export const MAX_SPECTATORS = 50;
