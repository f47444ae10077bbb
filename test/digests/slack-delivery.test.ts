import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDue } from "../../src/scheduler/run-due.js";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.js";
import { type Harness, startHarness } from "../slack/harness.js";
import { ask, deliveries, insertTickets, jobs } from "./helpers.js";

// The real Slack Messenger against a recording Slack API: what reaches the platform is counted.
describe("digests through the Slack Messenger (fake Slack API)", () => {
  let fake: FakeSlack;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness("sqlite", { fake, env: { KPIBOT_ADMINS: "U1", KPIBOT_SEED_DEMO: "false" } });
    await insertTickets(h.test.app.db, [
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
    ]);
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("posts one Block Kit message with the uploaded scorecard per fire; a Slack refusal is retried", async () => {
    expect((await ask(h.test.app, "digest add daily 08:30 fcr,sla", { conversation: "C42" })).text).toContain("#1");
    const messengers = { slack: h.slack.messenger };
    fake.failNext("chat.postMessage", "channel_not_found");
    const first = await runDue(h.test.app, jobs, { messengers, now: new Date("2026-11-16T07:30:05Z") });
    expect(first.events.map((e) => e.outcome)).toEqual(["retry"]);
    await runDue(h.test.app, jobs, { messengers, now: new Date("2026-11-16T07:31:10Z") });
    await runDue(h.test.app, jobs, { messengers, now: new Date("2026-11-16T07:32:10Z") });
    // Two calls reached Slack: the refused one and the one that posted; later runs add none.
    const calls = fake.callsOf("chat.postMessage");
    expect(calls).toHaveLength(2);
    const args = calls[1]?.args as { channel: string; text: string; blocks: { type: string }[] };
    expect(args.channel).toBe("C42");
    expect(args.text).toContain("Digest — 15 November 2026");
    expect(args.blocks.filter((b) => b.type === "image")).toHaveLength(1);
    expect(args.blocks[0]?.type).toBe("header");
    expect(args.blocks.at(-1)?.type).toBe("context");
    expect(fake.callsOf("files.completeUploadExternal").length).toBeGreaterThanOrEqual(1);
    const [row] = await deliveries(h.test.app.db);
    expect(row).toMatchObject({ status: "sent", attempts: 2, error: null });
    expect(row?.messageId).toMatch(/^\d+\.\d+$/);
  });
});
