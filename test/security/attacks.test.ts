import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKpibot } from "../../adapters/main.js";
import { trimEdgePunctuation } from "../../src/commands/tokens.js";
import { loadConfig } from "../../src/config.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.js";
import { CONTENT, clickBody, commandBody, SIGNING_SECRET, sign, slackRequest } from "../slack/requests.js";
import { personalMessage } from "../teams/helpers/activities.js";

type Kpibot = Awaited<ReturnType<typeof startKpibot>>;
const now = () => Math.floor(Date.now() / 1000);

/** Counts of what an attack could have written. */
async function footprint(kpibot: Kpibot): Promise<Record<string, number>> {
  const count = async (sql: string) => Number((await kpibot.app.db.query<{ n: number | string }>(sql))[0]?.n ?? 0);
  return {
    admins: await count("SELECT COUNT(*) AS n FROM chat_users WHERE role <> 'viewer'"),
    targets: await count("SELECT COUNT(*) AS n FROM kpi_targets"),
    surveys: await count("SELECT COUNT(*) AS n FROM surveys"),
    digests: await count("SELECT COUNT(*) AS n FROM digest_schedules"),
  };
}

/**
 * A POST that declares a large body but sends only its first KiB: the 413 must come from the
 * declared size alone, before the body (and so any signature over it) is read.
 */
function postDeclaringSize(port: number, path: string, headers: Record<string, string>, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path, method: "POST", headers: { ...headers, "content-length": size } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => (err.code === "ECONNRESET" ? undefined : reject(err)));
    req.write(Buffer.alloc(1024, "a"));
  });
}

