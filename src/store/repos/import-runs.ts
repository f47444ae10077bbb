import type { Db } from "../db.js";

/** Counts recorded on an `import_runs` row. */
export interface RunCounts {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** One import as recorded. */
export interface ImportRunDto {
  id: number;
  kind: string;
  source: string;
  fileName: string | null;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  counts: RunCounts;
  reportPath: string | null;
}

/** The record of every import (table import_runs). */
export interface ImportRunRepository {
  /** Records the start of an import; returns the run id. */
  start(run: { kind: string; source: string; fileName: string | null; startedAt: Date }): Promise<number>;
  /** Records how an import ended ("done", even with rejected rows, or "failed" when it stopped). */
  finish(
    id: number,
    end: { status: "done" | "failed"; finishedAt: Date; counts: RunCounts; reportPath: string | null },
  ): Promise<void>;
  /** The latest runs, newest first. */
  recent(limit: number): Promise<ImportRunDto[]>;
}

/** Import runs on Prisma. */
export function importRunRepository(db: Db): ImportRunRepository {
  const p = db.prisma;
  return {
    async start(run) {
      const created = await p.importRun.create({
        data: {
          kind: run.kind,
          source: run.source,
          fileName: run.fileName,
          status: "running",
          startedAt: run.startedAt,
        },
        select: { id: true },
      });
      return created.id;
    },
    async finish(id, end) {
      await p.importRun.update({
        where: { id },
        data: {
          status: end.status,
          finishedAt: end.finishedAt,
          errorReport: end.reportPath,
          total: end.counts.total,
          inserted: end.counts.inserted,
          updated: end.counts.updated,
          unchanged: end.counts.unchanged,
          rejected: end.counts.rejected,
        },
      });
    },
    async recent(limit) {
      const rows = await p.importRun.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: limit });
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        source: r.source,
        fileName: r.fileName,
        status: r.status,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        counts: {
          total: r.total,
          inserted: r.inserted,
          updated: r.updated,
          unchanged: r.unchanged,
          rejected: r.rejected,
        },
        reportPath: r.errorReport,
      }));
    },
  };
}
