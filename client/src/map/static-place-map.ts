/**
 * A map drawn once, for a page that shows places without a live game (the
 * results, "What people name"): drawn on the next frame, once its element
 * is in the page (the map takes its size from it), with PixiJS loaded only
 * then; destroyed with its page, even while it is still loading.
 */
import type { PlaceMap } from './place-map.js';

export class StaticPlaceMap {
  private map: PlaceMap | undefined;
  private destroyed = false;

  /** `fill` puts the places on the new map; `what` names the map in a failure's log line. */
  constructor(
    private readonly element: HTMLElement,
    private readonly scope: string,
    private readonly fill: (map: PlaceMap) => void,
    what: string,
  ) {
    requestAnimationFrame(
      () =>
        void this.draw().catch((error: unknown) =>
          console.error(`the ${what} could not be drawn`, error),
        ),
    );
  }

  destroy(): void {
    this.destroyed = true;
    this.map?.destroy();
    this.map = undefined;
  }

  private async draw() {
    if (this.destroyed) return;
    const { PlaceMap } = await import('./place-map.js');
    const map = await PlaceMap.create(this.element, this.scope);
    if (this.destroyed) return map.destroy();
    this.map = map;
    this.fill(map);
  }
}
