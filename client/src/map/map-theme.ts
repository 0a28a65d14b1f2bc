/**
 * The map's colours come from the page's CSS custom properties (style.css),
 * so that the dark theme, which redefines them under
 * `prefers-color-scheme: dark`, reaches the canvas too.
 */
export interface MapColors {
  sea: number;
  /** The quiz's own land. */
  land: number;
  /** Neighbouring countries, drawn for context. */
  otherLand: number;
  border: number;
  /** Largest places nobody named, on the results map. */
  missed: string;
}

const FALLBACK = {
  '--map-sea': '#dfe9f3',
  '--map-land': '#fbfaf5',
  '--map-other-land': '#eceff2',
  '--map-border': '#8a97a6',
  '--map-missed': '#1d2733',
} as const;

function read(element: Element, name: keyof typeof FALLBACK): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || FALLBACK[name];
}

const hex = (color: string) => Number.parseInt(color.replace('#', '').slice(0, 6), 16);

export function mapColors(element: Element): MapColors {
  return {
    sea: hex(read(element, '--map-sea')),
    land: hex(read(element, '--map-land')),
    otherLand: hex(read(element, '--map-other-land')),
    border: hex(read(element, '--map-border')),
    missed: read(element, '--map-missed'),
  };
}

const darkScheme = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Calls `listener` whenever the system switches between light and dark; returns the unsubscribe. */
export function onThemeChange(listener: () => void): () => void {
  const query = darkScheme();
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
