/**
 * When to raise an alert, as a pure function of the previous run's state and
 * this run's results: no I/O, no clock (the run's time is passed in).
 *
 * One alert per outage and one "recovered" per alert: the state remembers
 * what the operator has been told (`announced`) and, per channel, what that
 * channel has delivered (`told`). A channel that failed to deliver still
 * differs from `announced`, so the next run sends it the same message again,
 * and only to it: a working channel is not repeated every run while another
 * one is broken.
 */
import { z } from 'zod';
import { downAlert, recoveredAlert, type Alert } from './alert-messages.js';
import type { ProbeResult } from './probe.js';

const News = z.enum(['up', 'down']);
type News = z.infer<typeof News>;

const AlertSchema = z.object({
  status: z.enum(['down', 'recovered']),
  text: z.string(),
  urls: z.array(z.string()),
  since: z.iso.datetime(),
});

export const AlertStateSchema = z.object({
  /** Runs in a row in which some URL failed. */
  failedRuns: z.number().int().nonnegative(),
  /** The first of those runs; null while every URL answers. */
  failingSince: z.iso.datetime().nullable(),
  /** What the operator should believe now. */
  announced: News,
  /** The message that announced it, kept to resend to channels that did not take it. */
  announcement: AlertSchema.nullable(),
  /** Per channel, the news it last delivered; a channel not listed has said nothing, i.e. "up". */
  told: z.record(z.string(), News),
});
export type AlertState = z.infer<typeof AlertStateSchema>;

export const freshState = (): AlertState => ({
  failedRuns: 0,
  failingSince: null,
  announced: 'up',
  announcement: null,
  told: {},
});

export interface UptimeRun {
  /** ISO time of the run. */
  at: string;
  results: readonly ProbeResult[];
}

export interface AlertPolicy {
  /** Failed runs in a row before the down alert: one failed run is not yet an outage. */
  failuresBeforeAlert: number;
  /** The names of the channels configured for this run. */
  channels: readonly string[];
}

export interface Decision {
  /** The state to keep; mark each channel that delivers `send` with `delivered`. */
  state: AlertState;
  send: { alert: Alert; channels: string[] } | null;
}

export function decide(previous: AlertState, run: UptimeRun, policy: AlertPolicy): Decision {
  const failing = run.results.filter((result) => !result.ok);
  const state =
    failing.length === 0
      ? afterUp(previous, run.at)
      : afterDown(previous, run.at, failing, policy.failuresBeforeAlert);
  const channels = policy.channels.filter((name) => (state.told[name] ?? 'up') !== state.announced);
  const send =
    state.announcement && channels.length > 0 ? { alert: state.announcement, channels } : null;
  return { state, send };
}

/** The state once `channel` has delivered the current announcement. */
export function delivered(state: AlertState, channel: string): AlertState {
  return { ...state, told: { ...state.told, [channel]: state.announced } };
}

function afterUp(previous: AlertState, at: string): AlertState {
  const state: AlertState = { ...previous, failedRuns: 0, failingSince: null };
  if (previous.announced === 'up') return state;
  // While "down" is announced the failing streak is unbroken, so failingSince is the outage's start.
  const urls = previous.announcement?.urls ?? [];
  const alert = recoveredAlert(urls, previous.failingSince ?? at, at);
  return { ...state, announced: 'up', announcement: alert };
}

function afterDown(
  previous: AlertState,
  at: string,
  failing: readonly ProbeResult[],
  failuresBeforeAlert: number,
): AlertState {
  const failingSince = previous.failingSince ?? at;
  const state: AlertState = { ...previous, failedRuns: previous.failedRuns + 1, failingSince };
  if (state.announced === 'down' || state.failedRuns < failuresBeforeAlert) return state;
  const alert = downAlert(failing, state.failedRuns, failingSince);
  return { ...state, announced: 'down', announcement: alert };
}
