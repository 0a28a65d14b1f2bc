/** The words of the alerts: one sentence an operator can act on from a phone's lock screen. */
import type { ProbeResult } from './probe.js';

export interface Alert {
  status: 'down' | 'recovered';
  text: string;
  /** Down: the URLs failing when the alert was raised. Recovered: the URLs that alert named. */
  urls: string[];
  /** Down: the first failed run of the outage. Recovered: the run that found every URL answering. */
  since: string;
}

export function downAlert(
  failing: readonly ProbeResult[],
  failedRuns: number,
  since: string,
): Alert {
  const what = listWords(failing.map((result) => `${result.url} (${result.detail})`));
  const verb = failing.length === 1 ? 'is' : 'are';
  const runs = failedRuns === 1 ? 'the last check' : `${failedRuns} checks in a row`;
  return {
    status: 'down',
    text: `placerace uptime: ${what} ${verb} down: failing ${runs}, since ${since}.`,
    urls: failing.map((result) => result.url),
    since,
  };
}

export function recoveredAlert(urls: readonly string[], downSince: string, at: string): Alert {
  const outage = formatDuration(Date.parse(at) - Date.parse(downSince));
  const what = urls.length > 0 ? listWords(urls) : 'the URLs';
  const verb = urls.length === 1 ? 'answers' : 'answer';
  return {
    status: 'recovered',
    text:
      `placerace uptime: recovered: ${what} ${verb} again ` +
      `(every URL checked is up at ${at}; down since ${downSince}, ${outage}).`,
    urls: [...urls],
    since: at,
  };
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
