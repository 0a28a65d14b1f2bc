/**
 * The two latencies a player feels, measured in the page with the User
 * Timing API, so that `npm run bench:client` (and anyone with DevTools) can
 * read them as `performance.getEntriesByName(...)`:
 *
 * - `placerace:feedback`: from the Enter that sends a guess to the paint of
 *   the frame that shows its feedback;
 * - `placerace:marker`: from a `place:found` arriving to the paint of the
 *   frame that shows its marker on the map.
 *
 * "Painted" is taken after the frame: a message posted from the frame's
 * requestAnimationFrame callback is handled once the frame has been
 * produced, the usual way to observe the next paint from script.
 */
export const FEEDBACK_MEASURE = 'placerace:feedback';
export const MARKER_MEASURE = 'placerace:marker';

/** Measures are kept for the last this many events of each kind. */
const KEPT = 2_000;

/** Called from a requestAnimationFrame callback: calls `then` once that frame has been painted. */
export function afterThisFrame(then: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => then();
  channel.port2.postMessage(undefined);
}

/** Calls `then` once the next frame has been painted. */
export function afterNextPaint(then: () => void): void {
  requestAnimationFrame(() => afterThisFrame(then));
}

/** Ends a measure begun at `start` (a performance.now() time) after a later painted frame. */
export function measureTo(name: string, start: number): void {
  performance.measure(name, { start, end: performance.now() });
  if (performance.getEntriesByName(name, 'measure').length > KEPT) {
    performance.clearMeasures(name);
  }
}
