import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SLACK_API_METHODS, SLACK_APP_TOKEN_METHODS } from "../../adapters/slack/api.js";
import { testProviders } from "../helpers/databases.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { CONTENT, type Harness, kpiReply, NOW_S, startHarness } from "./harness.js";
import { commandBody, eventBody, sign } from "./requests.js";

describe.each(await testProviders())("Slack over HTTP: /kpi (%s)", (provider) => {
  let fake: FakeSlack;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness(provider, { fake });
  });
  afterEach(() => {
    fake.reset();
    h.seen.length = 0;
  });
  afterAll(async () => {
    // Every Web API method the adapter called during this suite is in the one declared list.
    const declared = new Set([...Object.keys(SLACK_API_METHODS), ...Object.keys(SLACK_APP_TOKEN_METHODS)]);
    expect([...fake.allMethods].filter((m) => !declared.has(m))).toEqual([]);
    await h.close();
    await fake.close();
  });

  it("refuses forged, stale, future and wrongly re-signed requests with 401, and answers nothing", async () => {
    const body = commandBody("fcr last month", `${fake.responseBase}/r1`);
    const forged = await h.post(body, CONTENT.form, { secret: "not-the-signing-secret" });
    const stale = await h.post(body, CONTENT.form, { timestamp: NOW_S - 301 });
    const future = await h.post(body, CONTENT.form, { timestamp: NOW_S + 301 });
    // A captured request replayed later with a fresh timestamp but the old signature.
    const replay = await h.http.request("/slack/events", {
      method: "POST",
      headers: {
        "content-type": CONTENT.form,
        "x-slack-request-timestamp": String(NOW_S),
        "x-slack-signature": sign("8f742231b10e8888abcd99yyyzzz85a5", NOW_S - 400, body),
      },
      body,
    });
    const unsigned = await h.http.request("/slack/events", {
      method: "POST",
      headers: { "content-type": CONTENT.form },
      body,
    });
    const tampered = await h.http.request("/slack/events", {
      method: "POST",
      headers: {
        "content-type": CONTENT.form,
        "x-slack-request-timestamp": String(NOW_S),
        "x-slack-signature": sign("8f742231b10e8888abcd99yyyzzz85a5", NOW_S, body),
      },
      body: body.replace("fcr", "mttr"),
    });
    expect([forged, stale, future, replay, unsigned, tampered].map((r) => r.status)).toEqual([
      401, 401, 401, 401, 401, 401,
    ]);
    await h.slack.idle();
    expect(h.seen).toEqual([]);
    expect(fake.responses).toEqual([]);
  });

  it("accepts a request signed 299 s ago (inside the 5-minute window)", async () => {
    const res = await h.post(commandBody("fcr", `${fake.responseBase}/r0`), CONTENT.form, { timestamp: NOW_S - 299 });
    expect(res.status).toBe(200);
    await h.slack.idle();
    expect(fake.responses).toHaveLength(1);
  });

  it("answers the Events API url_verification challenge", async () => {
    const res = await h.post(JSON.stringify({ type: "url_verification", challenge: "3eZbrw1aB" }), CONTENT.json);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aB" });
  });

  it("acknowledges before the answer is computed, then answers privately through the response_url", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = false;
    let finished = false;
    const slow = await startHarness(provider, {
      fake,
      handle: async (_app, interaction) => {
        started = true;
        await gate;
        finished = true;
        return kpiReply(interaction.kind === "command" ? interaction.text : "?");
      },
    });
    try {
      const res = await slow.post(commandBody("fcr last month", `${fake.responseBase}/slow`), CONTENT.form);
      // The HTTP answer came back while the core is still held at the gate.
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
      expect(finished).toBe(false);
      expect(fake.responses).toEqual([]);
      release();
      await slow.slack.idle();
      expect(started && finished).toBe(true);
      expect(fake.responses).toHaveLength(1);
      expect(fake.responses[0]?.path).toBe("/response/slow");
      expect(fake.responses[0]?.body.response_type).toBe("ephemeral");
    } finally {
      release();
      await slow.close();
    }
  });

  it("passes the command, user, channel and Slack locale to the core, saves the conversation, writes no user row", async () => {
    // A user not seen before (users.info answers are cached for an hour).
    fake.locales.set("U77", "fr-FR");
    const res = await h.post(
      commandBody("fcr mois dernier", `${fake.responseBase}/r2`, { user_id: "U77" }),
      CONTENT.form,
    );
    expect(res.status).toBe(200);
    await h.slack.idle();
    expect(h.seen).toHaveLength(1);
    expect(h.seen[0]).toMatchObject({
      kind: "command",
      text: "fcr mois dernier",
      locale: "fr-FR",
      user: { platform: "slack", id: "U77", name: "User U77" },
      conversation: { platform: "slack", conversationId: "C123", teamId: "T1", name: "it-ops" },
    });
    expect(fake.callsOf("users.info")[0]?.args).toMatchObject({ user: "U77", include_locale: "true" });
    const ref = await h.test.app.repos.conversations.find("slack", "C123");
    expect(ref).toMatchObject({ conversationId: "C123", teamId: "T1", name: "it-ops" });
    // The adapter writes no user row: the name and locale travel with the interaction, and the core records
    // them (this harness's scripted core does not), once and only when they changed.
    expect(await h.test.app.repos.users.get("slack", "U77")).toBeNull();
  });

  it("renders the answer as Block Kit with the chart uploaded (external upload flow) and a Share button", async () => {
    await h.post(commandBody("fcr 2026-10", `${fake.responseBase}/r3`), CONTENT.form);
    await h.slack.idle();
    const sent = fake.responses[0]?.body;
    expect(sent?.response_type).toBe("ephemeral");
    expect(sent?.text).toBe("FCR fcr 2026-10: 72.5 %");
    expect(sent?.blocks?.map((b) => b.type)).toEqual(["header", "section", "section", "image", "actions"]);
    // The PNG went through files.getUploadURLExternal → upload URL → files.completeUploadExternal.
    const methods = fake.calls.map((c) => c.method).filter((m) => m.startsWith("files."));
    expect(methods).toEqual(["files.getUploadURLExternal", "files.completeUploadExternal"]);
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]?.bytes.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
    const fileId = fake.uploads[0]?.fileId;
    expect(sent?.blocks?.[3]).toMatchObject({
      type: "image",
      slack_file: { id: fileId },
      alt_text: "FCR over the last 6 months",
    });
    const actions = sent?.blocks?.[4] as unknown as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(["kpi.previous#0", "kpi.explain#1", "kpi.share#2"]);
    expect(actions.elements[2]?.value).toBe("fcr fcr 2026-10");
  });

  it("posts in the channel when the core marks the answer shared (`share`/`partager`), without a Share button", async () => {
    await h.post(commandBody("fcr last month share", `${fake.responseBase}/r4`), CONTENT.form);
    await h.post(commandBody("fcr mois dernier partager", `${fake.responseBase}/r5`), CONTENT.form);
    await h.slack.idle();
    expect(fake.responses.map((r) => r.body.response_type)).toEqual(["in_channel", "in_channel"]);
    const buttons = JSON.stringify(fake.responses.map((r) => r.body.blocks));
    expect(buttons).not.toContain("kpi.share");
  });

  it("answers a command once even when Slack retries it (X-Slack-Retry-Num)", async () => {
    const body = commandBody("fcr last month", `${fake.responseBase}/r6`);
    const first = await h.post(body, CONTENT.form);
    const retry = await h.post(body, CONTENT.form, { retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await h.slack.idle();
    expect(h.seen).toHaveLength(1);
    expect(fake.responses).toHaveLength(1);
  });

  it("turns a failure into a helpful private message with a reference, never a stack trace", async () => {
    await h.post(commandBody("boom", `${fake.responseBase}/r7`), CONTENT.form);
    await h.slack.idle();
    expect(fake.responses).toHaveLength(1);
    const text = JSON.stringify(fake.responses[0]?.body);
    expect(fake.responses[0]?.body.response_type).toBe("ephemeral");
    expect(text).toContain("something went wrong");
    expect(text).toMatch(/reference `[0-9a-f-]{36}`/);
    expect(text).not.toContain("database exploded");
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it("retries a rate-limited upload after Retry-After (HTTP 429) and still answers", async () => {
    fake.rateLimitNext("files.getUploadURLExternal", 1);
    await h.post(commandBody("fcr 2026-09", `${fake.responseBase}/r8`), CONTENT.form);
    await h.slack.idle();
    expect(fake.callsOf("files.getUploadURLExternal")).toHaveLength(1);
    expect(fake.responses[0]?.body.blocks?.some((b) => b.type === "image")).toBe(true);
  });

  it("ignores a slash command body that is not a slash command, without crashing", async () => {
    const res = await h.post(eventBody({ type: "reaction_added", user: "U1" }), CONTENT.json);
    expect(res.status).toBe(200);
    await h.slack.idle();
    expect(fake.responses).toEqual([]);
  });
});
