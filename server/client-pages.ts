/**
 * Which paths are pages of the browser client. The client routes /, /about,
 * /r/CODE and /g/ID itself (any other page path shows its home page), so the
 * server answers those with index.html; a path naming a file it does not
 * have (`/wp-login.php`, `/favicon.ico`, `/.env`, `/.git/config`) is no page
 * and answers 404, so scanners and browsers are not handed the game.
 */

/** A room code or game id is the client's to refuse, whatever its characters. */
const ROOM_OR_GAME = /^\/[rg]\/[^/]*\/?$/;
/** A segment starting with a dot (/.env, /.git/…), or a last segment with an extension (/x.php). */
const NAMES_A_FILE = /(^|\/)\.|\.[^/]*$/;

export function isClientPage(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return ROOM_OR_GAME.test(decoded) || !NAMES_A_FILE.test(decoded);
}
