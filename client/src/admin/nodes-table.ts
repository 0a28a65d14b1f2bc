/** Each node's figures, and their total, so one node's trouble shows beside the sum. */
import type { AdminFrame, LiveFigures } from '../../../protocol/admin.js';
import { formatNumber, h } from '../dom.js';
import { NODE_ALIVE_MS } from './figure-tiles.js';
import { formatAge, formatBytes, formatMs, formatRate, formatRatio } from './format.js';

/** Two header rows: the latencies and the cache tiers under a heading each. */
function headerRows(): HTMLTableRowElement[] {
  const single = (label: string, numeric = true) =>
    h('th', { scope: 'col', rowspan: 2, class: numeric ? 'number' : undefined }, label);
  const group = (label: string, span: number) =>
    h('th', { scope: 'colgroup', colspan: span, class: 'group' }, label);
  const under = (label: string) => h('th', { scope: 'col', class: 'number' }, label);
  return [
    h(
      'tr',
      {},
      single('Node', false),
      single('Seen'),
      single('Players'),
      single('Watching'),
      single('Guesses/s'),
      single('Finds/s'),
      group('Guess latency', 3),
      single('Lag p99'),
      single('RSS'),
      single('Heap'),
      group('Cache hits', 3),
    ),
    h(
      'tr',
      {},
      ...['p50', 'p95', 'p99', 'memory', 'Redis', 'database'].map((label) => under(label)),
    ),
  ];
}

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
    h('thead', {}, ...headerRows()),
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
