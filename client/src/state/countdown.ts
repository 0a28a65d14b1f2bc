/** A public lobby's countdown (quick play), free of the DOM: screens/lobby-countdown.ts shows it. */

/** Whole seconds left until `startsAt` (server time, ms), rounded up, never below 0. */
export function secondsLeft(startsAt: number, now: number): number {
  return Math.max(0, Math.ceil((startsAt - now) / 1000));
}
