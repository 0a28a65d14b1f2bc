/**
 * Where alerts go: a generic webhook and an SMS through Twilio's REST API,
 * each used when its environment variables are set. `send` resolves once the
 * channel accepted the alert and rejects otherwise, so that the alert is
 * sent again on the next run.
 */
import type { Alert } from './alert-messages.js';

export interface AlertChannel {
  /** Also the key of the channel's delivery in the state file. */
  readonly name: string;
  send(alert: Alert): Promise<void>;
}

/** Thrown for a channel set up by halves, which would otherwise fail silently in an outage. */
export class ChannelConfigError extends Error {}

/** A slow alert receiver must not hold the next timer run back. */
const SEND_TIMEOUT_MS = 10_000;

/** Twilio refuses longer bodies; an alert naming many URLs is cut rather than lost. */
const SMS_MAX_CHARS = 1600;

const TWILIO_VARIABLES = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'TWILIO_TO'];

export function channelsFromEnv(env: NodeJS.ProcessEnv): AlertChannel[] {
  const channels: AlertChannel[] = [];
  const webhook = env.ALERT_WEBHOOK_URL?.trim();
  if (webhook) channels.push(webhookChannel(httpUrl(webhook, 'ALERT_WEBHOOK_URL')));
  const missing = TWILIO_VARIABLES.filter((name) => !env[name]?.trim());
  if (missing.length < TWILIO_VARIABLES.length) {
    if (missing.length > 0) {
      throw new ChannelConfigError(
        `SMS alerts need ${TWILIO_VARIABLES.join(', ')}; missing: ${missing.join(', ')}`,
      );
    }
    channels.push(
      twilioChannel({
        accountSid: env.TWILIO_ACCOUNT_SID!.trim(),
        authToken: env.TWILIO_AUTH_TOKEN!.trim(),
        from: env.TWILIO_FROM!.trim(),
        to: env.TWILIO_TO!.trim(),
        apiBase: httpUrl(
          env.TWILIO_API_BASE?.trim() || 'https://api.twilio.com',
          'TWILIO_API_BASE',
        ),
      }),
    );
  }
  return channels;
}

/** POSTs the alert itself as JSON: `{ status, text, urls, since }`. */
export function webhookChannel(url: string): AlertChannel {
  return {
    name: 'webhook',
    async send(alert) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the webhook answered ${await answerText(response)}`);
      await response.body?.cancel();
    },
  };
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from: string;
  to: string;
  /** https://api.twilio.com, or a stand-in for tests. */
  apiBase: string;
}

/** Twilio's "create a Message" call: a form-encoded POST, the account SID and auth token as basic auth. */
export function twilioChannel(config: TwilioConfig): AlertChannel {
  const base = config.apiBase.replace(/\/+$/, '');
  const endpoint = `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const credentials = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
  return {
    name: 'twilio',
    async send(alert) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${credentials}` },
        body: new URLSearchParams({
          To: config.to,
          From: config.from,
          Body: alert.text.slice(0, SMS_MAX_CHARS),
        }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`Twilio answered ${await answerText(response)}`);
      await response.body?.cancel();
    },
  };
}

/** With no channel set, the alert still reaches the journal of the timer that runs the probe. */
export function consoleChannel(write: (line: string) => void): AlertChannel {
  return {
    name: 'console',
    send(alert) {
      write(`ALERT (${alert.status}): ${alert.text}`);
      write(
        'no alert channel is set: set ALERT_WEBHOOK_URL and/or ' +
          `${TWILIO_VARIABLES.join(', ')} to be told without reading this output`,
      );
      return Promise.resolve();
    },
  };
}

function httpUrl(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: a webhook's URL is often its secret.
    throw new ChannelConfigError(`${variable} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ChannelConfigError(`${variable} must be an http(s) URL`);
  }
  return value;
}

/** The status and the start of the body: Twilio explains a refusal there (`{"code":21211,"message":…}`). */
async function answerText(response: Response): Promise<string> {
  const body = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim();
  return `HTTP ${response.status}${body ? `: ${body.slice(0, 300)}` : ''}`;
}
