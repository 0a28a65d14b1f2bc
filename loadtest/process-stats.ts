/**
 * The server's CPU and memory as the load test sees them. A server the tool
 * started (or whose --pid it was given) is read from /proc: exact, and free
 * of any cost to the server. Otherwise from its GET /metrics (prom-client's
 * default metrics). Event-loop lag only exists in /metrics, and is read from
 * there whenever the server exposes it.
 */
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ServerReading {
  /** performance.now() of the reading. */
  at: number;
  /** CPU seconds used so far (user + system), summed over the servers. */
  cpuSeconds: number | undefined;
  /** Resident memory, summed over the servers. */
  rssBytes: number | undefined;
  /**
   * p99 of the event-loop delay since the previous scrape (prom-client resets
   * its histogram on every scrape), the worst over the servers.
   */
  eventLoopLagP99Seconds: number | undefined;
  /** The whole machine's CPU time (this one, where the load runs): busy and total, in seconds. */
  machine: MachineCpu | undefined;
}

export interface MachineCpu {
  busySeconds: number;
  totalSeconds: number;
}

export interface ServerProbe {
  read(): Promise<ServerReading>;
}

/** Linux's USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 everywhere we run. */
const CLOCK_TICKS = 100;

export async function procCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 overall (utime, stime) are 12 and 13 after the name and state.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export async function procRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * All CPUs' time from /proc/stat. The load test shares the machine; what the
 * server and the load process did not use of the busy time, other processes
 * did, and a run on a busy machine says so.
 */
export async function machineCpu(): Promise<MachineCpu | undefined> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => undefined);
  const line = stat?.split('\n', 1)[0];
  if (!line?.startsWith('cpu ')) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is inside user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .split(/\s+/)
    .slice(1, 9)
    .map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busySeconds: busy / CLOCK_TICKS, totalSeconds: (busy + idle! + iowait!) / CLOCK_TICKS };
}

/** Every series of one metric in Prometheus' text format (labels such as `node` are ignored). */
export function metricSeries(text: string, name: string): number[] {
  const values: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) values.push(value);
  }
  return values;
}

/** A metric summed over its series (several workers, several labels). */
const metricSum = (text: string, name: string): number | undefined => {
  const values = metricSeries(text, name);
  return values.length > 0 ? values.reduce((a, v) => a + v, 0) : undefined;
};

const metricMax = (text: string, name: string): number | undefined => {
  const values = metricSeries(text, name);
  return values.length > 0 ? Math.max(...values) : undefined;
};

/** GET /metrics, or undefined when the server has none (404) or cannot be reached. */
async function scrape(url: string): Promise<string | undefined> {
  const token = process.env.METRICS_TOKEN;
  const response = await fetch(`${url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
  if (!response?.ok) return undefined;
  return response.text();
}

const sum = (values: (number | undefined)[]): number | undefined =>
  values.some((v) => v === undefined) ? undefined : values.reduce<number>((a, v) => a + v!, 0);

const max = (values: (number | undefined)[]): number | undefined => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
};

/**
 * CPU and RSS from /proc for `pids`, lag from the servers' /metrics while
 * they answer it (a server without /metrics is asked once).
 */
export function procProbe(pids: readonly number[], urls: readonly string[]): ServerProbe {
  let metricsSeen: boolean | undefined;
  return {
    async read() {
      const at = performance.now();
      const [cpu, rss] = await Promise.all([
        Promise.all(pids.map((pid) => procCpuSeconds(pid).catch(() => undefined))),
        Promise.all(pids.map((pid) => procRssBytes(pid).catch(() => undefined))),
      ]);
      let lag: number | undefined;
      if (metricsSeen !== false) {
        const texts = await Promise.all(urls.map(scrape));
        metricsSeen = texts.some((t) => t !== undefined);
        lag = max(
          texts.map((t) =>
            t === undefined ? undefined : metricMax(t, 'nodejs_eventloop_lag_p99_seconds'),
          ),
        );
      }
      return {
        at,
        cpuSeconds: sum(cpu),
        rssBytes: sum(rss),
        eventLoopLagP99Seconds: lag,
        machine: await machineCpu(),
      };
    },
  };
}

/** Everything from the servers' /metrics: for servers elsewhere, or whose PID we do not know. */
export function metricsProbe(urls: readonly string[]): ServerProbe {
  return {
    async read() {
      const at = performance.now();
      const texts = await Promise.all(urls.map(scrape));
      return {
        at,
        cpuSeconds: sum(
          texts.map((t) =>
            t === undefined ? undefined : metricSum(t, 'process_cpu_seconds_total'),
          ),
        ),
        rssBytes: sum(
          texts.map((t) =>
            t === undefined ? undefined : metricSum(t, 'process_resident_memory_bytes'),
          ),
        ),
        // The servers are elsewhere (or their PIDs unknown): the rest of this machine is not "other" load.
        machine: undefined,
        eventLoopLagP99Seconds: max(
          texts.map((t) =>
            t === undefined ? undefined : metricMax(t, 'nodejs_eventloop_lag_p99_seconds'),
          ),
        ),
      };
    },
  };
}

/** The machine's busy CPU between two readings, in % of one core like the others. */
export function machinePercent(from: ServerReading, to: ServerReading): number | undefined {
  if (!from.machine || !to.machine) return undefined;
  const seconds = (to.at - from.at) / 1000;
  return seconds > 0
    ? ((to.machine.busySeconds - from.machine.busySeconds) / seconds) * 100
    : undefined;
}

/** CPU use between two readings, in % of one core (200% = both cores of a 2-core machine). */
export function cpuPercent(from: ServerReading, to: ServerReading): number | undefined {
  if (from.cpuSeconds === undefined || to.cpuSeconds === undefined) return undefined;
  const seconds = (to.at - from.at) / 1000;
  return seconds > 0 ? ((to.cpuSeconds - from.cpuSeconds) / seconds) * 100 : undefined;
}

/**
 * The load process's own CPU and event-loop delay: it shares the machine
 * with the server, and a saturated generator shows up as latency that is
 * not the server's.
 */
export class GeneratorStats {
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private readonly lag = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.lag.enable();
  }

  /** Starts a new interval. */
  reset(): void {
    this.lastCpu = process.cpuUsage();
    this.lastAt = performance.now();
    this.lag.reset();
  }

  /** CPU (% of one core) and event-loop delay p99 (ms) since the last reset. */
  read(): { cpuPercent: number; lagP99Ms: number } {
    const usage = process.cpuUsage(this.lastCpu);
    const elapsedMs = performance.now() - this.lastAt;
    return {
      cpuPercent: elapsedMs > 0 ? ((usage.user + usage.system) / 1000 / elapsedMs) * 100 : 0,
      lagP99Ms: this.lag.count > 0 ? this.lag.percentile(99) / 1e6 : 0,
    };
  }

  stop(): void {
    this.lag.disable();
  }
}
