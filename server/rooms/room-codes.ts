import { randomBytes, randomInt } from 'node:crypto';
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '../../protocol/schemas.js';

/** A random room code from the alphabet without look-alike characters. */
export function randomRoomCode(): string {
  let code = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++)
    code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

/** An unguessable identifier: session tokens, player and game ids. */
export function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
