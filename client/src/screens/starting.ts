/**
 * What the page shows while the server starts (a first start imports the
 * gazetteer for up to a minute): what it is doing and how far it has come.
 * The app polls /healthz and carries on by itself once the server is ready.
 */
import type { Health } from '../api.js';
import { h } from '../dom.js';

export function renderStarting(): { element: HTMLElement; update(health: Health): void } {
  const stage = h('p', { class: 'stage', role: 'status' }, 'Starting…');
  const bar = h('progress', { max: 1, 'aria-label': 'Starting' });
  const element = h(
    'section',
    { class: 'card starting' },
    h('h1', {}, 'placerace is starting'),
    stage,
    bar,
    h(
      'p',
      { class: 'muted' },
      'The first start imports about 200,000 places and takes a minute. This page carries on by itself.',
    ),
  );
  return {
    element,
    update(health) {
      if (health.status === 'unreachable') {
        stage.textContent = 'The server cannot be reached. Trying again…';
        bar.removeAttribute('value');
        return;
      }
      if (health.status !== 'starting') return;
      const { progress } = health;
      const stageName = health.stage.charAt(0).toUpperCase() + health.stage.slice(1);
      stage.textContent =
        progress === undefined ? `${stageName}…` : `${stageName}, ${Math.floor(progress * 100)}%`;
      if (progress === undefined) bar.removeAttribute('value');
      else bar.value = progress;
    },
  };
}
