import { coalescedReads } from "../coalesced-reads.js";
import type { DataSource } from "../data-versions.js";
import type { Db } from "../db.js";
import { toDate, toStr } from "../sql-values.js";

/** What wrote a source: a file import, an ITSM sync, the ticket webhook, or the demo seed. */
export type WriteVia = "import" | "sync" | "webhook" | "seed";

/** The last write of one source, on kpibot's clock. */
export interface SourceWrite {
  source: DataSource;
  writtenAt: Date;
  via: WriteVia;
  /** The connector of a sync, the source name of an import, the webhook's `?source=`… (null when none). */
  detail: string | null;
}

/** When each source of KPI figures was last written (table source_freshness), and the stale-feed checks' memory. */
export interface SourceFreshnessRepository {
  /**
   * Records that `sources` were written at `write.at`. A source keeps its latest write: a record older than the
   * stored one (a slow import finishing after a newer sync) changes nothing.
   */
  record(sources: readonly DataSource[], write: { at: Date; via: WriteVia; detail?: string | null }): Promise<void>;
  /** The last write of every source written so far, by source name. */
  all(): Promise<SourceWrite[]>;
  /**
   * The data version of every source (src/store/data-versions.ts) and the last writes, in one tiny read: what every
   * KPI answer needs before it is computed or taken from the cache, for one round trip rather than two.
   */
  snapshot(): Promise<{ versions: ReadonlyMap<string, number>; writes: readonly SourceWrite[] }>;
  /**
   * The sources the latest evaluated freshness check before `fireTime` found stale (freshness_checks.stale);
   * null when no check was evaluated yet.
   */
  previousStale(fireTime: Date): Promise<string[] | null>;
}

const VIAS: readonly WriteVia[] = ["import", "sync", "webhook", "seed"];

/** Source freshness on the shared Db: the same SQL on SQLite and PostgreSQL. */
export function sourceFreshnessRepository(db: Db): SourceFreshnessRepository {
  // Every KPI answer reads this: a burst of answers shares reads (each started after its callers arrived).
  const snapshot = coalescedReads(() => readSnapshot(db));
  return {
    async record(sources, write) {
      if (sources.length === 0) return;
      const unique = [...new Set(sources)];
      const detail = write.detail ? write.detail.slice(0, 200) : null;
      // One statement: an upsert that only moves a source forward in time (two writers finishing out of order
      // leave the later write, whichever commits last).
      await db.execute(
        `INSERT INTO source_freshness (source, written_at, via, detail) VALUES ${unique.map(() => "(?, ?, ?, ?)").join(", ")}
         ON CONFLICT (source) DO UPDATE SET written_at = excluded.written_at, via = excluded.via, detail = excluded.detail
         WHERE source_freshness.written_at <= excluded.written_at`,
        unique.flatMap((s) => [s, write.at, write.via, detail]),
      );
    },
    async all() {
      const rows = await db.query<{ source: string; written_at: unknown; via: string; detail: unknown }>(
        "SELECT source, written_at, via, detail FROM source_freshness ORDER BY source",
      );
      return rows.flatMap((r) => {
        const writtenAt = toDate(r.written_at);
        if (!writtenAt) return [];
        const via = (VIAS as readonly string[]).includes(r.via) ? (r.via as WriteVia) : "import";
        return [{ source: r.source as DataSource, writtenAt, via, detail: toStr(r.detail) }];
      });
    },
    snapshot,
    async previousStale(fireTime) {
      const rows = await db.query<{ stale: unknown }>(
        `SELECT stale FROM freshness_checks WHERE owner_id = 1 AND fire_time < ? AND stale IS NOT NULL
         ORDER BY fire_time DESC LIMIT 1`,
        [fireTime],
      );
      const stale = toStr(rows[0]?.stale);
      if (stale === null) return null;
      return stale.split(",").filter(Boolean);
    },
  };
}

/** The data versions and the last recorded write of every source, in one read. */
async function readSnapshot(db: Db): Promise<{ versions: Map<string, number>; writes: SourceWrite[] }> {
  // Inline on SQLite, like readDataVersions: ten rows on a read-only connection of this thread, never queued
  // behind a slow KPI query in the read pool.
  const rows = await db.query<{
    source: string;
    version: unknown;
    written_at: unknown;
    via: unknown;
    detail: unknown;
  }>(
    `SELECT d.source, d.version, f.written_at, f.via, f.detail
     FROM data_versions d LEFT JOIN source_freshness f ON f.source = d.source ORDER BY d.source`,
    [],
    { inline: true },
  );
  const versions = new Map(rows.map((r) => [r.source, Number(r.version)]));
  const writes = rows.flatMap((r) => {
    const writtenAt = toDate(r.written_at);
    if (!writtenAt) return [];
    const via = toStr(r.via);
    const known = via !== null && (VIAS as readonly string[]).includes(via) ? (via as WriteVia) : "import";
    return [{ source: r.source as DataSource, writtenAt, via: known, detail: toStr(r.detail) }];
  });
  return { versions, writes };
}
