/**
 * A room code as a player types it on the home page: case and spaces around
 * it do not matter, a pasted room link gives its code, and anything else is
 * answered with a sentence instead of a trip to a room that cannot exist.
 * Free of the DOM.
 */
import {
  ROOM_CODE_ALPHABET,
  ROOM_CODE_LENGTH,
  ROOM_CODE_LOOKALIKES,
} from '../../../protocol/room-code.js';

export const EXAMPLE_ROOM_CODE = 'K7QX3M';

const ROOM_CODE = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);
/** A room's link, as "Copy link" gives it: https://host/r/K7QX3M */
const ROOM_LINK = /\/r\/([A-Za-z0-9]+)\/?$/;

export type RoomCodeInput = { code: string } | { problem: string };

/** "A or B", "A, B or C". */
function either(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function readRoomCode(raw: string): RoomCodeInput {
  const typed = raw.trim();
  const code = (ROOM_LINK.exec(typed)?.[1] ?? typed).toUpperCase();
  if (ROOM_CODE.test(code)) return { code };
  if (code === '')
    return { problem: `Type the room code you were sent, like ${EXAMPLE_ROOM_CODE}.` };
  const misread = ROOM_CODE_LOOKALIKES.filter((group) => group.some((c) => code.includes(c)));
  const never = either(misread.flat());
  const shape = `Room codes have ${ROOM_CODE_LENGTH} letters and digits, like ${EXAMPLE_ROOM_CODE}`;
  if (misread.length === 0) return { problem: `${shape}.` };
  if ([...code].length !== ROOM_CODE_LENGTH)
    return { problem: `${shape}, and never use ${never}.` };
  return { problem: `Room codes never use ${never}; check the code.` };
}
