/**
 * Player colours: a palette of distinct hues readable on a light map, then,
 * for rooms beyond it (up to 50 players), hues spread by the golden angle.
 */
const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#9a6324',
  '#469990',
  '#800000',
  '#808000',
  '#000075',
  '#bfef45',
  '#dcbeff',
  '#ffe119',
  '#aaffc3',
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
