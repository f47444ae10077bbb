import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { createHttp } from "../../src/http/server.js";
import { signWebhook, webhookRoutes } from "../../src/http/webhooks.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const SECRET = "webhook-secret-0123456789";
const NOW = new Date("2026-11-20T12:00:00Z");
const TS = String(NOW.getTime() / 1000);

const ticket = (id: string, extra: Record<string, unknown> = {}) => ({
  external_id: id,
  kind: "incident",
  title: `Ticket ${id}`,
  priority: 2,
  channel: "email",
  opened_at: "2026-11-19T08:00:00Z",
  automated: false,
  ...extra,
});

function post(http: Hono, body: string, headers: Record<string, string>, query = "") {
  return http.request(`/webhooks/tickets${query}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}
let sent = 0;
/** A new timestamp for each delivery (a signature is accepted once), all within the 5-minute window. */
const fresh = () => String(NOW.getTime() / 1000 - sent++);
const signed = (body: string, ts = fresh(), secret = SECRET, query = "") => ({
  "x-kpibot-timestamp": ts,
  "x-kpibot-signature": signWebhook(secret, ts, query, body),
});

describe.each(await testProviders())("POST /webhooks/tickets on %s", (provider) => {
  let t: TestApp;
  let http: Hono;
  const resolvedCalls: number[][] = [];
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: fixedClock(NOW), env: { KPIBOT_WEBHOOK_SECRET: SECRET } });
    http = createHttp(t.app, [
      webhookRoutes({
        maxBytes: 4096,
        onResolved: async (ids) => {
          resolvedCalls.push(ids);
        },
      }),
    ]);
  });
  afterAll(async () => t.close());

  const count = async () => Number((await t.app.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM tickets"))[0]?.n);

  it("stores signed tickets with per-item results, and the same payload again is unchanged", async () => {
    const body = JSON.stringify([ticket("W-1"), ticket("W-2"), ticket("W-3", { priority: 9 })]);
    const res = await post(http, body, signed(body));
    expect(res.status).toBe(200);
    const json = (await res.json()) as { results: { external_id: string; status: string; reason?: string }[] };
    expect(json.results.map((r) => [r.external_id, r.status])).toEqual([
      ["W-1", "inserted"],
      ["W-2", "inserted"],
      ["W-3", "rejected"],
    ]);
    expect(json.results[2]?.reason).toContain("priority");
    expect(await count()).toBe(2);
    const again = await post(http, body, signed(body));
    const json2 = (await again.json()) as { results: { status: string }[]; unchanged: number };
    expect(json2.results.map((r) => r.status)).toEqual(["unchanged", "unchanged", "rejected"]);
    expect(json2.unchanged).toBe(2);
    expect(await count()).toBe(2);
    const stored = await t.app.db.query<{ source: string; priority: number }>(
      "SELECT source, priority FROM tickets WHERE external_id = 'W-1'",
    );
    expect(stored).toEqual([{ source: "webhook", priority: 2 }]);
  });

  it("updates a changed ticket and hands newly resolved tickets to the callback once", async () => {
    const body = JSON.stringify(ticket("W-1", { resolved_at: "2026-11-19T10:00:00Z" }));
    const res = await post(http, body, signed(body));
    const json = (await res.json()) as { results: { status: string }[] };
    expect(json.results).toEqual([{ external_id: "W-1", status: "updated" }]);
    const id = (await t.app.db.query<{ id: number }>("SELECT id FROM tickets WHERE external_id = 'W-1'"))[0]?.id;
    expect(resolvedCalls).toEqual([[Number(id)]]);
    await post(http, body, signed(body));
    expect(resolvedCalls).toHaveLength(1);
  });

  it("refuses forged, unsigned and stale requests with 401 and writes nothing", async () => {
    const body = JSON.stringify(ticket("W-9"));
    expect((await post(http, body, signed(body, TS, "another-secret-0123456789"))).status).toBe(401);
    expect((await post(http, body, {})).status).toBe(401);
    const tampered = signed(body);
    expect((await post(http, body.replace("W-9", "W-8"), tampered)).status).toBe(401);
    const stale = String(NOW.getTime() / 1000 - 301);
    expect((await post(http, body, signed(body, stale))).status).toBe(401);
    // Swapping in a fresh timestamp breaks the signature (the timestamp is signed).
    const old = signed(body, stale);
    expect((await post(http, body, { ...old, "x-kpibot-timestamp": TS })).status).toBe(401);
    expect(await count()).toBe(2);
    const within = String(NOW.getTime() / 1000 - 299);
    expect((await post(http, body, signed(body, within))).status).toBe(200);
  });

  it("answers 400 to bad JSON, 413 to a body over the limit, and accepts a source name", async () => {
    expect((await post(http, "{nope", signed("{nope"))).status).toBe(400);
    const big = JSON.stringify([ticket("B", { title: "x".repeat(5000) })]);
    expect((await post(http, big, signed(big))).status).toBe(413);
    const body = JSON.stringify(ticket("W-1"));
    const res = await post(http, body, signed(body, fresh(), SECRET, "source=glpi"), "?source=glpi");
    expect(((await res.json()) as { inserted: number }).inserted).toBe(1);
  });

  it("answers 503 when no secret is configured", async () => {
    const bare = await createTestApp(provider);
    try {
      const h = createHttp(bare.app, [webhookRoutes()]);
      const body = JSON.stringify(ticket("X"));
      expect((await post(h, body, signed(body))).status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