/** A GET or POST with a Host header of the caller's choosing (fetch does not let one set Host). */
function withHost(port: number, path: string, host: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: body ? "POST" : "GET",
        headers: { host, ...(body ? { "content-type": "application/json" } : {}) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe.each(await testProviders())("kpibot with only Slack configured, probed from its port (%s)", (provider) => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let kpibot: Kpibot;
  let base: string;
  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await createTestDatabase(provider);
    const config = loadConfig(
      {
        DATABASE_URL: database.url,
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
        KPIBOT_SEED_DEMO: "false",
        KPIBOT_ADMINS: "slack:UADMIN",
        SLACK_BOT_TOKEN: "xoxb-attack",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      },
      { dotenv: false },
    );
    kpibot = await startKpibot(config);
    base = `http://127.0.0.1:${kpibot.port}`;
  });
  afterAll(async () => {
    await kpibot?.stop();
    await database?.drop();
    await fake?.close();
  });

  it("serves no Teams route and no playground: a spoofed admin activity gets 404", async () => {
    const before = await footprint(kpibot);
    const activity = {
      ...personalMessage("http://127.0.0.1:9/", "role grant slack:U42 admin"),
      from: { id: "slack:UADMIN", name: "Admin" },
      deliveryMode: "expectReplies",
    };
    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(404);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/playground/api/interactions`, { method: "POST" })).status).toBe(404);
    expect(await footprint(kpibot)).toEqual(before);
  });

  it("refuses forged, stale and unsigned Slack requests with 401, writing nothing", async () => {
    const before = await footprint(kpibot);
    const body = commandBody("role grant slack:U42 admin", `${fake.responseBase}/forged`, { user_id: "UADMIN" });
    const forged = slackRequest(body, {
      contentType: CONTENT.form,
      timestamp: now(),
      signature: sign("guess", now(), body),
    });
    expect((await fetch(`${base}/slack/events`, forged)).status).toBe(401);
    const stale = now() - 6 * 60;
    expect(
      (await fetch(`${base}/slack/events`, slackRequest(body, { contentType: CONTENT.form, timestamp: stale }))).status,
    ).toBe(401);
    const unsigned = { method: "POST", headers: { "content-type": CONTENT.form }, body };
    expect((await fetch(`${base}/slack/events`, unsigned)).status).toBe(401);
    expect(await footprint(kpibot)).toEqual(before);
    expect(fake.responses.filter((r) => r.path === "/response/forged")).toEqual([]);
  });

  it("answers a replayed signed command once", async () => {
    const body = commandBody("whoami", `${fake.responseBase}/replay`);
    const init = slackRequest(body, { contentType: CONTENT.form, timestamp: now() });
    expect((await fetch(`${base}/slack/events`, init)).status).toBe(200);
    await fake.waitForResponses(fake.responses.length + 1);
    const replayed = await fetch(`${base}/slack/events`, init);
    expect(replayed.status).toBeLessThan(500);
    // Give a second answer the time to arrive if the replay had been answered.
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responses.filter((r) => r.path === "/response/replay")).toHaveLength(1);
  });

  it("refuses oversized bodies with 413 before reading the signature", async () => {
    const forgedHeaders = {
      "content-type": CONTENT.form,
      "x-slack-request-timestamp": String(now()),
      "x-slack-signature": "v0=00",
    };
    expect(await postDeclaringSize(kpibot.port, "/slack/events", forgedHeaders, 300 * 1024)).toBe(413);
    const json = { "content-type": "application/json" };
    expect(await postDeclaringSize(kpibot.port, "/api/messages", json, 300 * 1024)).toBe(413);
    expect(await postDeclaringSize(kpibot.port, "/webhooks/tickets", json, 2 * 1024 * 1024)).toBe(413);
  });

  it("answers a pathological signed command with the length limit, and the punctuation trim is linear", async () => {
    const body = commandBody(`fcr ${".".repeat(40_000)}x`, `${fake.responseBase}/long`);
    const res = await fetch(
      `${base}/slack/events`,
      slackRequest(body, { contentType: CONTENT.form, timestamp: now() }),
    );
    expect(res.status).toBe(200);
    const answers = await fake.waitForResponses(fake.responses.length + 1);
    const answer = answers.find((r) => r.path === "/response/long");
    expect(answer?.body.text).toMatch(/too long.*2000|2000.*characters/i);
    // The trim that took ~0.8 s on 40k characters: count its steps instead of timing it.
    expect(trimEdgePunctuation(`(${".".repeat(40_000)}x${".".repeat(40_000)}`)).toBe(`${".".repeat(40_000)}x`);
  });

  it("a viewer clicking admin buttons with crafted payloads is refused and nothing is written", async () => {
    const before = await footprint(kpibot);
    const crafted = [
      { actionId: "kpi.previous", value: "role grant slack:U42 admin" },
      { actionId: "kpi.share", value: "target fcr 1" },
      { actionId: "kpi.breakdown", value: "digest add fcr weekly mon 08:30" },
      { actionId: "survey.post", value: "1" },
    ];
    const answered = fake.responses.length;
    for (const [i, c] of crafted.entries()) {
      const body = clickBody({ ...c, responseUrl: `${fake.responseBase}/click-${i}`, userId: "U42" });
      const res = await fetch(
        `${base}/slack/events`,
        slackRequest(body, { contentType: CONTENT.form, timestamp: now() }),
      );
      expect(res.status).toBe(200);
    }
    await fake.waitForResponses(answered + crafted.length);
    await new Promise((r) => setTimeout(r, 300));
    for (const [i] of crafted.entries()) {
      const answer = fake.responses.find((r) => r.path === `/response/click-${i}`);
      expect(answer?.body.text ?? "").not.toContain("UADMIN");
    }
    expect(await footprint(kpibot)).toEqual(before);
  });
});

describe("kpibot with nothing configured (the playground), probed from its port", () => {
  let database: TestDatabase;
  let kpibot: Kpibot;
  let base: string;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    const config = loadConfig(
      { DATABASE_URL: database.url, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", KPIBOT_SEED_DEMO: "false" },
      { dotenv: false },
    );
    kpibot = await startKpibot(config);
    base = `http://127.0.0.1:${kpibot.port}`;
  });
  afterAll(async () => {
    await kpibot?.stop();
    await database?.drop();
  });

  const ask = (session: string, text: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/playground/api/interactions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ session, text }),
    });

  it("serves no Teams route", async () => {
    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(personalMessage("http://127.0.0.1:9/", "whoami")),
    });
    expect(res.status).toBe(404);
  });

  it("refuses a request that names another site as Host (DNS rebinding) and serves the local one", async () => {
    const body = JSON.stringify({ session: "attackerSession01", text: "fcr" });
    expect(await withHost(kpibot.port, "/playground/api/interactions", "evil.example", body)).toBe(403);
    expect(await withHost(kpibot.port, "/", `evil.example:${kpibot.port}`)).toBe(403);
    expect(await withHost(kpibot.port, "/", `localhost:${kpibot.port}`)).toBe(200);
    expect((await ask("attackerSession01", "fcr")).status).toBe(200);
  });

  it("never shows a session id, and a visitor cannot make themselves admin", async () => {
    const session = "victimSession0001";
    const who = (await (await ask(session, "whoami")).json()) as { html: string; fallback: string };
    expect(`${who.html}${who.fallback}`).not.toContain(session);
    // Guessing or copying anything shown is not enough: KPIBOT_ADMINS cannot be set from outside,
    // and the admin link wants the token from the server log.
    const claim = (token: string) =>
      fetch(`${base}/playground/api/admin`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ session, token }),
      });
    expect((await claim("x".repeat(32))).status).toBe(403);
    const role = (await (await ask(session, "role list")).json()) as { fallback: string };
    expect(role.fallback).toMatch(/Only an admin/);
    expect(role.fallback).not.toContain(session);
  });
});
