/**
 * What went wrong in the last minute: server errors by code, refused and
 * unknown events, and the latest reports from players' browsers.
 */
import type { AdminFrame, ClientErrorReport } from '../../../protocol/admin.js';
import { formatNumber, h } from '../dom.js';
import { formatClock } from './format.js';

export class ErrorPanel {
  private readonly codes = h('tbody');
  private readonly counters = h('p', { class: 'muted' });
  private readonly reportsCount = h('p', {});
  private readonly reports = h('ol', { class: 'client-errors', 'aria-label': 'Browser errors' });
  /** The newest report drawn, so a frame with the same reports redraws nothing (open details stay open). */
  private shownKey: string | undefined;
  readonly element = h(
    'div',
    { class: 'errors' },
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Errors per minute'),
      h(
        'table',
        { class: 'figures', 'aria-label': 'Errors by code' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Code'),
            h('th', { scope: 'col', class: 'number' }, 'Last minute'),
          ),
        ),
        this.codes,
      ),
      this.counters,
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Browser errors'),
      this.reportsCount,
      this.reports,
    ),
  );

  update(frame: AdminFrame): void {
    const { total } = frame;
    const codes = Object.entries(total.errorsPerMinute)
      .filter(([, count]) => count > 0)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    this.codes.replaceChildren(
      ...(codes.length === 0
        ? [h('tr', {}, h('td', { colspan: 2, class: 'muted' }, 'None in the last minute.'))]
        : codes.map(([code, count]) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, code),
              h('td', { class: 'number' }, formatNumber(count)),
            ),
          )),
    );
    this.counters.textContent = `Rate-limited: ${formatNumber(total.rateLimitedPerMinute)} · unknown events: ${formatNumber(total.unknownEventsPerMinute)} · impossible: ${formatNumber(total.impossiblePerMinute)} (per minute)`;
    const latest = frame.clientErrors.length;
    this.reportsCount.textContent = `${formatNumber(total.clientErrorsPerMinute)} in the last minute${latest ? `; the latest ${latest} below` : ''}.`;
    this.showReports(frame.clientErrors);
  }

  private showReports(reports: readonly ClientErrorReport[]) {
    const key = reports.map((r) => `${r.at}:${r.message}`).join('\n');
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.reports.replaceChildren(
      ...reports.map((r) =>
        h(
          'li',
          {},
          h('span', { class: 'when' }, formatClock(r.at)),
          ' ',
          h('strong', {}, r.message),
          h(
            'div',
            { class: 'muted' },
            `${r.kind === 'unhandledrejection' ? 'unhandled rejection' : 'error'} · ${r.page} · version ${r.version}`,
          ),
          r.stack ? h('details', {}, h('summary', {}, 'Stack'), h('pre', {}, r.stack)) : null,
        ),
      ),
    );
  }
}
