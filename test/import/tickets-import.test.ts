import { readFileSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { isKpibotError } from "../../src/errors.js";
import { importTickets } from "../../src/import/tickets.js";
import type { Db } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { csv, GOOD_ROWS, HEADER, tempDir } from "./fixtures.js";

const T1 = new Date("2026-04-01T12:00:00Z");
const T2 = new Date("2026-04-02T12:00:00Z");

/** The stored tickets, instants as ISO strings, ordered by external_id. */
async function stored(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await db.query(
    `SELECT "source", "external_id", "kind", "title", "category", "service", "priority", "channel", "group_name",
            "assignee", "requester", "opened_at", "first_response_at", "resolved_at", "closed_at", "response_due_at",
            "resolution_due_at", "support_level", "first_contact_resolution", "reopen_count", "automated", "updated_at"
     FROM "tickets" ORDER BY "source", "external_id"`,
  );
  return rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
  );
}

const noTimes = (rows: Record<string, unknown>[]) => rows.map(({ updated_at: _, ...rest }) => rest);

describe.each(await testProviders())("ticket import on %s", (provider) => {
  let t: TestApp;
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  const at = (clock: Date) => ({ repos: t.app.repos, clock: fixedClock(clock) });

  beforeAll(async () => {
    t = await createTestApp(provider);
    db = t.app.db;
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await db.execute(`DELETE FROM "tickets"`);
    await db.execute(`DELETE FROM "import_runs"`);
    dir?.remove();
    dir = tempDir();
  });

  it("stores every column exactly: offsets to UTC, empty cells as null or the default", async () => {
    const file = dir.write("tickets.csv", csv(HEADER, ...GOOD_ROWS));
    const s = await importTickets(at(T1), file);
    expect(s).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
    expect(s.reportPath).toBeNull();
    expect(await stored(db)).toEqual([
      {
        source: "csv",
        external_id: "INC-1",
        kind: "incident",
        title: "Printer jam, 3rd floor",
        category: "hardware",
        service: "printing",
        priority: 2,
        channel: "phone",
        group_name: "Service Desk",
        assignee: "alice",
        requester: "bob",
        opened_at: "2026-03-02T08:15:00.000Z",
        first_response_at: "2026-03-02T08:20:30.000Z",
        resolved_at: "2026-03-02T10:00:00.000Z",
        closed_at: "2026-03-03T08:00:00.000Z",
        response_due_at: "2026-03-02T08:45:00.000Z",
        resolution_due_at: "2026-03-02T16:15:00.000Z",
        support_level: 1,
        first_contact_resolution: true,
        reopen_count: 0,
        automated: false,
        updated_at: T1.toISOString(),
      },
      {
        source: "csv",
        external_id: "INC-2",
        kind: "incident",
        title: "Disk full on db01",
        category: "infrastructure",
        service: "database",
        priority: 1,
        channel: "monitoring",
        group_name: "Ops",
        assignee: null,
        requester: null,
        opened_at: "2026-03-10T02:00:00.250Z",
        first_response_at: "2026-03-10T02:00:01.000Z",
        resolved_at: "2026-03-10T02:05:00.000Z",
        closed_at: null,
        response_due_at: null,
        resolution_due_at: "2026-03-10T06:00:00.000Z",
        support_level: 2,
        first_contact_resolution: false,
        reopen_count: 3,
        automated: true,
        updated_at: T1.toISOString(),
      },
      {
        source: "csv",
        external_id: "REQ-7",
        kind: "request",
        title: "New laptop",
        category: null,
        service: null,
        priority: null,
        channel: "portal",
        group_name: null,
        assignee: null,
        requester: "carol",
        opened_at: "2026-03-06T04:30:00.000Z",
        first_response_at: null,
        resolved_at: null,
        closed_at: null,
        response_due_at: null,
        resolution_due_at: null,
        support_level: null,
        first_contact_resolution: null,
        reopen_count: 0,
        automated: false,
        updated_at: T1.toISOString(),
      },
    ]);
    const runs = await db.query(
      `SELECT "kind", "source", "file_name", "status", "total", "inserted", "updated", "unchanged", "rejected", "error_report" FROM "import_runs"`,
    );
    expect(runs).toEqual([
      {
        kind: "tickets",
        source: "csv",
        file_name: "tickets.csv",
        status: "done",
        total: 3,
        inserted: 3,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        error_report: null,
      },
    ]);
  });

  it("changes nothing when the same file is imported again", async () => {
    const file = dir.write("tickets.csv", csv(HEADER, ...GOOD_ROWS));
    await importTickets(at(T1), file);
    const before = await stored(db);
    const again = await importTickets(at(T2), file);
    expect(again).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await stored(db)).toEqual(before); // updated_at included: unchanged rows are not written
  });

  it("updates only the row that changed", async () => {
    await importTickets(at(T1), dir.write("a.csv", csv(HEADER, ...GOOD_ROWS)));
    const changed = GOOD_ROWS.map((r) =>
      r.replace("REQ-7,request,New laptop,,,,portal", "REQ-7,request,New laptop,,,3,portal"),
    );
    const s = await importTickets(at(T2), dir.write("b.csv", csv(HEADER, ...changed)));
    expect(s).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const rows = await stored(db);
    expect(rows.map((r) => [r.external_id, r.priority, r.updated_at])).toEqual([
      ["INC-1", 2, T1.toISOString()],
      ["INC-2", 1, T1.toISOString()],
      ["REQ-7", 3, T2.toISOString()],
    ]);
  });

  it("reads the optional sla_met column when a file has it; files without it stay valid", async () => {
    await importTickets(at(T1), dir.write("old.csv", csv(HEADER, ...GOOD_ROWS)));
    const withVerdict = csv(`${HEADER},sla_met`, `${GOOD_ROWS[0]},false`, `${GOOD_ROWS[1]},`, `${GOOD_ROWS[2]},TRUE`);
    const s = await importTickets(at(T2), dir.write("new.csv", withVerdict));
    expect(s.rejections).toEqual([]);
    // INC-1 and INC-2 gain a verdict (updated); REQ-7's empty cell is no change.
    expect(s).toMatchObject({ inserted: 0, updated: 2, unchanged: 1, rejected: 0 });
    const rows = await db.query<{ external_id: string; sla_met: unknown }>(
      `SELECT "external_id", "sla_met" FROM "tickets" ORDER BY "external_id"`,
    );
    expect(rows.map((r) => [r.external_id, r.sla_met === null ? null : Boolean(r.sla_met)])).toEqual([
      ["INC-1", false],
      ["INC-2", true],
      ["REQ-7", null],
    ]);
    const bad = await importTickets(at(T2), dir.write("bad.csv", csv(`${HEADER},sla_met`, `${GOOD_ROWS[0]},maybe`)));
    expect(bad.rejected).toBe(1);
    expect(bad.rejections[0]?.reason).toContain("sla_met");
  });

  it("keys by source: the same external_id from another source is another ticket", async () => {
    const file = dir.write("t.csv", csv(HEADER, GOOD_ROWS[1] as string));
    await importTickets(at(T1), file);
    const s = await importTickets(at(T1), file, { source: "glpi" });
    expect(s).toMatchObject({ source: "glpi", inserted: 1, unchanged: 0 });
    expect((await stored(db)).map((r) => `${r.source}/${r.external_id}`)).toEqual(["csv/REQ-7", "glpi/REQ-7"]);
  });

  it("rejects broken rows with their file line and reason, imports the rest, writes the report", async () => {
    const good = (id: string) => `${id},incident,ok,,,,,,,,2026-03-02T08:00:00Z,,,,,,,,,`;
    const file = dir.write(
      "broken.csv",
      csv(
        HEADER,
        good("G-1"), // 2
        "B-3,incident,no opening,,,,,,,,,,,,,,,,,", // 3
        "B-4,incident,bad date,,,,,,,,2026-13-45T10:00:00Z,,,,,,,,,", // 4
        "B-5,problem,unknown kind,,,,,,,,2026-03-02T08:00:00Z,,,,,,,,,", // 5
        "B-6,incident,priority 7,,,7,,,,,2026-03-02T08:00:00Z,,,,,,,,,", // 6
        "B-7,incident,no zone,,,,,,,,2026-03-02T08:00:00Z,,2026-03-02T11:00:00,,,,,,,", // 7
        "B-8,incident,resolved first,,,,,,,,2026-03-02T09:00:00+01:00,,2026-03-02T07:00:00Z,,,,,,,", // 8
        'G-2,request,"two-line',
        'title",,,,,,,,2026-03-02T08:00:00Z,,,,,,,,,', // 9-10
        "B-11,incident,fax,,,,fax,,,,2026-03-02T08:00:00Z,,,,,,,,,", // 11
        "B-12,incident,short", // 12
        "", // 13
        "B-14,incident,bad bool,,,,,,,,2026-03-02T08:00:00Z,,,,,,,,,yes", // 14
      ),
    );
    const s = await importTickets(at(T1), file);
    expect(s).toMatchObject({ rows: 11, inserted: 2, rejected: 9 });
    expect(s.rejections).toEqual([
      { line: 3, reason: "opened_at: is required (the cell is empty)" },
      { line: 4, reason: 'opened_at: "2026-13-45T10:00:00Z" is not a valid date and time' },
      { line: 5, reason: 'kind: must be one of incident, request, got "problem"' },
      { line: 6, reason: 'priority: must be a whole number from 1 to 4, got "7"' },
      { line: 7, reason: 'resolved_at: "2026-03-02T11:00:00" has no time zone (add Z or an offset such as +02:00)' },
      { line: 8, reason: "resolved_at: 2026-03-02T07:00:00.000Z is before opened_at 2026-03-02T08:00:00.000Z" },
      {
        line: 11,
        reason: 'channel: must be one of portal, email, phone, chat, walk_in, monitoring, mobile, got "fax"',
      },
      { line: 12, reason: "has 3 cells, the header has 20" },
      { line: 14, reason: 'automated: must be true or false, got "yes"' },
    ]);
    expect((await stored(db)).map((r) => [r.external_id, r.title])).toEqual([
      ["G-1", "ok"],
      ["G-2", "two-line\ntitle"],
    ]);
    expect(s.reportPath).toBe(dir.path("broken.rejected.csv"));
    const report = parse(readFileSync(dir.path("broken.rejected.csv")), { relax_column_count: true }) as string[][];
    expect(report[0]).toEqual(["line", "reason", ...HEADER.split(",")]);
    expect(report.slice(1).map((r) => r[0])).toEqual(["3", "4", "5", "6", "7", "8", "11", "12", "14"]);
    expect(report[3]?.slice(2, 5)).toEqual(["B-5", "problem", "unknown kind"]); // the original cells, to fix and re-import
    const runs = await db.query<{ status: string; rejected: number; error_report: string }>(
      `SELECT "status", "rejected", "error_report" FROM "import_runs"`,
    );
    expect(runs).toEqual([{ status: "done", rejected: 9, error_report: dir.path("broken.rejected.csv") }]);
  });

  it.each([false, true])(
    "a stray quote: never closed, it rejects its own line only; closed by a later quote, the lines it swallowed are named (Windows-1252 `;`, worker %s)",
    async (parallel) => {
      const row = (id: string, title: string) => `${id};incident;${title};;;;;;;;2026-03-02T08:00:00Z;;;;;;;;;`;
      const write = (name: string, ...lines: string[]) => {
        const file = dir.path(name);
        writeFileSync(file, iconv.encode(csv(HEADER.replaceAll(",", ";"), ...lines), "windows-1252"));
        return file;
      };
      const unclosed = write(
        "unclosed.csv",
        row("Q-2", '"deux\nlignes"'), // 2-3
        row("Q-4", '"écran 27 pouces'), // 4: this quote is never closed
        row("Q-5", "après"), // 5
        "", // 6
        row("Q-7", "été"), // 7
        "Q-8;incident;court", // 8
      );
      const s = await importTickets(at(T1), unclosed, { parallel });
      expect(s.rejections).toEqual([
        {
          line: 4,
          reason:
            'CSV syntax error: a quote opened on this line is never closed (double a quote inside a quoted cell: ""); the lines after it are read on their own',
        },
        { line: 8, reason: "has 3 cells, the header has 20" },
      ]);
      expect(s).toMatchObject({ rows: 5, inserted: 3, rejected: 2 });
      expect((await stored(db)).map((r) => [r.external_id, r.title])).toEqual([
        ["Q-2", "deux\nlignes"],
        ["Q-5", "après"],
        ["Q-7", "été"],
      ]);

      const paired = write(
        "paired.csv",
        row("P-2", '"écran 27 pouces'), // 2: pairs with the quote opening line 4's title
        row("P-3", "swallowed"), // 3
        row("P-4", '"deux\nlignes"'), // 4-5
        row("P-6", "ok"), // 6
      );
      const p = await importTickets(at(T1), paired, { parallel });
      expect(p.rejections.map((r) => r.line)).toEqual([2, 5]);
      expect(p.rejections[0]?.reason).toMatch(
        /^has 3 cells, the header has 20 \(it runs from line 2 to line 4: a quote opened on line 2 may not be closed where it should, so every line up to 4 was read as part of this record/,
      );
      expect(p).toMatchObject({ rows: 3, inserted: 1, rejected: 2 });
    },
  );

  it.each([5000, 1])(
    "keeps the later line of a repeated external_id and says so (batch size %i)",
    async (batchSize) => {
      const row = (p: number) => `DUP-1,incident,v${p},,,${p},,,,,2026-03-02T08:00:00Z,,,,,,,,,`;
      const file = dir.write("dup.csv", csv(HEADER, row(1), GOOD_ROWS[1] as string, row(3)));
      const s = await importTickets(at(T1), file, { batchSize });
      expect(s).toMatchObject({ rows: 3, inserted: 2, updated: 0, unchanged: 0, duplicates: 1, rejected: 0 });
      expect(s.duplicateLines).toEqual([
        { line: 4, reason: 'external_id "DUP-1" repeats line 2; this later line wins' },
      ]);
      expect((await stored(db)).map((r) => [r.external_id, r.title, r.priority])).toEqual([
        ["DUP-1", "v3", 3],
        ["REQ-7", "New laptop", null],
      ]);
      const before = await stored(db);
      const again = await importTickets(at(T2), file, { batchSize });
      if (batchSize > 2) {
        // Both lines in one batch: only the later one is compared, so the re-import changes nothing.
        expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, duplicates: 1 });
        expect(await stored(db)).toEqual(before);
      } else {
        // Lines in different batches are written in file order (documented): the earlier one is
        // counted as an update, the later one restores it; the stored values end up the same.
        expect(again).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, duplicates: 1 });
        expect(noTimes(await stored(db))).toEqual(noTimes(before));
      }
    },
  );

  it("writes nothing in a dry run but says what would happen", async () => {
    await importTickets(at(T1), dir.write("a.csv", csv(HEADER, GOOD_ROWS[0] as string)));
    const before = await stored(db);
    const s = await importTickets(at(T2), dir.write("b.csv", csv(HEADER, ...GOOD_ROWS)), { dryRun: true });
    expect(s).toMatchObject({ dryRun: true, inserted: 2, unchanged: 1, runId: null });
    expect(await stored(db)).toEqual(before);
    expect(await db.query(`SELECT "id" FROM "import_runs"`)).toHaveLength(1);
  });

  it("calls onResolved with the tickets that became resolved in this import", async () => {
    const calls: number[][] = [];
    const onResolved = async (ids: number[]) => {
      calls.push([...ids].sort());
    };
    await importTickets(at(T1), dir.write("a.csv", csv(HEADER, ...GOOD_ROWS)), { onResolved });
    const ids = new Map(
      (await db.query<{ id: number; external_id: string }>(`SELECT "id", "external_id" FROM "tickets"`)).map((r) => [
        r.external_id,
        Number(r.id),
      ]),
    );
    expect(calls).toEqual([[ids.get("INC-1"), ids.get("INC-2")].sort()]); // inserted already resolved; REQ-7 open
    calls.length = 0;
    const resolvedLater = GOOD_ROWS.map((r) =>
      r.startsWith("REQ-7")
        ? r.replace("2026-03-05T23:30:00-05:00,,,", "2026-03-05T23:30:00-05:00,,2026-03-07T10:00:00Z,")
        : r,
    );
    await importTickets(at(T2), dir.write("b.csv", csv(HEADER, ...resolvedLater)), { onResolved });
    expect(calls).toEqual([[ids.get("REQ-7")]]);
  });

  it("reads a stream with a BOM, CRLF line ends and the columns in another order", async () => {
    const cols = HEADER.split(",");
    const order = [...cols].reverse();
    const cells = (line: string) => parse(line)[0] as string[];
    const reordered = GOOD_ROWS.map((r) => {
      const byName = new Map(cols.map((c, i) => [c, cells(r)[i] as string]));
      return order.map((c) => JSON.stringify(byName.get(c))).join(",");
    });
    const text = `\uFEFF${[order.join(","), ...reordered].join("\r\n")}\r\n`;
    const s = await importTickets(at(T1), Readable.from([Buffer.from(text, "utf8")]), { fileName: "feed" });
    expect(s).toMatchObject({ fileName: "feed", rows: 3, inserted: 3, rejected: 0, reportPath: null });
    const fromFile = await stored(db);
    await db.execute(`DELETE FROM "tickets"`);
    await importTickets(at(T1), dir.write("t.csv", csv(HEADER, ...GOOD_ROWS)));
    expect(await stored(db)).toEqual(fromFile);
  });

  it("stops with INPUT_INVALID on a wrong header, writes nothing and records a failed run", async () => {
    const file = dir.write("h.csv", csv(HEADER.replace("opened_at", "opened"), GOOD_ROWS[0] as string));
    const error = await importTickets(at(T1), file).catch((e: unknown) => e);
    expect(isKpibotError(error, "INPUT_INVALID")).toBe(true);
    expect((error as Error).message).toContain("missing column(s): opened_at");
    expect((error as Error).message).toContain("unknown column(s): opened (did you mean opened_at?)");
    expect(await stored(db)).toEqual([]);
    expect(await db.query(`SELECT "status" FROM "import_runs"`)).toEqual([{ status: "failed" }]);
  });

  it("reports an empty file and a missing file as INPUT_INVALID", async () => {
    const empty = await importTickets(at(T1), dir.write("e.csv", "")).catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(/^e\.csv is empty: expected the header line external_id,kind,/);
    const missing = await importTickets(at(T1), dir.path("nope.csv")).catch((e: unknown) => e);
    expect(isKpibotError(missing, "INPUT_INVALID")).toBe(true);
    expect((missing as Error).message).toContain("cannot read nope.csv");
  });
});

