import type { Db } from "../store/db.js";

/** Counts recorded on an `import_runs` row. */
export interface RunCounts {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** Records the start of an import; returns the run id. */
export async function startRun(
  db: Db,
  run: { kind: string; source: string; fileName: string | null; startedAt: Date },
): Promise<number> {
  const created = await db.prisma.importRun.create({
    data: { kind: run.kind, source: run.source, fileName: run.fileName, status: "running", startedAt: run.startedAt },
    select: { id: true },
  });
  return created.id;
}

/** Records how an import ended ("done", even with rejected rows, or "failed" when it stopped). */
export async function finishRun(
  db: Db,
  id: number,
  end: { status: "done" | "failed"; finishedAt: Date; counts: RunCounts; reportPath: string | null },
): Promise<void> {
  await db.prisma.importRun.update({
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
}
