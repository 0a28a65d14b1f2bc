/**
 * The map of a room's game as it runs: the scope's outlines with a marker
 * for every find in its finder's colour, each find put on once, new ones
 * with a pulse. The players' room screen and the operator's spectator view
 * both draw through it, so the operator sees what the players see.
 *
 * PixiJS is loaded only now (a dynamic import), so the pages that carry this
 * module do not carry PixiJS until a map is shown.
 */
import type { RoomView } from '../state/room-view.js';
import { placeLabel } from '../screens/game-lists.js';
import type { PlaceMap } from './place-map.js';

const UNKNOWN_PLAYER_COLOR = '#888888';

export class RoomMap {
  private map: PlaceMap | undefined;
  private view: RoomView | undefined;
  /** The seq of the last find on the map. */
  private mapped = 0;
  private markers = 0;
  private destroyed = false;

  /** `element` must be in the page already: the map takes its size. */
  constructor(
    private readonly element: HTMLElement,
    scope: string,
  ) {
    void this.open(scope).catch((error: unknown) => {
      console.error('the map could not be drawn', error);
    });
  }

  /** Puts the finds of `view` that the map does not show yet on it; `animate` for finds arriving live. */
  show(view: RoomView, animate: boolean): void {
    this.view = view;
    this.plot(animate);
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
    this.map = map;
    this.plot(false);
  }

  private plot(animate: boolean) {
    const { map, view } = this;
    if (!map || !view) return;
    for (const f of view.room.found) {
      if (f.seq <= this.mapped) continue;
      const player = view.players.get(f.playerId);
      map.add(
        {
          place: f.place,
          color: player?.color ?? UNKNOWN_PLAYER_COLOR,
          label: `${placeLabel(f.place)} — ${player?.nickname ?? ''}`,
        },
        animate,
      );
      this.mapped = f.seq;
      this.markers++;
    }
    // The canvas tells nothing to a test or a screen reader; this count does.
    this.element.dataset.markers = String(this.markers);
  }
}
