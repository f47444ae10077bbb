import { writeFileSync } from "node:fs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { importTickets } from "../../src/import/tickets.js";
import { openDb } from "../../src/store/db.js";
import { prismaRepositories } from "../../src/store/prisma-repositories.js";
import { runKpibot } from "../helpers/cli.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";
import { HEADER, tempDir } from "./fixtures.js";

// Europe/Paris, 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:00–02:59 happens twice, first at
// +02:00 (00:xxZ) then at +01:00 (01:xxZ). 29 March 2026: 02:00 CET becomes 03:00 CEST, 02:xx never
// happens. Every expected instant below is worked out by hand from these two facts.

describe.each(await testProviders())("local times across the clock changes on %s", (provider) => {
  let database: TestDatabase;
  const dir = tempDir();

  /** The stored instants of a source's tickets, ISO text, by external_id. */
  async function instants(source: string): Promise<Record<string, unknown>[]> {
    const db = await openDb(database.url);
    try {
      const rows = await db.query(
        `SELECT external_id, opened_at, first_response_at, resolved_at, closed_at FROM tickets WHERE source = ? ORDER BY external_id`,
        [source],
      );
      return rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
      );
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    vi.stubEnv("DATABASE_URL", database.url);
    vi.stubEnv("LOG_LEVEL", "silent");
    vi.stubEnv("KPIBOT_TIMEZONE", "Europe/Paris");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await database.drop();
    dir.remove();
  });

  it("a French GLPI export (Windows-1252, `;`) across both changes: repeated-hour rows read in their order and counted, the impossible one refused", async () => {
    const text = [
      "ID;Titre;Type;Date d'ouverture;Date de prise en compte;Date de résolution;Date de clôture;Priorité;Attribué à - Groupe",
      // The ticket: opened at the first 02:19; taken into account at the second 02:06 (47 minutes
      // later); resolved at 02:45, which must be the second too to come after that first response.
      "5 001;Messagerie lente;Incident;25/10/2026 02:19;25/10/2026 02:06;25/10/2026 02:45;25/10/2026 09:00;Haute;Support N1",
      // Both readings of 02:10 → 02:30 keep the order: the first ones are taken, nothing counted.
      "5 002;VPN coupé;Incident;25/10/2026 02:10;25/10/2026 02:30;;;Moyenne;Support N2",
      // Opened 03:10 CET (02:10Z): the first response at 02:05 is 00:05Z or 01:05Z, before it either way.
      "5 003;Écran noir;Incident;25/10/2026 03:10;25/10/2026 02:05;;;Basse;Support N1",
      // 02:30 on 29 March never happened in Paris: read at +01:00 (01:30Z), the offset before the change.
      "5 004;Badge refusé;Demande;29/03/2026 02:30;29/03/2026 03:40;;;Basse;Support N1",
      "5 005;Imprimante;Incident;31/10/2026 14:05;31/10/2026 14:20;31/10/2026 16:05;;Haute;Support N1",
      "",
    ].join("\r\n");
    const file = dir.path("glpi-dst.csv");
    writeFileSync(file, iconv.encode(text, "windows-1252"));

    const r = await runKpibot(["import", "tickets", file, "--preset", "glpi", "--source", "glpi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        "rejected line 4: first_response_at: 2026-10-25T00:05:00.000Z is before opened_at 2026-10-25T02:10:00.000Z; " +
          "no reading of the hour repeated when the clocks went back in Europe/Paris puts these times in order: " +
          "first_response_at 2026-10-25 02:05 is 2026-10-25T00:05:00.000Z (+02:00) or 2026-10-25T01:05:00.000Z (+01:00)",
        "clock change line 2: first_response_at 2026-10-25 02:06 read as its second occurrence in Europe/Paris (+01:00, 2026-10-25T01:06:00.000Z): the first breaks the row's order; " +
          "resolved_at 2026-10-25 02:45 read as its second occurrence in Europe/Paris (+01:00, 2026-10-25T01:45:00.000Z): the first breaks the row's order",
        "clock change line 5: opened_at 2026-03-29 02:30 does not exist in Europe/Paris (the clocks went forward): read at the offset before the change (+01:00, 2026-03-29T01:30:00.000Z)",
        "",
      ].join("\n"),
    );
    expect(r.stdout).toMatch(/inserted\s+4\n/);
    expect(r.stdout).toMatch(/rejected\s+1 /);
    expect(r.stdout).toContain(
      "  repeated hour: 1 row whose times in the hour repeated when the clocks went back were read in the row's order",
    );
    expect(r.stdout).toContain(
      "  skipped hour: 1 row with a time in the hour skipped when the clocks went forward, read at the offset before the change",
    );
    expect(await instants("glpi")).toEqual([
      {
        external_id: "5001",
        opened_at: "2026-10-25T00:19:00.000Z", // 02:19 +02:00
        first_response_at: "2026-10-25T01:06:00.000Z", // 02:06 +01:00
        resolved_at: "2026-10-25T01:45:00.000Z", // 02:45 +01:00
        closed_at: "2026-10-25T08:00:00.000Z", // 09:00 CET
      },
      {
        external_id: "5002",
        opened_at: "2026-10-25T00:10:00.000Z",
        first_response_at: "2026-10-25T00:30:00.000Z",
        resolved_at: null,
        closed_at: null,
      },
      {
        external_id: "5004",
        opened_at: "2026-03-29T01:30:00.000Z",
        first_response_at: "2026-03-29T01:40:00.000Z", // 03:40 CEST
        resolved_at: null,
        closed_at: null,
      },
      {
        external_id: "5005",
        opened_at: "2026-10-31T13:05:00.000Z",
        first_response_at: "2026-10-31T13:20:00.000Z",
        resolved_at: "2026-10-31T15:05:00.000Z",
        closed_at: null,
      },
    ]);

    // The same export again: the same readings, so nothing changes; the JSON summary carries the counts.
    const again = await runKpibot(["import", "tickets", file, "--preset", "glpi", "--source", "glpi", "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      rows: 5,
      inserted: 0,
      updated: 0,
      unchanged: 4,
      rejected: 1,
      repeatedHourResolved: 1,
      skippedHourShifted: 1,
      localTimeLines: [{ line: 2 }, { line: 5 }],
    });
  });

  it("a canonical ticket file saved by a French spreadsheet: local dates read in KPIBOT_TIMEZONE, the repeated hour settled the same way", async () => {
    const text = [
      HEADER.replaceAll(",", ";"),
      "C-1;incident;Réseau;;;2;phone;Support N1;;;25/10/2026 02:19;25/10/2026 02:06;2026-10-25 02:45;25/10/2026 09:00;;;1;true;0;false",
      "C-2;request;Poste;;;3;portal;;;;2026-10-20;20/10/2026 09:30;;;;;;;0;false",
      "C-3;incident;Zoned;;;;;;;;2026-10-25T02:19:00+02:00;2026-10-25T02:06:00+01:00;;;;;;;;",
      "",
    ].join("\r\n");
    const file = dir.path("tickets-fr.csv");
    writeFileSync(file, iconv.encode(text, "windows-1252"));
    const r = await runKpibot(["import", "tickets", file, "--source", "sheet"]);
    expect(r.stderr).toBe(
      "clock change line 2: first_response_at 2026-10-25 02:06 read as its second occurrence in Europe/Paris (+01:00, 2026-10-25T01:06:00.000Z): the first breaks the row's order; " +
        "resolved_at 2026-10-25 02:45 read as its second occurrence in Europe/Paris (+01:00, 2026-10-25T01:45:00.000Z): the first breaks the row's order\n",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/inserted\s+3\n/);
    expect(r.stdout).toContain("  repeated hour: 1 row whose");
    expect(await instants("sheet")).toEqual([
      {
        external_id: "C-1",
        opened_at: "2026-10-25T00:19:00.000Z",
        first_response_at: "2026-10-25T01:06:00.000Z",
        resolved_at: "2026-10-25T01:45:00.000Z",
        closed_at: "2026-10-25T08:00:00.000Z",
      },
      {
        external_id: "C-2",
        opened_at: "2026-10-19T22:00:00.000Z", // midnight CEST
        first_response_at: "2026-10-20T07:30:00.000Z",
        resolved_at: null,
        closed_at: null,
      },
      {
        external_id: "C-3", // stated offsets: taken as written, nothing to settle
        opened_at: "2026-10-25T00:19:00.000Z",
        first_response_at: "2026-10-25T01:06:00.000Z",
        resolved_at: null,
        closed_at: null,
      },
    ]);
  });

  it("the worker thread that parses big files reads local times in the same zone and counts the same rows", async () => {
    const file = dir.write(
      "worker.csv",
      `${HEADER}\nW-1,incident,x,,,,,,,,25/10/2026 02:19,25/10/2026 02:06,,,,,,,,\nW-2,incident,y,,,,,,,,2026-10-20 10:00,,,,,,,,,\n`,
    );
    const db = await openDb(database.url);
    try {
      const s = await importTickets({ repos: prismaRepositories(db) }, file, {
        source: "worker",
        timezone: "Europe/Paris",
        parallel: true,
      });
      expect(s).toMatchObject({ inserted: 2, rejected: 0, repeatedHourResolved: 1, skippedHourShifted: 0 });
    } finally {
      await db.close();
    }
    expect((await instants("worker")).map((t) => [t.external_id, t.opened_at, t.first_response_at])).toEqual([
      ["W-1", "2026-10-25T00:19:00.000Z", "2026-10-25T01:06:00.000Z"],
      ["W-2", "2026-10-20T08:00:00.000Z", null],
    ]);
  });
});
