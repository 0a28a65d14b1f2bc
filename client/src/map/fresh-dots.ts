/**
 * New markers drawn as small DOM dots over the map's canvas until they are
 * baked into the map's texture. Under software WebGL, showing a changed
 * WebGL canvas makes the browser read the frame back and wait for it to be
 * drawn, tens of milliseconds in which the page cannot paint anything else
 * (a guess's feedback, say); a dot is painted in a fraction of that. The
 * map bakes the dots into its texture when play pauses, when they grow
 * many, and when the view moves.
 */
export class FreshDots {
  private readonly layer: HTMLElement;
  private count = 0;

  constructor(container: HTMLElement) {
    this.layer = document.createElement('div');
    this.layer.className = 'map-fresh';
    container.append(this.layer);
  }

  get size(): number {
    return this.count;
  }

  /** A dot of `radius` CSS pixels at (x, y) in the map's box. */
  add(x: number, y: number, radius: number, color: string): void {
    const dot = document.createElement('span');
    dot.style.left = `${x - radius}px`;
    dot.style.top = `${y - radius}px`;
    dot.style.width = dot.style.height = `${radius * 2}px`;
    dot.style.background = color;
    this.layer.append(dot);
    this.count++;
  }

  clear(): void {
    this.layer.replaceChildren();
    this.count = 0;
  }

  remove(): void {
    this.layer.remove();
  }
}
