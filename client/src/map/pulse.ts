/**
 * The ring that spreads from a new find. A DOM element animated by CSS
 * (transform and opacity only), not a WebGL drawing: the compositor plays
 * it, so a find costs the map one frame instead of a frame at every vsync
 * for the length of the animation, which on software WebGL delayed the
 * guess field's feedback.
 */
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

export function pulseAt(container: HTMLElement, x: number, y: number, color: string): void {
  if (reducedMotion.matches) return;
  const ring = document.createElement('span');
  ring.className = 'map-pulse';
  ring.style.left = `${x}px`;
  ring.style.top = `${y}px`;
  ring.style.borderColor = color;
  ring.addEventListener('animationend', () => ring.remove(), { once: true });
  container.append(ring);
}
