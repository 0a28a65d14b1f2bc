/** The game server's HTTP API, as the client uses it. */
import type { GameEnded } from '../../protocol/types.js';
import type { LobbyListing } from './screens/home.js';

export interface ScopeInfo {
  id: string;
  name: string;
  kind: 'world' | 'continent' | 'country';
  places: number;
  population: number;
}

async function getJson<T>(path: string): Promise<T | undefined> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

let scopes: Promise<ScopeInfo[]> | undefined;
/** Every scope with its totals; fetched once per page load. */
export function fetchScopes(): Promise<ScopeInfo[]> {
  scopes ??= getJson<ScopeInfo[]>('/api/scopes').then((list) => list ?? []);
  return scopes;
}

export async function fetchLobbies(): Promise<LobbyListing[]> {
  return (await getJson<{ rooms: LobbyListing[] }>('/api/rooms'))?.rooms ?? [];
}

export function fetchGame(id: string): Promise<GameEnded | undefined> {
  return getJson<GameEnded>(`/api/games/${encodeURIComponent(id)}`);
}
