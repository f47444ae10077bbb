import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKpibot } from "../../adapters/main.js";
import { resolveChartImages } from "../../adapters/teams/images.js";
import { type App, closeApp, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { fixedClock } from "../../src/core/clock.js";
import { chartImagesRoutes } from "../../src/http/chart-images.js";
import { metricsRoutes } from "../../src/http/metrics.js";
import { createHttp, listen } from "../../src/http/server.js";
import { webhookRoutes } from "../../src/http/webhooks.js";
import { runImport } from "../../src/import/pipeline.js";
import { importTickets, ticketFamily } from "../../src/import/tickets.js";
import { createLogger } from "../../src/logger.js";
import type { ChartSpec } from "../../src/reply/types.js";
import { exportSurveyCsv } from "../../src/surveys/export.js";
import { upsertTickets } from "../../src/sync/canonical.js";
import { mapGlpiTicket } from "../../src/sync/glpi.js";
import { mapJiraIssue } from "../../src/sync/jira.js";
import { derivedAsPreset } from "../../src/sync/map.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createTestDatabase, testProviders } from "../helpers/databases.js";
import { surveyTestApp } from "../surveys/helpers.js";

const WEBHOOK_SECRET = "webhook-secret-0123456789";
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const CHART_SECRET = "0123456789abcdef0123456789abcdef";
const NOW = new Date("2026-11-20T12:00:00Z");
const NOW_S = NOW.getTime() / 1000;

/** What @hono/node-server hands a route about the TCP peer: a machine elsewhere, or this one. */
const REMOTE = { incoming: { socket: { remoteAddress: "203.0.113.7" } } };
const LOOPBACK = { incoming: { socket: { remoteAddress: "127.0.0.1" } } };

/**
 * The signature exactly as docs/imports.md tells a sender to compute it, written out here rather than taken
 * from kpibot: `sha256=` + hex HMAC-SHA256 of `<timestamp>\n<query>\n<raw body>`.
 */
function documentedSignature(timestamp: string, query: string, body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}\n${query}\n${body}`).digest("hex")}`;
}

