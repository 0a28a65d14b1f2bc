/**
 * The minor features of protocol v1 this server speaks beyond the first
 * version's events, announced in `hello` (`features`). A client uses an event
 * of a feature only when the server named it; a client that knows none of
 * them (an older page, the load test, a bot) plays exactly as before: no
 * event of v1 changed meaning, and the new ones are only sent to those who
 * asked for them or take part in them. protocol/README.md describes each.
 */
export const FEATURES: readonly string[] = [
  'quick-play',
  'spectate',
  'late-join',
  'reactions',
  'chat',
  'host-tools',
  'daily',
];
