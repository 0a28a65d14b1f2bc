/**
 * The newest browser reports the dashboard shows, gathered from the samples
 * it reads: every node's reports ride on that node's samples, and the same
 * sample is read many times (the last hour, then each frame's last minute),
 * so each report is kept once, by where it was found.
 */
import type { ClientErrorReport } from '../../protocol/admin.js';
import type { NodeSample } from './node-sample.js';

const RECENT_REPORTS = 20;

export interface RecentReports {
  /** Keeps the newest browser reports found in samples, once each. */
  remember(samples: NodeSample[]): void;
  /** The reports kept, newest first. */
  list(): ClientErrorReport[];
}

export function recentReports(): RecentReports {
  let reports: (ClientErrorReport & { key: string })[] = [];
  return {
    remember(samples) {
      const seen = new Set(reports.map((r) => r.key));
      for (const s of samples) {
        (s.clientErrorReports ?? []).forEach((report, i) => {
          const key = `${s.node}:${s.t}:${i}`;
          if (!seen.has(key)) reports.push({ ...report, key });
        });
      }
      reports = reports.sort((a, b) => b.at - a.at).slice(0, RECENT_REPORTS);
    },
    list: () => reports.map(({ key, ...report }) => report),
  };
}