describe("ticket import parsing in a worker thread", () => {
  let t: TestApp;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
    dir = tempDir();
  });
  afterAll(async () => {
    await t.close();
    dir.remove();
  });

  it("gives the same rows, rejections and line numbers as the main thread", async () => {
    const bad = "B-3,problem,x,,,,,,,,2026-03-02T08:00:00Z,,,,,,,,,";
    const file = dir.write("w.csv", csv(HEADER, ...GOOD_ROWS, bad));
    const inWorker = await importTickets({ repos: t.app.repos, clock: fixedClock(T1) }, file, { parallel: true });
    expect(inWorker).toMatchObject({ rows: 4, inserted: 3, rejected: 1 });
    expect(inWorker.rejections).toEqual([{ line: 5, reason: 'kind: must be one of incident, request, got "problem"' }]);
    const viaWorker = await stored(t.app.db);
    await t.app.db.execute(`DELETE FROM "tickets"`);
    await importTickets({ repos: t.app.repos, clock: fixedClock(T1) }, file, { parallel: false });
    expect(await stored(t.app.db)).toEqual(viaWorker);
  });

  it("passes a wrong header back as INPUT_INVALID", async () => {
    const file = dir.write("h.csv", csv("external_id,kind", "X,incident"));
    const error = await importTickets({ repos: t.app.repos }, file, { parallel: true }).catch((e: unknown) => e);
    expect(isKpibotError(error, "INPUT_INVALID")).toBe(true);
    expect((error as Error).message).toContain("missing column(s): title, category");
  });
});
