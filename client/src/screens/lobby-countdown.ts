/**
 * A public lobby's countdown (quick play): "Starts in 27 s", counting down
 * each second until the server starts the game; for the host, a button to
 * hold it and wait for more players (the lobby's Start button starts early).
 */
import '../lobby-countdown.css';
import { h } from '../dom.js';
import { secondsLeft } from '../state/countdown.js';

export class LobbyCountdown {
  readonly element = h('div', { class: 'lobby-countdown' });
  private readonly seconds = h('strong', { class: 'countdown-seconds' });
  private readonly line = h(
    'p',
    // A timer is not read out each second; its sentence is there for whoever looks.
    { class: 'countdown-line', role: 'timer' },
  );
  private timer: number | undefined;
  private startsAt: number | null = null;
  private isHost: boolean | undefined;

  constructor(private readonly hold: () => void) {}

  /** Shows the countdown to `startsAt`; nothing when it is null. Returns the element, or null. */
  update(startsAt: number | null | undefined, isHost: boolean): HTMLElement | null {
    const next = startsAt ?? null;
    if (next === null) {
      this.stop();
      return null;
    }
    if (next !== this.startsAt || isHost !== this.isHost) {
      this.startsAt = next;
      this.isHost = isHost;
      this.line.replaceChildren('The game starts in ', this.seconds);
      this.element.replaceChildren(
        this.line,
        isHost
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary hold',
                onclick: (() => this.hold()) as EventListener,
              },
              'Wait for more players',
            )
          : h('p', { class: 'muted' }, 'The host may start it sooner.'),
      );
    }
    this.render();
    if (this.timer === undefined) this.timer = window.setInterval(() => this.tick(), 250);
    return this.element;
  }

  stop(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
    this.startsAt = null;
  }

  private render(): void {
    if (this.startsAt === null) return;
    const left = secondsLeft(this.startsAt, Date.now());
    const text = left > 0 ? `${left} s` : 'a moment…';
    if (this.seconds.textContent !== text) this.seconds.textContent = text;
  }

  private tick(): void {
    // Left the lobby (the game started, the page changed): the timer goes with it.
    if (!this.element.isConnected) return this.stop();
    this.render();
  }
}
