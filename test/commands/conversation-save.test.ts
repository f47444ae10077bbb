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

  it("a burst from one channel and one person, all before the first write is done, writes each once", async () => {
    const save = vi.spyOn(t.app.repos.conversations, "save");
    const find = vi.spyOn(t.app.repos.conversations, "find");
    const touch = vi.spyOn(t.app.repos.users, "touch");
    const ref = { platform: "teams" as const, conversationId: "19:burst", serviceUrl: "https://smba.one/" };
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () =>
        executeInteraction(t.app, {
          kind: "command",
          text: "help",
          user: { platform: "teams", id: "29:burst", name: "Bea" },
          conversation: ref,
        }),
      ),
    );
    expect(outcomes.every((o) => o.kind === "reply")).toBe(true);
    expect(find.mock.calls.filter(([, id]) => id === "19:burst")).toHaveLength(1);
    expect(save.mock.calls.filter(([r]) => r.conversationId === "19:burst")).toHaveLength(1);
    expect(touch.mock.calls.filter(([u]) => u.platformUserId === "29:burst")).toHaveLength(1);
    expect(await t.app.repos.users.get("teams", "29:burst")).toMatchObject({ name: "Bea" });
    expect(await t.app.repos.conversations.find("teams", "19:burst")).toMatchObject({
      serviceUrl: "https://smba.one/",
    });
  });

  it("a reference that changes and changes back is saved each time; a click that adds nothing is not", async () => {
    const save = vi.spyOn(t.app.repos.conversations, "save");
    const a = { platform: "teams" as const, conversationId: "19:flip", serviceUrl: "https://smba.a/", name: "Ops" };
    const b = { ...a, serviceUrl: "https://smba.b/" };
    await say(a);
    await say(b);
    await say(a);
    expect(save.mock.calls.filter(([r]) => r.conversationId === "19:flip")).toHaveLength(3);
    expect(await t.app.repos.conversations.find("teams", "19:flip")).toMatchObject({ serviceUrl: "https://smba.a/" });
    // A click says only the id: nothing to change, nothing written.
    await say({ platform: "teams", conversationId: "19:flip" });
    await say(a);
    expect(save.mock.calls.filter(([r]) => r.conversationId === "19:flip")).toHaveLength(3);
  });
});
