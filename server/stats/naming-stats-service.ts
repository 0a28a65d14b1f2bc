/**
 * What the statistics routes read: a quiz's report, built from the job's
 * aggregates and kept in memory until the job runs again (any node's run:
 * each request asks the database for the job's run number, one tiny query,
 * and rebuilds only when it moved).
 */
import { LRUCache } from 'lru-cache';
import type { Queryable } from '../../db/database.js';
import type { NamingShares, NamingStats } from '../../protocol/naming-stats.js';
import type { Place } from '../../protocol/types.js';
import type { Gazetteer, Scope } from '../places/gazetteer.js';
import type { NameIndex } from '../places/name-index.js';
import { toPlace } from '../rooms/room.js';
import { readNamingFigures } from './naming-figures.js';
import { namingReport } from './naming-report.js';

/** Reports kept at once: one a quiz asked about lately. */
const REPORTS_KEPT = 64;

interface Kept {
  run: number;
  report: NamingStats;
  shares: ReadonlyMap<number, number>;
}

export class NamingStatsService {
  private readonly kept = new LRUCache<string, Kept>({ max: REPORTS_KEPT });

  constructor(
    private readonly db: Queryable,
    private readonly gazetteer: Pick<Gazetteer, 'scope' | 'countriesIn'>,
    private readonly names: Pick<NameIndex, 'largest'>,
  ) {}

  /** The quiz's report; undefined for a scope the gazetteer does not know. */
  async report(scopeId: string): Promise<NamingStats | undefined> {
    return (await this.current(scopeId))?.report;
  }

  /** The share of each of `ids` among the quiz's counted games; undefined for an unknown scope. */
  async shares(scopeId: string, ids: readonly number[]): Promise<NamingShares | undefined> {
    const kept = await this.current(scopeId);
    if (!kept) return undefined;
    const shares: Record<string, number> = {};
    for (const id of ids) {
      const share = kept.shares.get(id);
      if (share !== undefined) shares[id] = share;
    }
    return { scope: kept.report.scope, games: kept.report.games, shares };
  }

  private async current(scopeId: string): Promise<Kept | undefined> {
    const scope = this.gazetteer.scope(scopeId);
    if (!scope) return undefined;
    const [job] = await this.db.query<{ run: number }>(`SELECT run FROM naming_job`);
    const run = job?.run ?? 0;
    const kept = this.kept.get(scope.id);
    if (kept && kept.run === run) return kept;
    const figures = await readNamingFigures(this.db, scope.id);
    const report = namingReport(scope, figures, (skip, limit) =>
      this.largestIn(scope, skip, limit),
    );
    const shares = new Map(
      figures.games
        ? figures.places.map(({ place, gamesNamed }) => [place.id, gamesNamed / figures.games])
        : [],
    );
    const fresh = { run, report, shares };
    this.kept.set(scope.id, fresh);
    return fresh;
  }

  /**
   * The biggest places of a scope (its countries, and a region's division),
   * from the name index every node holds.
   */
  private largestIn(scope: Scope, skip: ReadonlySet<number>, limit: number): Place[] {
    const countries = this.gazetteer.countriesIn(scope);
    return this.names.largest(countries, skip, limit, scope.admin1).map(toPlace);
  }
}
