/**
 * What a room code is made of. Free of zod, like nickname.ts, so the first
 * page can check a typed code before it leaves the home page.
 */

/** Room codes avoid look-alike characters (0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V). */
export const ROOM_CODE_ALPHABET = 'ACDEFGHJKMNPQRTWXY34679';
export const ROOM_CODE_LENGTH = 6;

/**
 * The characters a code never holds, each with the ones it is mistaken for:
 * a player who typed one of them misread a code.
 */
export const ROOM_CODE_LOOKALIKES: readonly (readonly string[])[] = [
  ['O', '0'],
  ['I', 'L', '1'],
  ['Z', '2'],
  ['S', '5'],
  ['B', '8'],
  ['U', 'V'],
];
