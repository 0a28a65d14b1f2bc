/** One uptime check of each URL: a plain GET, as a visitor's browser would make it. */

export interface ProbeResult {
  url: string;
  /** A 2xx answer, after redirects. */
  ok: boolean;
  /** `HTTP 503`, `timed out after 10000 ms`, `connect ECONNREFUSED 127.0.0.1:3000`, … */
  detail: string;
  ms: number;
}

export async function probeUrl(url: string, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'user-agent': 'placerace-uptime' },
    });
    // The status is the answer; the page itself would only hold the socket open.
    await response.body?.cancel();
    return { url, ok: response.ok, detail: `HTTP ${response.status}`, ms: elapsed() };
  } catch (error) {
    return { url, ok: false, detail: describeFetchError(error, timeoutMs), ms: elapsed() };
  }
}

/** Every URL at once, so that one slow URL does not stretch the run to the sum of the timeouts. */
export function probeAll(urls: readonly string[], timeoutMs: number): Promise<ProbeResult[]> {
  return Promise.all(urls.map((url) => probeUrl(url, timeoutMs)));
}

/**
 * fetch() says only "fetch failed"; the reason an operator can act on
 * (refused, DNS, certificate) is in its `cause`.
 */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `timed out after ${timeoutMs} ms`;
  }
  if (error instanceof Error && error.cause instanceof Error) {
    // Node reports a refused dual-stack connect as an AggregateError with no message, only a code.
    const cause = error.cause as Error & { code?: unknown };
    return cause.message || (typeof cause.code === 'string' ? cause.code : error.message);
  }
  return error instanceof Error ? error.message : String(error);
}
