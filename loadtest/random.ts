/**
 * Taken once: the suites run this in Jest's vm context, where every read of
 * the global `Math` is a slow look-up through the context (DEVELOPERS.md);
 * fuzz-soak draws tens of millions of numbers. The same numbers either way.
 */
const imul = Math.imul;

/**
 * A small seeded generator (mulberry32), so that a benchmark or load test
 * replays the same guesses on every run and runs compare like with like.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
