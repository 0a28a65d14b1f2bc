/** What a saved game's id looks like; anything else is no game, unasked of the database. */
export const GAME_ID = /^[A-Za-z0-9_-]{1,40}$/;
