/** How the operator's figures read: units spelled out, and "—" for what was not measured. */
import { formatNumber, formatPercent } from '../format.js';

export const NOT_MEASURED = '—';

/** A rate per second: one decimal while small, so a quiet server does not read 0. */
export function formatRate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : formatNumber(perSecond);
}

export function formatMs(ms: number | null): string {
  if (ms === null) return NOT_MEASURED;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${formatNumber(ms)} ms`;
}

const MB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  return `${formatNumber(bytes / MB)} MB`;
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? NOT_MEASURED : formatPercent(ratio);
}

/** A duration as an operator says it: "45 s", "3 min", "2 h 5 min", "3 d". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** A moment of today, to the second, on a 24-hour clock. */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB');
}

export function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}
