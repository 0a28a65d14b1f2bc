/** The game server's HTTP API, as the client uses it. */
import type { DailyBoard, DailyQuizInfo } from '../../protocol/daily.js';
import type { NamingShares, NamingStats } from '../../protocol/naming-stats.js';
import type { GameEnded } from '../../protocol/types.js';
import type { LobbyLine } from './state/lobby-line.js';

export interface ScopeInfo {
  id: string;
  name: string;
  kind: 'world' | 'continent' | 'country' | 'region';
  places: number;
  population: number;
  /** A region's country code (`US` for `US-CA`); absent for other kinds. */
  country?: string;
}

/** What /healthz says: ready, or what a starting server is doing. */
export type Health =
  | { status: 'ok' }
  | { status: 'starting'; stage: string; progress?: number }
  | { status: 'unreachable' };

/** An answer other than 2xx or 404. */
export class HttpError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(`${path}: HTTP ${status}`);
  }
}

async function getJson<T>(path: string): Promise<T | undefined> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new HttpError(path, response.status);
  return (await response.json()) as T;
}

export async function fetchHealth(): Promise<Health> {
  try {
    const response = await fetch('/healthz', { cache: 'no-store' });
    return (await response.json()) as Health;
  } catch {
    return { status: 'unreachable' };
  }
}

let scopes: Promise<ScopeInfo[]> | undefined;
/** Every scope with its totals; fetched once per page load (again after a failure). */
export function fetchScopes(): Promise<ScopeInfo[]> {
  scopes ??= getJson<ScopeInfo[]>('/api/scopes').then(
    (list) => list ?? [],
    (error: unknown) => {
      scopes = undefined;
      throw error;
    },
  );
  return scopes;
}

const regions = new Map<string, Promise<Record<string, string>>>();
/** The region names of a scope's countries, by `country.admin1`; empty when they cannot be had. */
export function fetchRegions(scope: string): Promise<Record<string, string>> {
  let names = regions.get(scope);
  if (!names) {
    names = getJson<Record<string, string>>(`/api/regions/${encodeURIComponent(scope)}`).then(
      (found) => found ?? {},
      () => {
        regions.delete(scope);
        return {};
      },
    );
    regions.set(scope, names);
  }
  return names;
}

/** The public rooms waiting for players, as GET /api/rooms lists them. */
export async function fetchLobbies(): Promise<LobbyLine[]> {
  return (await getJson<{ rooms: LobbyLine[] }>('/api/rooms'))?.rooms ?? [];
}

export function fetchGame(id: string): Promise<GameEnded | undefined> {
  return getJson<GameEnded>(`/api/games/${encodeURIComponent(id)}`);
}

/** Today's daily quiz (feature `daily`); undefined from a server without one. */
export function fetchDaily(): Promise<DailyQuizInfo | undefined> {
  return getJson<DailyQuizInfo>('/api/daily');
}

/** A day's daily board (today when `date` is absent); undefined for a day no longer kept. */
export function fetchDailyBoard(date?: string): Promise<DailyBoard | undefined> {
  const query = date ? `?date=${encodeURIComponent(date)}` : '';
  return getJson<DailyBoard>(`/api/daily/board${query}`);
}

/** "What people name" in a quiz (GET /api/stats/:scope); undefined for an unknown quiz. */
export function fetchNamingStats(scope: string): Promise<NamingStats | undefined> {
  return getJson<NamingStats>(`/api/stats/${encodeURIComponent(scope)}`);
}

/** The share of the quiz's games that named each of `ids` (at most MAX_SHARE_IDS). */
export function fetchNamingShares(
  scope: string,
  ids: readonly number[],
): Promise<NamingShares | undefined> {
  return getJson<NamingShares>(
    `/api/stats/${encodeURIComponent(scope)}/shares?ids=${ids.join(',')}`,
  );
}
