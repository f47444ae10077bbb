import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyOf, type PendingRow } from "../../src/store/batch-upsert.js";
import type { SqlParam } from "../../src/store/db.js";
import type { Repositories, UpsertTable } from "../../src/store/repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const at = (iso: string) => new Date(iso);

/** A narrow view of the tickets table, as an import family describes it. */
const TICKETS: UpsertTable = {
  table: "tickets",
  columns: ["source", "external_id", "kind", "title", "opened_at", "resolved_at", "automated"],
  keyColumns: ["source", "external_id"],
  touchColumn: "updated_at",
  extraColumns: ["id"],
};
const KEY = [0, 1];

type Row = { id: string };
const pending = (values: SqlParam[], opts: { repeat?: boolean; update?: string[] } = {}): PendingRow<Row> => ({
  line: 2,
  row: { id: String(values[1]) },
  values,
  key: keyOf(values, KEY),
  repeat: opts.repeat ?? false,
  ...(opts.update ? { update: opts.update } : {}),
});
const ticket = (id: string, title: string | null, resolved: Date | null, source = "csv"): SqlParam[] => [
  source,
  id,
  "incident",
  title,
  at("2026-11-01T08:00:00Z"),
  resolved,
  false,
];

// The bulk import path and the import run log: one contract on both databases.
describe.each(await testProviders())("import repositories on %s", (provider) => {
  let t: TestApp;
  let repos: Repositories;
  beforeAll(async () => {
    t = await createTestApp(provider);
    repos = t.app.repos;
  });
  afterAll(async () => t.close());

  const stored = async (source: string) =>
    (
      await t.app.db.query<{ external_id: string; title: string | null }>(
        `SELECT external_id, title FROM tickets WHERE source = ? ORDER BY external_id`,
        [source],
      )
    ).map((r) => [r.external_id, r.title]);

  it("upsertBatch: inserts new rows, updates changed ones, leaves equal ones, counts repeats once", async () => {
    const now = at("2026-11-02T00:00:00Z");
    const first = await repos.imports.upsertBatch(
      TICKETS,
      [pending(ticket("A", "one", null)), pending(ticket("B", "two", null))],
      { dryRun: false, now },
    );
    expect([first.inserted, first.updated, first.unchanged]).toEqual([2, 0, 0]);
    expect(first.written.inserted.map((r) => r.id)).toEqual(["A", "B"]);
    const second = await repos.imports.upsertBatch(
      TICKETS,
      [
        pending(ticket("A", "one", null)),
        pending(ticket("B", "two (edited)", at("2026-11-01T09:00:00Z"))),
        pending(ticket("C", null, null), { repeat: true }),
      ],
      { dryRun: false, now },
    );
    // C repeats a key an earlier batch counted: written, not counted.
    expect([second.inserted, second.updated, second.unchanged]).toEqual([0, 1, 1]);
    expect(second.written.updated).toHaveLength(1);
    expect(second.written.updated[0]?.before).toMatchObject({ external_id: "B", title: "two", id: expect.anything() });
    expect(await stored("csv")).toEqual([
      ["A", "one"],
      ["B", "two (edited)"],
      ["C", null],
    ]);
  });

  it("upsertBatch: a dry run classifies and writes nothing; an update limited to some columns keeps the others", async () => {
    const now = at("2026-11-03T00:00:00Z");
    const dry = await repos.imports.upsertBatch(
      TICKETS,
      [pending(ticket("D", "new", null, "dry")), pending(ticket("A", "changed", null))],
      { dryRun: true, now },
    );
    expect([dry.inserted, dry.updated, dry.unchanged]).toEqual([1, 1, 0]);
    expect(await stored("dry")).toEqual([]);
    expect((await stored("csv"))[0]).toEqual(["A", "one"]);
    // Only resolved_at is carried: the title given with it is not written.
    const partial = await repos.imports.upsertBatch(
      TICKETS,
      [pending(ticket("A", "ignored", at("2026-11-01T10:00:00Z")), { update: ["resolved_at"] })],
      { dryRun: false, now },
    );
    expect(partial.updated).toBe(1);
    const [a] = await t.app.db.query<{ title: string; resolved_at: unknown }>(
      "SELECT title, resolved_at FROM tickets WHERE source = 'csv' AND external_id = 'A'",
    );
    expect(a?.title).toBe("one");
    expect(a?.resolved_at).not.toBeNull();
  });

  it("ticketIds and storedTickets read by source and external id, past one lookup's 500 ids", async () => {
    const ids = Array.from({ length: 620 }, (_, i) => `S-${String(i).padStart(4, "0")}`);
    const some = ids.filter((_, i) => i % 100 === 0);
    await repos.imports.upsertBatch(
      TICKETS,
      some.map((id) => pending(ticket(id, `t ${id}`, null, "sync"))),
      { dryRun: false, now: at("2026-11-04T00:00:00Z") },
    );
    const found = await repos.imports.ticketIds("sync", [...ids, "A"]);
    expect(found).toHaveLength(some.length);
    expect(await repos.imports.ticketIds("sync", [])).toEqual([]);
    expect(await repos.imports.ticketIds("csv", some)).toEqual([]);
    const rows = await repos.imports.storedTickets("sync", [...ids, ...ids], ["external_id", "title", "resolved_at"]);
    expect(rows.map((r) => String(r.external_id)).sort()).toEqual(some);
    expect(rows[0]).toEqual({
      external_id: rows[0]?.external_id,
      title: `t ${String(rows[0]?.external_id)}`,
      resolved_at: null,
    });
    await expect(repos.imports.analyze(["tickets"])).resolves.toBeUndefined();
    await expect(repos.imports.analyze(['tickets"; DROP TABLE tickets; --'])).rejects.toThrow();
  });

  it("import runs: started as running, finished with their counts, newest first", async () => {
    const a = await repos.importRuns.start({
      kind: "tickets",
      source: "csv",
      fileName: "a.csv",
      startedAt: at("2026-11-05T08:00:00Z"),
    });
    const b = await repos.importRuns.start({
      kind: "costs",
      source: "sap",
      fileName: null,
      startedAt: at("2026-11-05T09:00:00Z"),
    });
    expect((await repos.importRuns.recent(2)).map((r) => [r.id, r.status])).toEqual([
      [b, "running"],
      [a, "running"],
    ]);
    const counts = { total: 10, inserted: 4, updated: 3, unchanged: 1, rejected: 2 };
    await repos.importRuns.finish(a, {
      status: "done",
      finishedAt: at("2026-11-05T08:01:00Z"),
      counts,
      reportPath: "/tmp/a.rejected.csv",
    });
    await repos.importRuns.finish(b, {
      status: "failed",
      finishedAt: at("2026-11-05T09:00:01Z"),
      counts: { ...counts, total: 0 },
      reportPath: null,
    });
    const [rb, ra] = await repos.importRuns.recent(2);
    expect(ra).toEqual({
      id: a,
      kind: "tickets",
      source: "csv",
      fileName: "a.csv",
      status: "done",
      startedAt: at("2026-11-05T08:00:00Z"),
      finishedAt: at("2026-11-05T08:01:00Z"),
      counts,
      reportPath: "/tmp/a.rejected.csv",
    });
    expect(rb).toMatchObject({ status: "failed", fileName: null, reportPath: null, counts: { total: 0, rejected: 2 } });
  });
});
