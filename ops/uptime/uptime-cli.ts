/**
 * The uptime check, run every 15 minutes by a timer on another machine:
 *
 *   npm run uptime -- --url URL [--url URL …] [--timeout-ms 10000] [--failures 2] [--state FILE]
 *
 * Without --url it checks the space-separated UPTIME_URLS, so that a systemd
 * unit can take them from an environment file. One line per URL on stdout;
 * exit 0 when every URL answered 2xx, 1 when one did not or an alert could not
 * be sent, 2 for a mistake in the arguments or the environment. The alert
 * channels come from the environment (alert-channels.ts, ops/operating.md).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  ChannelConfigError,
  channelsFromEnv,
  consoleChannel,
  type AlertChannel,
} from './alert-channels.js';
import { runUptimeCheck } from './uptime-check.js';

const USAGE = `usage: npm run uptime -- --url URL [--url URL …] [--timeout-ms MS] [--failures N] [--state FILE]
  --url URL        a URL that must answer 2xx (repeatable; default: UPTIME_URLS, space-separated)
  --timeout-ms MS  how long to wait for each URL (default 10000)
  --failures N     failed runs in a row before the alert (default 2)
  --state FILE     where runs remember what was sent (default UPTIME_STATE_FILE or data/uptime-state.json)
alerts go to ALERT_WEBHOOK_URL and/or Twilio (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_TO)`;

const HttpUrl = z.url({ protocol: /^https?$/, error: 'not an http(s) URL' });

function positiveWhole(option: string) {
  const error = `${option} must be a positive whole number`;
  return z.coerce.number({ error }).int({ error }).positive({ error });
}

const Options = z.object({
  urls: z.array(HttpUrl).min(1, 'no URL to check: pass --url URL or set UPTIME_URLS'),
  timeoutMs: positiveWhole('--timeout-ms'),
  failures: positiveWhole('--failures'),
  statePath: z.string().min(1),
});
type Options = z.infer<typeof Options>;

class UsageError extends Error {}

function readOptions(args: string[], env: NodeJS.ProcessEnv): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        url: { type: 'string', multiple: true },
        'timeout-ms': { type: 'string', default: '10000' },
        failures: { type: 'string', default: '2' },
        state: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const urls = values.url ?? (env.UPTIME_URLS ?? '').split(/\s+/).filter(Boolean);
  const parsed = Options.safeParse({
    urls,
    timeoutMs: values['timeout-ms'],
    failures: values.failures,
    statePath: values.state || env.UPTIME_STATE_FILE || 'data/uptime-state.json',
  });
  if (!parsed.success) {
    // A bad URL is named by its value, as the operator typed it.
    const issues = parsed.error.issues.map((issue) =>
      issue.path[0] === 'urls' && typeof issue.path[1] === 'number'
        ? `${urls[issue.path[1]]}: ${issue.message}`
        : issue.message,
    );
    throw new UsageError(issues.join('; '));
  }
  return parsed.data;
}

function readChannels(env: NodeJS.ProcessEnv): AlertChannel[] {
  try {
    const channels = channelsFromEnv(env);
    return channels.length > 0 ? channels : [consoleChannel((line) => console.log(line))];
  } catch (error) {
    if (error instanceof ChannelConfigError) throw new UsageError(error.message);
    throw error;
  }
}

async function main(): Promise<number> {
  let options: Options;
  let channels: AlertChannel[];
  try {
    options = readOptions(process.argv.slice(2), process.env);
    channels = readChannels(process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`uptime: ${error.message}\n${USAGE}`);
    return 2;
  }
  return runUptimeCheck({
    urls: options.urls,
    timeoutMs: options.timeoutMs,
    failuresBeforeAlert: options.failures,
    statePath: options.statePath,
    channels,
    out: (line) => console.log(line),
    err: (line) => console.error(`uptime: ${line}`),
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('uptime: failed:', error);
    process.exitCode = 1;
  },
);
