/**
 * Player colours. The first seven are Okabe and Ito's palette ("Color
 * Universal Design", 2008), chosen to stay apart for the common forms of
 * colour blindness, in an order that never puts red against green early:
 * blue and orange are the first two. Paul Tol's "muted" qualitative scheme
 * follows, then, for rooms beyond it (up to 50 players), hues spread by the
 * golden angle. Each reads on the light and the dark map alike.
 */
const PALETTE = [
  // Okabe–Ito, without black (lost on the dark theme's land).
  '#0072b2',
  '#e69f00',
  '#cc79a7',
  '#009e73',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  // Tol's muted scheme.
  '#332288',
  '#882255',
  '#44aa99',
  '#999933',
  '#88ccee',
  '#ddcc77',
  '#aa4499',
  '#117733',
  '#cc6677',
];

/** The first palette colour no seat uses yet. */
export function colorForSeat(used: readonly string[]): string {
  const taken = new Set(used);
  const free = PALETTE.find((color) => !taken.has(color));
  if (free) return free;
  for (let i = 0; ; i++) {
    const hue = Math.round((i * 137.508) % 360);
    const color = `hsl(${hue} 70% 45%)`;
    if (!taken.has(color)) return color;
  }
}
