import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDb } from "../../src/store/db.js";
import { type CliRun, runKpibot } from "../helpers/cli.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";
import { tempDir } from "./fixtures.js";

/** Runs the CLI in-process, capturing stdout, stderr and the exit code. */
function kpibot(...argv: string[]): Promise<CliRun> {
  return runKpibot(argv);
}

const COLUMNS = `external_id, kind, title, category, service, priority, channel, group_name, assignee, requester, opened_at,
  first_response_at, resolved_at, closed_at, response_due_at, resolution_due_at, sla_met, support_level, first_contact_resolution,
  reopen_count, automated`;

describe.each(await testProviders())("kpibot import tickets --preset/--mapping on %s", (provider) => {
  let database: TestDatabase;
  const dir = tempDir();

  /** Stored tickets of a source: instants as ISO text, booleans as 0/1. */
  async function tickets(source: string): Promise<Record<string, unknown>[]> {
    const db = await openDb(database.url);
    try {
      const rows = await db.query(`SELECT ${COLUMNS} FROM tickets WHERE source = ? ORDER BY external_id`, [source]);
      return rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            v instanceof Date ? v.toISOString() : typeof v === "boolean" ? Number(v) : v,
          ]),
        ),
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

  it("a French GLPI export: Windows-1252, `;`, French labels and dates, priorities 1–6 → 1–4, levels from groups", async () => {
    const text = [
      "ID;Titre;Type;Date d'ouverture;Date de prise en compte;Date de résolution;Date de clôture;Priorité;Source de la demande;Catégorie;Attribué à - Groupe;Attribué à - Technicien;Demandeur - Demandeur;Statut",
      "1\u00a0024;Imprimante bloquée;Incident;31/10/2026 14:05;31/10/2026 14:20;31/10/2026 16:05;02/11/2026 09:00;Très haute;Téléphone;Matériel > Impression;Support N1;Jérôme;Hélène;Clos",
      '1025;"Nouveau poste; écran 27""";Demande;03/11/2026 08:30;;;;Moyenne;Helpdesk;Poste de travail;Support N2;;Zoé;En cours',
      "1026;Écran noir;Incident;31/13/2026 10:00;;;;Haute;Courriel;;;;;Nouveau",
      "",
    ].join("\r\n");
    const file = dir.path("glpi.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, iconv.encode(text, "windows-1252"));
    const r = await kpibot("import", "tickets", file, "--preset", "glpi", "--source", "glpi");
    expect(r.stderr).toBe('rejected line 4: opened_at: "31/13/2026 10:00" is not a valid date and time\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/inserted\s+2\n/);
    expect(await tickets("glpi")).toEqual([
      {
        external_id: "1024",
        kind: "incident",
        title: "Imprimante bloquée",
        category: "Matériel > Impression",
        service: null,
        priority: 1,
        channel: "phone",
        group_name: "Support N1",
        assignee: "Jérôme",
        requester: "Hélène",
        opened_at: "2026-10-31T13:05:00.000Z",
        first_response_at: "2026-10-31T13:20:00.000Z",
        resolved_at: "2026-10-31T15:05:00.000Z",
        closed_at: "2026-11-02T08:00:00.000Z",
        response_due_at: null,
        resolution_due_at: null,
        sla_met: null,
        support_level: 1,
        first_contact_resolution: 1,
        reopen_count: 0,
        automated: 0,
      },
      {
        external_id: "1025",
        kind: "request",
        title: 'Nouveau poste; écran 27"',
        category: "Poste de travail",
        service: null,
        priority: 3,
        channel: "portal",
        group_name: "Support N2",
        assignee: null,
        requester: "Zoé",
        opened_at: "2026-11-03T07:30:00.000Z",
        first_response_at: null,
        resolved_at: null,
        closed_at: null,
        response_due_at: null,
        resolution_due_at: null,
        sla_met: null,
        support_level: 2,
        first_contact_resolution: null,
        reopen_count: 0,
        automated: 0,
      },
    ]);
    // The same export again: nothing changes.
    const again = await kpibot("import", "tickets", file, "--preset", "glpi", "--source", "glpi");
    expect(again.stdout).toMatch(/inserted\s+0\n\s+updated\s+0\n\s+unchanged\s+2\n/);
  });

  it("a ServiceNow incident export: display priorities, contact types, FCR from reassignments, made_sla and sla_due, unknown columns ignored", async () => {
    const file = dir.write(
      "incident.csv",
      [
        "number,short_description,opened_at,resolved_at,closed_at,priority,contact_type,assignment_group,assigned_to,caller_id,category,business_service,reassignment_count,reopen_count,made_sla,sla_due,u_custom",
        "INC0010001,Email down,2026-10-05 09:00:00,2026-10-05 10:30:00,2026-10-06 10:30:00,1 - Critical,self-service,Service Desk,Beth Anglin,Abel Tuter,software,Email,0,0,true,2026-10-05 17:00:00,x",
        "INC0010002,VPN slow,2026-10-06 14:00:00,2026-10-07 09:00:00,,3 - Moderate,phone,Network L2,Don Goodliffe,Abel Tuter,network,,2,1,false,,y",
        "",
      ].join("\n"),
    );
    const r = await kpibot("import", "tickets", file, "--preset", "servicenow", "--source", "snow");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = await tickets("snow");
    expect(
      rows.map((t) => [
        t.external_id,
        t.kind,
        t.priority,
        t.channel,
        t.support_level,
        t.first_contact_resolution,
        t.reopen_count,
      ]),
    ).toEqual([
      ["INC0010001", "incident", 1, "portal", 1, 1, 0],
      ["INC0010002", "incident", 3, "phone", 2, 0, 1],
    ]);
    expect(rows.map((t) => [t.opened_at, t.resolved_at, t.closed_at, t.service, t.group_name, t.requester])).toEqual([
      [
        "2026-10-05T07:00:00.000Z",
        "2026-10-05T08:30:00.000Z",
        "2026-10-06T08:30:00.000Z",
        "Email",
        "Service Desk",
        "Abel Tuter",
      ],
      ["2026-10-06T12:00:00.000Z", "2026-10-07T07:00:00.000Z", null, null, "Network L2", "Abel Tuter"],
    ]);
    // made_sla is ServiceNow's verdict (kept even without a due time); sla_due is the resolution due time.
    expect(rows.map((t) => [t.sla_met, t.resolution_due_at])).toEqual([
      [1, "2026-10-05T15:00:00.000Z"],
      [0, null],
    ]);
  });

  it("a Jira Service Management CSV export: Jira dates, priorities, issue types; other issue types rejected", async () => {
    const file = dir.write(
      "jira.csv",
      [
        "Issue key,Summary,Issue Type,Status,Priority,Created,Resolved,Custom field (Request Type),Assignee,Reporter",
        "ITSM-12,Laptop broken,Incident,Resolved,High,31/Oct/26 2:05 PM,31/Oct/26 4:35 PM,Get IT help,jane,john",
        "ITSM-13,New account,Service Request,Open,Lowest,02/Nov/26 9:00 AM,,Request new account,,mary",
        "ITSM-14,Deploy,Task,Open,Medium,02/Nov/26 9:00 AM,,,,",
        "",
      ].join("\n"),
    );
    const r = await kpibot("import", "tickets", file, "--preset", "jira", "--source", "jira");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rejected line 4: kind: must be one of incident, request, got "task"\n');
    const rows = await tickets("jira");
    expect(
      rows.map((t) => [
        t.external_id,
        t.kind,
        t.priority,
        t.opened_at,
        t.resolved_at,
        t.category,
        t.assignee,
        t.requester,
      ]),
    ).toEqual([
      ["ITSM-12", "incident", 2, "2026-10-31T13:05:00.000Z", "2026-10-31T15:35:00.000Z", "Get IT help", "jane", "john"],
      ["ITSM-13", "request", 4, "2026-11-02T08:00:00.000Z", null, "Request new account", null, "mary"],
    ]);
  });

  it("canonical tickets as JSON: absent fields are empty cells", async () => {
    const file = dir.write(
      "tickets.json",
      JSON.stringify([
        { external_id: "J-1", kind: "request", opened_at: "2026-10-01T08:00:00Z", priority: 2, automated: true },
      ]),
    );
    const r = await kpibot("import", "tickets", file, "--source", "json");
    expect(r.code).toBe(0);
    const rows = await tickets("json");
    expect(rows.map((t) => [t.external_id, t.kind, t.priority, t.opened_at, t.channel, t.automated])).toEqual([
      ["J-1", "request", 2, "2026-10-01T08:00:00.000Z", null, 1],
    ]);
  });

  it.each(["utf-8", "windows-1252"])(
    "a YAML mapping (%s): own column names, value maps, a date format and zone; unmapped values rejected with line and field",
    async (encoding) => {
      const mapping = dir.path(`map-${encoding}.yaml`);
      const { writeFileSync } = await import("node:fs");
      writeFileSync(
        mapping,
        iconv.encode(
          [
            "columns:",
            "  Ref: external_id",
            "  Ouvert le: opened_at",
            "  Urgence: priority",
            "  Canal: channel",
            "  Nature: kind",
            "values:",
            '  priority: { "Très haute": 1, "Normale": 3 }',
            "  channel: { Téléphone: phone, Mail: email }",
            "  kind: { Panne: incident, Demande: request }",
            "dates:",
            '  formats: ["yyyyMMdd HHmm"]',
            "  timezone: UTC",
            "",
          ].join("\n"),
          encoding,
        ),
      );
      const file = dir.write(
        `export-${encoding}.csv`,
        "Ref,Ouvert le,Urgence,Canal,Nature,Commentaire\nA-1,20261001 0800,TRÈS HAUTE,téléphone,Panne,x\nA-2,20261002 1730,Normale,Mail,Demande,\nA-3,20261003 0900,Normale,Fax,Panne,\n",
      );
      const r = await kpibot("import", "tickets", file, "--mapping", mapping, "--source", `mapped-${encoding}`);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'rejected line 4: channel: must be one of portal, email, phone, chat, walk_in, monitoring, mobile, got "fax"\n',
      );
      const rows = await tickets(`mapped-${encoding}`);
      expect(rows.map((t) => [t.external_id, t.kind, t.priority, t.channel, t.opened_at])).toEqual([
        ["A-1", "incident", 1, "phone", "2026-10-01T08:00:00.000Z"],
        ["A-2", "request", 3, "email", "2026-10-02T17:30:00.000Z"],
      ]);
    },
  );

  it("a mapping that misses a required column, or names an unknown field, is a usage error (exit 2)", async () => {
    const mapping = dir.write("bad.json", JSON.stringify({ columns: { Ref: "external_id", When: "opend_at" } }));
    const file = dir.write("x.csv", "Ref,When\nA,2026-01-01T00:00:00Z\n");
    const r = await kpibot("import", "tickets", file, "--mapping", mapping);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the mapping names unknown field(s) opend_at");
    const ok = dir.write("ok.json", JSON.stringify({ columns: { Ref: "external_id" } }));
    const missing = await kpibot("import", "tickets", file, "--mapping", ok);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no column gives opened_at (a column named "opened_at")');
  });

  it("costs from NDJSON with --format, and --preset refused for a non-ticket family", async () => {
    const file = dir.write("costs.txt", '{"period_start":"2026-10-01","category":"software","actual":"12,5"}\n');
    const r = await kpibot("import", "costs", file, "--format", "ndjson");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Imported costs.txt into costs");
    expect(r.stdout).toMatch(/inserted\s+1\n/);
    const bad = await kpibot("import", "costs", file, "--preset", "glpi");
    expect(bad.code).toBe(2);
  });
});
