import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { executeInteraction } from "../../src/commands/index.js";
import type { Interaction } from "../../src/core/interaction.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

describe("the conversation of each interaction is remembered without a write per message", () => {
  let t: TestApp;
  let now = new Date("2026-11-15T10:00:00Z");
  beforeAll(async () => {
    t = await createTestApp("sqlite", { clock: { now: () => now } });
  });
  afterAll(async () => t.close());

  const say = (conversation: Interaction["conversation"]) =>
    executeInteraction(t.app, {
      kind: "command",
      text: "help",
      user: { platform: "teams", id: "29:u" },
      conversation,
    });

  it("saves a conversation once an hour, a changed reference at once, and keeps what a click does not say", async () => {
    const save = vi.spyOn(t.app.repos.conversations, "save");
    const ref = { platform: "teams" as const, conversationId: "19:c", serviceUrl: "https://smba.one/", name: "IT ops" };
    await say(ref);
    await say(ref);
    expect(save).toHaveBeenCalledTimes(1);
    // Teams moved the conversation to another service URL: saved at once.
    await say({ ...ref, serviceUrl: "https://smba.two/" });
    expect(save).toHaveBeenCalledTimes(2);
    // A click knows only the conversation id: the stored service URL and name are kept.
    await say({ platform: "teams", conversationId: "19:c" });
    expect(await t.app.repos.conversations.find("teams", "19:c")).toMatchObject({
      serviceUrl: "https://smba.two/",
      name: "IT ops",
    });
    // An hour later the same reference is saved again (its row's updated_at says the conversation is alive).
    const calls = save.mock.calls.length;
    now = new Date(now.getTime() + 3_600_000);
    await say(ref);
    expect(save).toHaveBeenCalledTimes(calls + 1);
  });
});
