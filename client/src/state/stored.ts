/**
 * What the browser keeps between visits, in localStorage: nothing at all
 * where it is unavailable (private mode, storage disabled), and the game
 * plays on without remembering.
 */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A JSON value kept per room (`keyOf(code)`): read (undefined when absent or unreadable), kept, forgotten. */
export function storedPerRoom<T>(keyOf: (code: string) => string) {
  return {
    read(code: string): T | undefined {
      const raw = browserStorage()?.getItem(keyOf(code));
      if (!raw) return undefined;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return undefined;
      }
    },
    keep: (code: string, value: T): void =>
      browserStorage()?.setItem(keyOf(code), JSON.stringify(value)),
    forget: (code: string): void => browserStorage()?.removeItem(keyOf(code)),
  };
}