function deliver(http: Hono, body: string, o: { ts: string; query?: string; signature?: string; sentQuery?: string }) {
  const query = o.sentQuery ?? o.query ?? "";
  return http.request(`/webhooks/tickets${query === "" ? "" : `?${query}`}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-kpibot-timestamp": o.ts,
      "x-kpibot-signature": o.signature ?? documentedSignature(o.ts, o.query ?? "", body),
    },
  });
}

let seconds = 0;
/** A new timestamp per delivery, inside the 5-minute window. */
const fresh = () => String(NOW_S - seconds++);

const FULL = {
  external_id: "INC-1",
  kind: "incident",
  title: "VPN down",
  category: "Network",
  service: "Remote access",
  priority: 2,
  channel: "email",
  group: "N2 Network",
  assignee: "ana@example.org",
  requester: "bob@example.org",
  opened_at: "2026-11-19T08:00:00Z",
  response_due_at: "2026-11-19T09:00:00Z",
  sla_met: true,
  support_level: 2,
  reopen_count: 1,
};

type Stored = Record<string, unknown>;
async function ticket(app: App, externalId: string, source = "webhook"): Promise<Stored | undefined> {
  const rows = await app.db.query<Stored>(
    `SELECT title, category, service, priority, channel, group_name, assignee, requester, opened_at, resolved_at,
       response_due_at, sla_met, support_level, first_contact_resolution, reopen_count
     FROM tickets WHERE source = ? AND external_id = ?`,
    [source, externalId],
  );
  return rows[0];
}
const iso = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string | number | Date).toISOString();

describe.each(await testProviders())("webhooks and syncs (%s)", (provider) => {
  let t: TestApp;
  let http: Hono;
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: fixedClock(NOW), env: { KPIBOT_WEBHOOK_SECRET: WEBHOOK_SECRET } });
    http = createHttp(t.app, [webhookRoutes()]);
  });
  afterAll(async () => t.close());

  it("a partial webhook update writes only the fields it carries; null clears one", async () => {
    const full = JSON.stringify(FULL);
    expect((await deliver(http, full, { ts: fresh() })).status).toBe(200);

    const resolve = JSON.stringify({ external_id: "INC-1", resolved_at: "2026-11-19T10:30:00Z" });
    const res = await deliver(http, resolve, { ts: fresh() });
    expect(await res.json()).toMatchObject({ updated: 1, results: [{ external_id: "INC-1", status: "updated" }] });
    const after = await ticket(t.app, "INC-1");
    expect(after).toMatchObject({
      title: "VPN down",
      category: "Network",
      service: "Remote access",
      priority: 2,
      channel: "email",
      group_name: "N2 Network",
      assignee: "ana@example.org",
      requester: "bob@example.org",
      support_level: 2,
      reopen_count: 1,
    });
    expect(Boolean(after?.sla_met)).toBe(true);
    expect(iso(after?.opened_at)).toBe("2026-11-19T08:00:00.000Z");
    expect(iso(after?.response_due_at)).toBe("2026-11-19T09:00:00.000Z");
    expect(iso(after?.resolved_at)).toBe("2026-11-19T10:30:00.000Z");

    const unassign = JSON.stringify({ external_id: "INC-1", assignee: null });
    expect((await deliver(http, unassign, { ts: fresh() })).status).toBe(200);
    expect(await ticket(t.app, "INC-1")).toMatchObject({ assignee: null, title: "VPN down", group_name: "N2 Network" });

    // A partial record of a ticket kpibot does not have is a new ticket, and says what it lacks.
    const unknown = JSON.stringify({ external_id: "INC-404", resolved_at: "2026-11-19T10:30:00Z" });
    const refused = (await (await deliver(http, unknown, { ts: fresh() })).json()) as {
      results: { status: string; reason: string }[];
    };
    expect(refused.results[0]?.status).toBe("rejected");
    expect(refused.results[0]?.reason).toContain("a new ticket needs kind and opened_at");
  });

  it("the update statement sets only the carried columns (a write made meanwhile is not undone)", async () => {
    // A row read before someone else renamed the ticket: it still holds the old title, but carries resolved_at only.
    await upsertTickets(t.app, [{ ...FULL, external_id: "INC-2", title: "Renamed meanwhile" }]);
    const stale = { ...FULL, external_id: "INC-2", title: "Old title", resolved_at: "2026-11-19T11:00:00Z" };
    const csv = `${ticketFamily.header.join(",")}\n${ticketFamily.header.map((h) => csvCell(stale, h)).join(",")}\n`;
    await runImport(t.app, ticketFamily, Readable.from([csv]), {
      source: "webhook",
      reportPath: null,
      updateColumns: () => ["resolved_at"],
    });
    const stored = await ticket(t.app, "INC-2");
    expect(stored?.title).toBe("Renamed meanwhile");
    expect(iso(stored?.resolved_at)).toBe("2026-11-19T11:00:00.000Z");
  });

  it("a sync record leaves stored fields its tool does not send, and values its preset cannot derive", async () => {
    // Stored first by a file import under the connector's source: a service, a response due time, level 2.
    await upsertTickets(t.app, [{ ...FULL, external_id: "77" }], { source: "glpi" });
    // GLPI answers without search option 155 (time_to_own) and with a group no level rule matches.
    const row = { 2: 77, 1: "VPN down again", 14: 1, 3: 4, 8: "Sous-traitant", 15: "2026-11-19 09:00:00" };
    const mapped = derivedAsPreset("glpi")(mapGlpiTicket(row, "Europe/Paris"));
    const outcome = await upsertTickets(t.app, [mapped], { source: "glpi" });
    expect(outcome.results).toEqual([{ external_id: "77", status: "updated" }]);
    const stored = await ticket(t.app, "77", "glpi");
    expect(stored).toMatchObject({
      title: "VPN down again",
      group_name: "Sous-traitant",
      priority: 2,
      // Fields the row has no column for (category 7, technician 5, requester 4, request type 9) are kept.
      category: "Network",
      assignee: "ana@example.org",
      requester: "bob@example.org",
      channel: "email",
      service: "Remote access", // GLPI sends no service at all
      support_level: 2, // no level rule matches "Sous-traitant": unknown, so not carried
      reopen_count: 1,
    });
    expect(iso(stored?.response_due_at)).toBe("2026-11-19T09:00:00.000Z");

    // Jira: an issue whose assignee field is not returned (hidden from the API user) keeps the stored assignee.
    await upsertTickets(t.app, [{ ...FULL, external_id: "SD-1" }], { source: "jira" });
    const issue = { key: "SD-1", fields: { summary: "VPN", issuetype: { name: "Incident" }, created: FULL.opened_at } };
    await upsertTickets(t.app, [mapJiraIssue(issue, {})], { source: "jira" });
    expect(await ticket(t.app, "SD-1", "jira")).toMatchObject({ title: "VPN", assignee: "ana@example.org" });
  });

  it("refuses a signature that does not cover the query string, or covers another one", async () => {
    const body = JSON.stringify({ ...FULL, external_id: "Q-1" });
    // The old scheme, `<timestamp>.<body>`, left ?source= free to change on a captured request.
    const ts = fresh();
    const bodyOnly = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(`${ts}.${body}`).digest("hex")}`;
    expect((await deliver(http, body, { ts, query: "source=glpi", signature: bodyOnly })).status).toBe(401);
    // Signed for source=glpi, sent as source=servicenow: another system's tickets would be overwritten.
    const swapped = await deliver(http, body, { ts: fresh(), query: "source=glpi", sentQuery: "source=servicenow" });
    expect(swapped.status).toBe(401);
    expect(await ticket(t.app, "Q-1", "servicenow")).toBeUndefined();
    expect(await ticket(t.app, "Q-1", "glpi")).toBeUndefined();
    // Signed as documented, query included: accepted under that source.
    expect((await deliver(http, body, { ts: fresh(), query: "source=glpi" })).status).toBe(200);
    expect(await ticket(t.app, "Q-1", "glpi")).toMatchObject({ title: "VPN down" });
  });

  it("refuses a replayed signature, on another replica too, and writes nothing", async () => {
    const runs = async () =>
      Number((await t.app.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM import_runs"))[0]?.n);
    const first = JSON.stringify({ ...FULL, external_id: "R-1", title: "First" });
    const firstTs = fresh();
    expect((await deliver(http, first, { ts: firstTs })).status).toBe(200);
    const second = JSON.stringify({ external_id: "R-1", title: "Second" });
    expect((await deliver(http, second, { ts: fresh() })).status).toBe(200);
    const before = await runs();

    const replay = await deliver(http, first, { ts: firstTs });
    expect(replay.status).toBe(409);
    // A second replica on the same database knows the signature too.
    const replica = await createApp(
      loadConfig({ DATABASE_URL: t.database.url, KPIBOT_WEBHOOK_SECRET: WEBHOOK_SECRET }, { dotenv: false }),
      { logger: createLogger("silent"), clock: fixedClock(NOW), migrate: false },
    );
    try {
      const other = createHttp(replica, [webhookRoutes()]);
      expect((await deliver(other, first, { ts: firstTs })).status).toBe(409);
    } finally {
      await closeApp(replica);
    }
    expect((await ticket(t.app, "R-1"))?.title).toBe("Second");
    expect(await runs()).toBe(before);
  });
});

