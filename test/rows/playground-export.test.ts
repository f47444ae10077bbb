/**
 * Issue 16 item 4: the playground offers an export as a download it serves itself (this machine only), without
 * KPIBOT_SECRET or KPIBOT_PUBLIC_URL. Through the real core; both databases.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playgroundRoutes } from "../../adapters/playground/index.js";
import { fixedClock } from "../../src/core/clock.js";
import { createHttp } from "../../src/http/server.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { insertTickets } from "../kpi/fixtures.js";

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe.each(await testProviders())("the playground's export download (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_TIMEZONE: "Europe/Paris", KPIBOT_SEED_DEMO: "false" },
    });
    await insertTickets(t.app.db, [
      { id: "P1", opened: "2026-10-02T08:00:00Z", resolved: "2026-10-02T09:00:00Z", fcr: true },
      { id: "P2", opened: "2026-10-03T08:00:00Z", resolved: "2026-10-03T09:00:00Z", fcr: false },
    ]);
  });
  afterAll(async () => t.close());

  it("links the CSV from the reply, and serves it", async () => {
    const http = createHttp(t.app, [playgroundRoutes()]);
    const res = await http.request(
      "/playground/api/interactions",
      post({ session: "abcdef0123456789", text: "/kpi fcr 2026-10 export" }),
    );
    const body = (await res.json()) as { html: string };
    const href = /href="(\/playground\/exports\/[0-9a-f-]{36}\.csv)" download="fcr-2026-10\.csv"/.exec(body.html)?.[1];
    expect(href).toBeDefined();
    const csv = await http.request(href ?? "");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.ticket_id, r.counts_against])).toEqual([
      ["P2", "true"],
      ["P1", "false"],
    ]);
    expect((await http.request("/playground/exports/00000000-0000-0000-0000-000000000000.csv")).status).toBe(404);
  });
});
