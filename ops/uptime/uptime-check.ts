/** One run of the uptime check: probe, decide, alert, remember. */
import type { AlertChannel } from './alert-channels.js';
import { decide, delivered, type AlertState } from './alert-state.js';
import { probeAll, type ProbeResult } from './probe.js';
import { readState, writeState } from './state-file.js';

export interface UptimeCheckOptions {
  urls: readonly string[];
  timeoutMs: number;
  failuresBeforeAlert: number;
  statePath: string;
  channels: readonly AlertChannel[];
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Resolves to the exit code: 0 when every URL answered 2xx and every due alert went out. */
export async function runUptimeCheck(options: UptimeCheckOptions): Promise<number> {
  const { out, err } = options;
  const previous = await readState(options.statePath, err);
  const at = new Date().toISOString();
  const results = await probeAll(options.urls, options.timeoutMs);
  for (const result of results) out(resultLine(result));

  const decision = decide(
    previous,
    { at, results },
    {
      failuresBeforeAlert: options.failuresBeforeAlert,
      channels: options.channels.map((channel) => channel.name),
    },
  );
  let state = decision.state;
  let allDelivered = true;
  if (decision.send) {
    const { alert, channels: due } = decision.send;
    const channels = options.channels.filter((channel) => due.includes(channel.name));
    const outcomes = await Promise.allSettled(channels.map((channel) => channel.send(alert)));
    outcomes.forEach((outcome, index) => {
      const name = channels[index]!.name;
      if (outcome.status === 'fulfilled') {
        state = delivered(state, name);
        out(`sent the "${alert.status}" alert through ${name}`);
      } else {
        allDelivered = false;
        err(
          `could not send the "${alert.status}" alert through ${name}: ` +
            `${errorText(outcome.reason)}; it is sent again on the next run`,
        );
      }
    });
  } else {
    const line = quietLine(state, options.failuresBeforeAlert);
    if (line) out(line);
  }
  await writeState(options.statePath, state);
  return results.every((result) => result.ok) && allDelivered ? 0 : 1;
}

function resultLine(result: ProbeResult): string {
  return `${result.ok ? 'up  ' : 'DOWN'} ${result.url} ${result.detail} in ${result.ms} ms`;
}

/** Why a failing run sent nothing, so that the log of each run explains itself. */
function quietLine(state: AlertState, failuresBeforeAlert: number): string | undefined {
  if (state.failedRuns === 0) return undefined;
  if (state.announced === 'down') return `still down since ${state.failingSince}; already alerted`;
  return `failing ${state.failedRuns} run(s) in a row; the alert goes out at ${failuresBeforeAlert}`;
}

function errorText(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  if (error instanceof Error && error.cause instanceof Error) {
    return `${error.message} (${error.cause.message})`;
  }
  return error instanceof Error ? error.message : String(error);
}