/** One cell of a CSV line (quoted). */
function csvCell(row: Record<string, unknown>, header: string): string {
  const v = row[header];
  return v === undefined || v === null ? "" : `"${String(v).replaceAll('"', '""')}"`;
}

describe.each(await testProviders())("/metrics (%s)", (provider) => {
  let t: TestApp | undefined;
  afterAll(async () => t?.close());

  it("with KPIBOT_METRICS_TOKEN: refused without the Bearer token, even from this machine", async () => {
    t = await createTestApp(provider, { env: { KPIBOT_METRICS_TOKEN: METRICS_TOKEN } });
    const { server, port } = await listen(createHttp(t.app, [metricsRoutes]), 0, "127.0.0.1");
    try {
      const url = `http://127.0.0.1:${port}/metrics`;
      const none = await fetch(url);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toContain("Bearer");
      expect(await none.text()).not.toContain("kpibot_");
      expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: METRICS_TOKEN } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("kpibot_commands_total");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("without a token: this machine only (not another peer, not a rebound Host)", async () => {
    await t?.close();
    t = await createTestApp(provider);
    const http = createHttp(t.app, [metricsRoutes]);
    expect((await http.request("/metrics", {}, REMOTE)).status).toBe(403);
    expect((await http.request("/metrics", { headers: { host: "evil.example:3000" } }, LOOPBACK)).status).toBe(403);
    const local = await http.request("/metrics", { headers: { host: "127.0.0.1:3000" } }, LOOPBACK);
    expect(local.status).toBe(200);
  });
});

describe("/metrics on a port of its own (KPIBOT_METRICS_PORT)", () => {
  it("is served there only, with the token", async () => {
    const database = await createTestDatabase("sqlite");
    const kpibot = await startKpibot(
      loadConfig(
        {
          DATABASE_URL: database.url,
          PORT: "0",
          HOST: "127.0.0.1",
          LOG_LEVEL: "silent",
          KPIBOT_SEED_DEMO: "false",
          KPIBOT_METRICS_PORT: "0",
          KPIBOT_METRICS_TOKEN: METRICS_TOKEN,
        },
        { dotenv: false },
      ),
    );
    try {
      expect(kpibot.metricsPort).toBeGreaterThan(0);
      expect(kpibot.metricsPort).not.toBe(kpibot.port);
      const auth = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };
      expect((await fetch(`http://127.0.0.1:${kpibot.port}/metrics`, auth)).status).toBe(404);
      const url = `http://127.0.0.1:${kpibot.metricsPort}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, auth)).status).toBe(200);
    } finally {
      await kpibot.stop();
      await database.drop();
    }
  });
});

describe.each(await testProviders())("CSV files kpibot writes (%s)", (provider) => {
  it("the survey export escapes cells a spreadsheet would run as formulas; numbers stay numbers", async () => {
    const s = await surveyTestApp(provider);
    try {
      await s.say('survey new "=HYPERLINK(1+1)" csat "@SUM(A1:A9)" comment named');
      const id = Number((await s.app.db.query<{ id: number }>("SELECT id FROM surveys"))[0]?.id);
      const q = await s.app.db.query<{ id: number }>(
        "SELECT id FROM survey_questions WHERE survey_id = ? AND type = 'csat'",
        [id],
      );
      await s.click("survey.answer", `${id}:${q[0]?.id}:4`, { platform: "slack", id: "U1" });
      await s.say(`survey comment ${id} -2+3+cmd|' /C calc'!A0`, { platform: "slack", id: "U1" });
      await s.say(`survey comment ${id} -5`, { platform: "slack", id: "U2" });
      const survey = await s.app.repos.surveys.get(id);
      if (!survey) throw new Error("no survey");
      const out = await exportSurveyCsv(s.app.repos.surveyAnswers, survey, "Europe/Paris");
      if (!out.ok) throw new Error("export refused");
      const rows = parse(out.csv, { columns: true }) as Record<string, string>[];
      expect(new Set(rows.map((r) => r.survey_title))).toEqual(new Set(["'=HYPERLINK(1+1)"]));
      expect(rows.find((r) => r.question_type === "csat")).toMatchObject({ question: "'@SUM(A1:A9)", score: "4" });
      const comments = rows.filter((r) => r.question_type === "text").map((r) => r.comment);
      expect(comments.sort()).toEqual(["'-2+3+cmd|' /C calc'!A0", "-5"]);
    } finally {
      await s.close();
    }
  });

  it("the rejected-rows report of an import escapes them too", async () => {
    const t = await createTestApp(provider);
    const dir = mkdtempSync(join(tmpdir(), "kpibot-csv-"));
    try {
      const file = join(dir, "tickets.csv");
      const header = ticketFamily.header.join(",");
      const bad = { ...FULL, external_id: "X-1", title: "=cmd|' /C calc'!A0", priority: 9 };
      const negative = { ...FULL, external_id: "X-2", title: "@SUM(1)", reopen_count: -5 };
      const lines = [bad, negative].map((r) => ticketFamily.header.map((h) => csvCell(r, h)).join(","));
      writeFileSync(file, `${header}\n${lines.join("\n")}\n`);
      const summary = await importTickets(t.app, file);
      expect(summary.rejected).toBe(2);
      const report = parse(readFileSync(summary.reportPath ?? "", "utf8"), { columns: true }) as Record<
        string,
        string
      >[];
      expect(report.map((r) => r.title)).toEqual(["'=cmd|' /C calc'!A0", "'@SUM(1)"]);
      // -5 is a plain number: written as is, not turned into text.
      expect(report[1]?.reopen_count).toBe("-5");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  });
});

describe("logs", () => {
  it("strip credentials from every URL: fields, messages, and the errors pg or fetch throw", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger("info", sink);
    log.info({ sync: { url: "https://glpi-user:gl4pi-pass@glpi.example.org/apirest.php" } }, "sync started");
    log.error(
      { err: new Error("connect ECONNREFUSED for postgresql://kpibot:hunter2-db@db:5432/kpibot") },
      "store unreachable",
    );
    log.warn("calling https://x-access-token:ghs_tok3n@api.example.org/v1?api_key=k3y-value&page=2");
    // Node's fetch puts the URL, credentials included, in its error message.
    const fetchError = await fetch("https://svc:sn0w-pass@servicenow.invalid/api").catch((e: unknown) => e);
    log.error({ err: fetchError }, "fetch failed");
    const text = lines.join("");
    for (const secret of ["gl4pi-pass", "hunter2-db", "ghs_tok3n", "k3y-value", "sn0w-pass"])
      expect(text).not.toContain(secret);
    expect(text).toContain("https://glpi-user:***@glpi.example.org/apirest.php");
    expect(text).toContain("postgresql://kpibot:***@db:5432/kpibot");
    expect(text).toContain("api_key=***&page=2");
  });
});

describe("chart links", () => {
  // Figures no chart axis would print on its own, so finding them anywhere means the spec leaked.
  const spec: ChartSpec = {
    kind: "bar",
    title: "Cost per ticket by group",
    unit: "currency",
    categories: ["Zanzibar desk", "Quokka team"],
    series: [{ name: "Cost", values: [98765.4321, 12345.6789] }],
    locale: "en",
  };
  const FIGURES = ["98765", "12345", "Zanzibar", "Quokka", "Cost per ticket"];

  it("do not contain the figures (decode one and look), yet kpibot draws the chart from them until they expire", async () => {
    // The link a Teams card points at.
    const images = await resolveChartImages(
      { locale: "en", fallback: "chart", blocks: [{ type: "chart", spec, altText: "chart" }] },
      {
        mode: "local",
        publicUrl: "https://kpibot.example.org",
        secret: CHART_SECRET,
        now: () => NOW,
        logger: createLogger("silent"),
      },
    );
    const url = images.get(0)?.url ?? "";
    const token = /\/charts\/([A-Za-z0-9_-]+)\.png\?/.exec(url)?.[1] ?? "";
    expect(token).not.toBe("");
    const bytes = Buffer.from(token, "base64url");
    // Whatever way one reads it: the URL, the raw bytes, or inflated as the old links were.
    const readings = [url, decodeURIComponent(url), bytes.toString("latin1"), bytes.toString("utf8")];
    for (const skip of [0, 12])
      try {
        readings.push(inflateRawSync(bytes.subarray(skip)).toString("utf8"));
      } catch {
        // not deflate data: nothing to read
      }
    for (const reading of readings) for (const figure of FIGURES) expect(reading).not.toContain(figure);

    // kpibot itself (any replica with KPIBOT_SECRET) still reads the chart out of the link.
    let now = NOW;
    const app = { clock: { now: () => now }, logger: createLogger("silent") } as unknown as App;
    const drawn: ChartSpec[] = [];
    const http = createHttp(app, [
      chartImagesRoutes({
        secret: CHART_SECRET,
        draw: async (s) => {
          drawn.push(s);
          return { kind: "png", bytes: new Uint8Array([137, 80, 78, 71]), width: 1, height: 1 };
        },
      }),
    ]);
    const path = url.replace("https://kpibot.example.org", "");
    expect((await http.request(path)).status).toBe(200);
    expect(drawn).toEqual([spec]);
    const flipped = `${token.slice(0, 20)}${token[20] === "A" ? "B" : "A"}${token.slice(21)}`;
    expect((await http.request(path.replace(token, flipped))).status).toBe(403);
    now = new Date(NOW.getTime() + 31 * 24 * 3600 * 1000);
    expect((await http.request(path)).status).toBe(410);
  });
});
