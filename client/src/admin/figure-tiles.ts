/** The dashboard's headline figures: the totals over the nodes alive, one tile each. */
import type { AdminFrame } from '../../../protocol/admin.js';
import { formatNumber, h } from '../dom.js';
import { formatBytes, formatMs, formatRate, formatRatio, sum } from './format.js';

/** A node whose last sample is older than this is not counted alive. */
export const NODE_ALIVE_MS = 5_000;

export function aliveNodes(frame: AdminFrame): number {
  return frame.nodes.filter((n) => frame.at - n.seenAt <= NODE_ALIVE_MS).length;
}

interface Tile {
  label: string;
  value: string;
  detail?: string;
  /** Drawn in the warning colour: something the operator should look at. */
  alarming?: boolean;
}

function tiles(frame: AdminFrame): Tile[] {
  const { total, roomsByPhase } = frame;
  const latency = total.guessLatencyMs;
  const cache = total.cacheHitRatio;
  const errors = sum(total.errorsPerMinute);
  const alive = aliveNodes(frame);
  return [
    {
      label: 'Nodes alive',
      value: formatNumber(alive),
      detail: alive < frame.nodes.length ? `of ${frame.nodes.length} known` : undefined,
      alarming: alive < frame.nodes.length || alive === 0,
    },
    {
      label: 'Rooms',
      value: formatNumber(sum(roomsByPhase)),
      detail: `${roomsByPhase.lobby} lobby · ${roomsByPhase.playing} playing · ${roomsByPhase.finished} finished`,
    },
    {
      label: 'Players connected',
      value: formatNumber(total.players),
      detail: `${formatNumber(total.spectators)} watching`,
    },
    {
      label: 'Guesses/s',
      value: formatRate(total.guessesPerSecond),
      detail: `finds/s ${formatRate(total.findsPerSecond)}`,
    },
    {
      label: 'Guess latency p95',
      value: formatMs(latency.p95),
      detail: `p50 ${formatMs(latency.p50)} · p99 ${formatMs(latency.p99)}`,
    },
    {
      label: 'Cache hits (memory)',
      value: formatRatio(cache.memory),
      detail: `Redis ${formatRatio(cache.redis)} · database ${formatRatio(cache.database)}`,
    },
    { label: 'Event-loop lag p99', value: formatMs(total.eventLoopLagMs), detail: 'worst node' },
    {
      label: 'Memory (RSS)',
      value: formatBytes(total.rssBytes),
      detail: `heap ${formatBytes(total.heapUsedBytes)}`,
    },
    {
      label: 'Errors/min',
      value: formatNumber(errors),
      detail: `rate-limited ${formatNumber(total.rateLimitedPerMinute)} · unknown events ${formatNumber(total.unknownEventsPerMinute)}`,
      alarming: errors > 0,
    },
    {
      label: 'Browser errors/min',
      value: formatNumber(total.clientErrorsPerMinute),
      detail: `impossible ${formatNumber(total.impossiblePerMinute)}`,
      alarming: total.clientErrorsPerMinute > 0 || total.impossiblePerMinute > 0,
    },
  ];
}

export function renderTiles(frame: AdminFrame): HTMLElement[] {
  return tiles(frame).map((tile) =>
    h(
      'div',
      { class: tile.alarming ? 'tile alarming' : 'tile' },
      h('div', { class: 'tile-label' }, tile.label),
      h('div', { class: 'tile-value' }, tile.value),
      tile.detail ? h('div', { class: 'tile-detail' }, tile.detail) : null,
    ),
  );
}
