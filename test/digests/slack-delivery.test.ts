import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.js";
import { type Harness, startHarness } from "../slack/harness.js";
import { ask, deliveries, insertTickets, jobs } from "./helpers.js";

const TICKETS = [
  {
    id: "A",
    opened: "2026-11-15T06:00:00Z",
    resolved: "2026-11-15T08:00:00Z",
    due: "2026-11-15T09:00:00Z",
    fcr: false,
    group: "N1",
  },
  {
    id: "B",
    opened: "2026-11-14T06:00:00Z",
    resolved: "2026-11-14T08:00:00Z",
    due: "2026-11-14T09:00:00Z",
    fcr: true,
    group: "N1",
  },
];

/** A run asked for `iso`, with the real clock of leases and retries at `iso` too. */
function at(iso: string) {
  return { now: new Date(iso), clock: fixedClock(new Date(iso)) };
}

// The real Slack Messenger against a recording Slack API: what reaches the platform is counted.
describe("digests through the Slack Messenger (fake Slack API)", () => {
  let fake: FakeSlack;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeSlack();
    // Slack's client gives up on a post after 300 ms here (30 s in production).
    h = await startHarness("sqlite", {
      fake,
      env: { KPIBOT_ADMINS: "U1", KPIBOT_SEED_DEMO: "false" },
      postTimeoutMs: 300,
    });
    await insertTickets(h.test.app.db, TICKETS);
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("posts one Block Kit message with the uploaded scorecard per fire; a Slack refusal is retried", async () => {
    expect((await ask(h.test.app, "digest add daily 08:30 fcr,sla", { conversation: "C42" })).text).toContain("#1");
    const messengers = { slack: h.slack.messenger };
    fake.failNext("chat.postMessage", "channel_not_found");
    const first = await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T07:30:05Z") });
    expect(first.events.map((e) => e.outcome)).toEqual(["retry"]);
    // The log keeps the cause (Slack's error code), not the apology written for a chat user.
    const [failed] = await deliveries(h.test.app.db);
    expect(failed).toMatchObject({ status: "retry", error: "An API error occurred: channel_not_found" });
    await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T07:31:10Z") });
    await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T07:32:10Z") });
    // Two calls reached Slack: the refused one and the one that posted; later runs add none.
    const calls = fake.callsOf("chat.postMessage");
    expect(calls).toHaveLength(2);
    const args = calls[1]?.args as {
      channel: string;
      text: string;
      blocks: { type: string }[];
      metadata: { event_type: string; event_payload: { delivery_id: string } };
    };
    expect(args.channel).toBe("C42");
    expect(args.text).toContain("Digest — 15 November 2026");
    expect(args.blocks.filter((b) => b.type === "image")).toHaveLength(1);
    expect(args.blocks[0]?.type).toBe("header");
    expect(args.blocks.at(-1)?.type).toBe("context");
    // The post carries its delivery id, so a later attempt could find it.
    expect(args.metadata).toEqual({ event_type: "kpibot_delivery", event_payload: { delivery_id: "digest:1" } });
    expect(fake.callsOf("files.completeUploadExternal").length).toBeGreaterThanOrEqual(1);
    const [row] = await deliveries(h.test.app.db);
    expect(row).toMatchObject({ status: "sent", attempts: 2, error: null });
    expect(row?.messageId).toMatch(/^\d+\.\d+$/);
  });

  it("Slack posts but answers after the client's timeout: not re-posted; the next attempt finds the message", async () => {
    fake.reset();
    expect((await ask(h.test.app, "digest add daily 09:00 fcr", { conversation: "C43" })).text).toContain("#2");
    const messengers = { slack: h.slack.messenger };
    const slackAnswers = fake.loseAnswerNext("chat.postMessage", "hold");
    const first = await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T08:00:05Z") });
    expect(first.events.map((e) => [e.id, e.outcome])).toEqual([[2, "unknown"]]);
    slackAnswers(); // Slack's answer comes after the client gave up on it.
    const [row] = (await deliveries(h.test.app.db)).filter((d) => d.schedule === 2);
    expect(row).toMatchObject({ status: "unknown", attempts: 1 });
    expect(row?.error).toMatch(/^outcome unknown \(.*\): the next attempt looks for the message before posting$/);
    expect(fake.history("C43")).toHaveLength(1);
    // Within the retry delay: nothing. After it: one look, the message is there, nothing posted.
    expect((await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T08:00:40Z") })).events).toEqual([]);
    const second = await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T08:01:10Z") });
    expect(second.events.map((e) => [e.id, e.outcome, e.detail])).toEqual([
      [2, "sent", "found already posted by an earlier attempt"],
    ]);
    expect(fake.callsOf("chat.postMessage")).toHaveLength(1);
    expect(fake.callsOf("conversations.history")[0]?.args).toMatchObject({
      channel: "C43",
      include_all_metadata: "true",
    });
    const [sent] = (await deliveries(h.test.app.db)).filter((d) => d.schedule === 2);
    expect(sent).toMatchObject({ status: "sent", attempts: 2, messageId: fake.history("C43")[0]?.ts, error: null });
  });

  it("a post whose answer was lost and that is not in the channel is posted again, once", async () => {
    fake.reset();
    expect((await ask(h.test.app, "digest add daily 10:00 fcr", { conversation: "C44" })).text).toContain("#3");
    const messengers = { slack: h.slack.messenger };
    fake.loseAnswerNext("chat.postMessage", "drop");
    const first = await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T09:00:05Z") });
    expect(first.events.map((e) => [e.id, e.outcome])).toEqual([[3, "unknown"]]);
    // As if Slack had not kept it: the channel is empty when the next attempt looks.
    fake.history("C44").splice(0);
    const second = await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T09:01:10Z") });
    expect(second.events.map((e) => [e.id, e.outcome, e.attempts])).toEqual([[3, "sent", 2]]);
    await runDue(h.test.app, jobs, { messengers, ...at("2026-11-16T09:05:00Z") });
    expect(fake.callsOf("conversations.history")).toHaveLength(1);
    expect(fake.callsOf("chat.postMessage")).toHaveLength(2);
    expect(fake.history("C44")).toHaveLength(1);
  });
});
