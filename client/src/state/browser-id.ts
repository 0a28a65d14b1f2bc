/**
 * An id this browser keeps for itself (feature `host-tools`), sent with
 * room:create, room:join and room:quickplay: a player the host removed cannot come back
 * from the same browser under a new seat for a while. Random, and nothing
 * else: it names no person, and clearing the site's data makes a new one.
 */
import { browserStorage } from './stored.js';

const KEY = 'placerace:browser';

/** The browser's id, made on first use; undefined where nothing can be kept. */
export function browserId(): string | undefined {
  const store = browserStorage();
  if (!store) return undefined;
  let id = store.getItem(KEY);
  if (!id || !/^[0-9a-f]{32}$/.test(id)) {
    // getRandomValues, not randomUUID: the game may be served over plain HTTP on a LAN.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    store.setItem(KEY, id);
  }
  return id;
}
