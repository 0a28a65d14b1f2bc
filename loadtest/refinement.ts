/**
 * Where the ladder looks closer. Coarse steps (1,000 → 1,500 → 2,000) hide
 * the knee: two servers that give way at 1,600/s and at 1,950/s both read
 * "1,500" and a ratio of 1.00. So once the coarse ladder has found the
 * highest rate that held (H) and the first rate above it that failed (F), it
 * probes between them in steps of a fraction of H: H·1.1, H·1.2, … below F.
 */

/**
 * At most this many refined steps: a wide gap (a hand-given ladder of 100
 * and 5,000) widens the step instead of running for an hour. Nine covers the
 * default ladder's widest gap at 10 % (250 → 500).
 */
export const MAX_REFINED_STEPS = 9;

export interface Refinement {
  /** The highest coarse rate that held: the refined steps start above it. */
  held: number;
  /** The lowest coarse rate above `held` that failed: the refined steps stay below it. */
  failed: number;
  /** The rates to probe, ascending. */
  rates: number[];
}

/**
 * The refined rates for coarse results, or undefined when there is nothing
 * to refine: refinement is off (`fraction` 0), no step held (the knee is
 * below the first step), or no step above the highest that held failed (the
 * ladder ran out of rates: its result is a lower bound, not a knee).
 */
export function refinementRates(
  coarse: readonly { offeredRate: number; holds?: boolean }[],
  fraction: number,
): Refinement | undefined {
  if (!(fraction > 0)) return undefined;
  const held = Math.max(0, ...coarse.filter((s) => s.holds).map((s) => s.offeredRate));
  if (held === 0) return undefined;
  const failed = Math.min(
    ...coarse.filter((s) => !s.holds && s.offeredRate > held).map((s) => s.offeredRate),
  );
  if (!Number.isFinite(failed)) return undefined;

  const step = Math.max(held * fraction, (failed - held) / (MAX_REFINED_STEPS + 1));
  const rates: number[] = [];
  for (let k = 1; rates.length < MAX_REFINED_STEPS; k++) {
    // Multiplied, not summed: 1500 + 3 × 150 is 1950, not 1949.9999.
    const rate = Math.round(held + k * step);
    if (rate >= failed) break;
    // A tiny rate rounds two steps onto one whole number: probe it once.
    if (rate > (rates.at(-1) ?? held)) rates.push(rate);
  }
  return { held, failed, rates };
}
