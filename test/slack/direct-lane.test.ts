import type { App as BoltApp, ReceiverEvent } from "@slack/bolt";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { SlackDeps } from "../../adapters/slack/deps.js";
import { commandLane } from "../../adapters/slack/listeners/command.js";
import { perClickLane } from "../../adapters/slack/per-click.js";
import { HonoReceiver } from "../../adapters/slack/receivers/http.js";
import { firstLane } from "../../adapters/slack/receivers/in-flight.js";
import { systemClock } from "../../src/core/clock.js";
import { createLogger } from "../../src/logger.js";
import { CONTENT, clickBody, commandBody, slackRequest } from "./requests.js";

// The lane around Bolt (receivers/in-flight.ts DirectLane): a verified request the lane takes goes to its handler and
// never through Bolt's middleware; everything else goes to Bolt. The per-click lane takes survey buttons only.

const logger = createLogger("silent");
const now = () => Math.floor(Date.now() / 1000);

/** A receiver on a Hono route, a Bolt stand-in that acknowledges and counts, and a lane that records and acks. */
function setup(takes: (body: Record<string, unknown>) => boolean) {
  const receiver = new HonoReceiver({ signingSecret: "lane-secret", clock: systemClock, logger });
  const toBolt: ReceiverEvent[] = [];
  const toLane: ReceiverEvent[] = [];
  receiver.init({
    processEvent: async (event: ReceiverEvent) => {
      toBolt.push(event);
      await event.ack();
    },
  } as unknown as BoltApp);
  receiver.route((body) =>
    takes(body)
      ? async (event) => {
          toLane.push(event);
          await event.ack();
        }
      : undefined,
  );
  const http = new Hono();
  http.post("/slack/events", (c) => receiver.handle(c));
  const post = (body: string, secret = "lane-secret") =>
    http.request("/slack/events", slackRequest(body, { contentType: CONTENT.form, timestamp: now(), secret }));
  return { toBolt, toLane, post };
}

describe("a direct lane around Bolt", () => {
  it("gives the lane the requests it takes, with the retry number, and Bolt the others", async () => {
    const { toBolt, toLane, post } = setup((body) => body.type === "block_actions");
    const click = clickBody({ actionId: "survey.answer#1", value: "1:2:5", responseUrl: "http://x/r" });
    expect((await post(click)).status).toBe(200);
    expect((await post(commandBody("fcr", "http://x/c"))).status).toBe(200);
    expect(toLane).toHaveLength(1);
    expect(toBolt).toHaveLength(1);
    expect(toLane[0]?.body.actions).toEqual([expect.objectContaining({ action_id: "survey.answer#1" })]);
    expect(toLane[0]?.customProperties?.requestId).toEqual(expect.any(String));
    expect(toBolt[0]?.body.command).toBe("/kpi");
  });

  it("never hands the lane a request that fails verification", async () => {
    const { toBolt, toLane, post } = setup(() => true);
    const click = clickBody({ actionId: "survey.answer", value: "1:2:5", responseUrl: "http://x/r" });
    expect((await post(click, "someone-else")).status).toBe(401);
    expect(toLane).toHaveLength(0);
    expect(toBolt).toHaveLength(0);
  });
});

describe("perClickLane", () => {
  const deps = {
    app: {
      router: {
        actions: () => [
          { clicks: "per-click", prefix: "survey" },
          { clicks: "once", prefix: "kpi" },
        ],
      },
    },
  } as unknown as SlackDeps;
  const lane = perClickLane(deps);
  const actions = (id: unknown) => ({ type: "block_actions", actions: [{ action_id: id, value: "1:2:3" }] });

  it("takes the per-click module's buttons, with or without the #n suffix", () => {
    expect(lane?.(actions("survey.answer"))).toBeTypeOf("function");
    expect(lane?.(actions("survey.answer#4"))).toBeTypeOf("function");
  });

  it("leaves every other request to Bolt", () => {
    expect(lane?.(actions("kpi.share#3"))).toBeUndefined();
    expect(lane?.(actions("surveyx.answer"))).toBeUndefined();
    expect(lane?.(actions(42))).toBeUndefined();
    expect(lane?.({ type: "block_actions", actions: [] })).toBeUndefined();
    expect(lane?.({ type: "view_submission", actions: [{ action_id: "survey.answer" }] })).toBeUndefined();
    expect(lane?.({ command: "/kpi", text: "survey.answer" })).toBeUndefined();
  });

  it("is absent when no module has per-click buttons", () => {
    const none = { app: { router: { actions: () => [{ clicks: "once", prefix: "kpi" }] } } } as unknown as SlackDeps;
    expect(perClickLane(none)).toBeUndefined();
  });
});

describe("commandLane and firstLane", () => {
  const deps = {
    app: { router: { actions: () => [{ clicks: "per-click", prefix: "survey" }] } },
  } as unknown as SlackDeps;
  const lanes = firstLane(perClickLane(deps), commandLane(deps));

  it("takes slash commands (whatever the command is named) and survey clicks; leaves events and other buttons", () => {
    expect(commandLane(deps)({ command: "/kpi-test", text: "fcr" })).toBeTypeOf("function");
    expect(lanes({ command: "/kpi", text: "fcr" })).toBeTypeOf("function");
    expect(lanes({ type: "block_actions", actions: [{ action_id: "survey.answer", value: "1:2:3" }] })).toBeTypeOf(
      "function",
    );
    expect(lanes({ type: "block_actions", actions: [{ action_id: "kpi.share", value: "x" }] })).toBeUndefined();
    expect(lanes({ type: "event_callback", event: { type: "app_mention" } })).toBeUndefined();
    expect(lanes({ command: 42 })).toBeUndefined();
  });
});
