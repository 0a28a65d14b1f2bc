/**
 * How the "What people name" map shades a place by the share of games that
 * named it: five classes, from "hardly anyone" to "most games", in a
 * sequential palette (ColorBrewer's YlOrRd, ending in a purple that stays
 * visible on the dark theme's land). DOM-free.
 */

export interface ShareClass {
  /** The lowest share (0 to 1) of the class; it runs up to the next class's. */
  from: number;
  color: string;
  /** The legend's words for it. */
  label: string;
}

export const SHARE_CLASSES: readonly ShareClass[] = [
  { from: 0, color: '#fecc5c', label: 'under 2%' },
  { from: 0.02, color: '#fd8d3c', label: '2–10%' },
  { from: 0.1, color: '#f03b20', label: '10–30%' },
  { from: 0.3, color: '#bd0026', label: '30–60%' },
  { from: 0.6, color: '#7a0177', label: '60% or more' },
];

/** The class a share falls in. */
export function shareClass(share: number): ShareClass {
  let found = SHARE_CLASSES[0]!;
  for (const shareClass of SHARE_CLASSES) if (share >= shareClass.from) found = shareClass;
  return found;
}

/** A share as players read it, whole percents as the rest of the client writes them: "61%", "<1%", "0%". */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}
