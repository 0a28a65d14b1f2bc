/**
 * The map of a room's game as it runs: the scope's outlines with a marker
 * for every find in its finder's colour, each find put on once, new ones
 * with a pulse. The players' room screen and the operator's spectator view
 * both draw through it, so the operator sees what the players see.
 *
 * PixiJS is loaded only now (a dynamic import), so the pages that carry this
 * module do not carry PixiJS until a map is shown.
 */
import { afterNextPaint, MARKER_MEASURE, measureTo } from '../latency-marks.js';
import type { PlaceNamer } from '../place-names.js';
import type { RoomView } from '../state/room-view.js';
import type { PlaceMap } from './place-map.js';

const UNKNOWN_PLAYER_COLOR = '#888888';

export class RoomMap {
  private map: PlaceMap | undefined;
  private view: RoomView | undefined;
  /** The seq of the last find on the map. */
  private mapped = 0;
  private markers = 0;
  private destroyed = false;

  /**
   * `element` must be in the page already: the map takes its size.
   * `names` is asked each time a marker's label shows, so names that arrive later are used.
   */
  constructor(
    private readonly element: HTMLElement,
    scope: string,
    private readonly names: () => PlaceNamer,
  ) {
    void this.open(scope).catch((error: unknown) => {
      console.error('the map could not be drawn', error);
    });
  }

  /**
   * Puts the finds of `view` that the map does not show yet on it; `animate`
   * for finds arriving live. `receivedAt` (performance.now()) is when the
   * newest of them arrived: the time until its marker is painted is measured.
   */
  show(view: RoomView, animate: boolean, receivedAt?: number): void {
    this.view = view;
    const added = this.plot(animate);
    if (added && receivedAt !== undefined) {
      afterNextPaint(() => measureTo(MARKER_MEASURE, receivedAt));
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.map?.destroy();
    this.map = undefined;
  }

  private async open(scope: string) {
    const { PlaceMap } = await import('./place-map.js');
    const map = await PlaceMap.create(this.element, scope);
    if (this.destroyed) return map.destroy(); // the game ended meanwhile
    map.describe = (place) => this.names().label(place);
    this.map = map;
    this.plot(false);
  }

  /** Adds the markers the map lacks; whether there were any. */
  private plot(animate: boolean): boolean {
    const { map, view } = this;
    if (!map || !view) return false;
    const before = this.markers;
    const { found } = view.room;
    // Finds only grow during a game: start from the first one the map lacks.
    let i = found.length;
    while (i > 0 && found[i - 1]!.seq > this.mapped) i--;
    for (; i < found.length; i++) {
      const f = found[i]!;
      const player = view.players.get(f.playerId);
      map.add(
        {
          place: f.place,
          color: player?.color ?? UNKNOWN_PLAYER_COLOR,
          by: player?.nickname ?? 'someone',
        },
        animate,
      );
      this.mapped = f.seq;
      this.markers++;
    }
    // The canvas tells nothing to a test or a screen reader; this count does.
    this.element.dataset.markers = String(this.markers);
    return this.markers > before;
  }
}
