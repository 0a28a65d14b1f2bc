/** Each node's figures, and their total, so one node's trouble shows beside the sum. */
import type { AdminFrame, LiveFigures } from '../../../protocol/admin.js';
import { formatNumber, h } from '../dom.js';
import { NODE_ALIVE_MS } from './figure-tiles.js';
import { formatAge, formatBytes, formatMs, formatRate, formatRatio } from './format.js';

const HEADERS = [
  'Node',
  'Seen',
  'Players',
  'Watching',
  'Guesses/s',
  'Finds/s',
  'p50',
  'p95',
  'p99',
  'Lag p99',
  'RSS',
  'Heap',
  'Cache: memory',
  'Redis',
  'Database',
];

function figureCells(f: LiveFigures): HTMLElement[] {
  return [
    formatNumber(f.players),
    formatNumber(f.spectators),
    formatRate(f.guessesPerSecond),
    formatRate(f.findsPerSecond),
    formatMs(f.guessLatencyMs.p50),
    formatMs(f.guessLatencyMs.p95),
    formatMs(f.guessLatencyMs.p99),
    formatMs(f.eventLoopLagMs),
    formatBytes(f.rssBytes),
    formatBytes(f.heapUsedBytes),
    formatRatio(f.cacheHitRatio.memory),
    formatRatio(f.cacheHitRatio.redis),
    formatRatio(f.cacheHitRatio.database),
  ].map((text) => h('td', { class: 'number' }, text));
}

export class NodesTable {
  private readonly body = h('tbody');
  private readonly foot = h('tfoot');
  readonly element = h(
    'table',
    { class: 'figures', 'aria-label': 'Nodes' },
    h('thead', {}, h('tr', {}, ...HEADERS.map((label) => h('th', { scope: 'col' }, label)))),
    this.body,
    this.foot,
  );

  update(frame: AdminFrame): void {
    const nodes = [...frame.nodes].sort((a, b) => a.node.localeCompare(b.node));
    this.body.replaceChildren(
      ...nodes.map((node) => {
        const age = frame.at - node.seenAt;
        return h(
          'tr',
          { class: age > NODE_ALIVE_MS ? 'stale' : undefined },
          h('th', { scope: 'row' }, node.node),
          h('td', { class: 'number' }, `${formatAge(Math.max(0, age))} ago`),
          ...figureCells(node),
        );
      }),
    );
    // With one node the total says the same again.
    const total = h(
      'tr',
      {},
      h('th', { scope: 'row' }, 'All nodes'),
      h('td'),
      ...figureCells(frame.total),
    );
    this.foot.replaceChildren(...(nodes.length > 1 ? [total] : []));
  }
}
