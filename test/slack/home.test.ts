import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findKpi } from "../../src/kpi/definitions.js";
import { seedDemo } from "../../src/seed/index.js";
import { testProviders } from "../helpers/databases.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { CONTENT, type Harness, NOW, startHarness } from "./harness.js";
import { eventBody } from "./requests.js";

type View = { type: string; blocks: { type: string; fields?: { text: string }[]; text?: { text: string } }[] };

describe.each(await testProviders())("App Home: the user's scorecard (%s)", (provider) => {
  let fake: FakeSlack;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness(provider, { fake });
    await seedDemo(h.test.app.repos, { tickets: 400, months: 3, now: NOW, seed: 7 });
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  const open = async (user: string, eventId: string) => {
    fake.reset();
    h.seen.length = 0;
    await h.post(eventBody({ type: "app_home_opened", user, tab: "home" }, eventId), CONTENT.json);
    await h.slack.idle();
    return fake.callsOf("views.publish")[0]?.args.view as View;
  };

  it("shows the user's favourite KPIs (and only those), with status cues, for the default period", async () => {
    await h.test.app.repos.users.setFavourites("slack", "U50", ["mttr", "fcr", "nonsense"]);
    const view = await open("U50", "EvFAV1");
    // Built from the KPI engine and the core's scorecard builder, not the `scorecard` command.
    expect(h.seen).toEqual([]);
    expect(view.type).toBe("home");
    const labels = view.blocks.flatMap((b) => b.fields ?? []).map((f) => f.text.split("\n")[0]);
    expect(labels.sort()).toEqual([`*${findKpi("fcr")?.name.en}*`, `*${findKpi("mttr")?.name.en}*`].sort());
    expect(JSON.stringify(view.blocks)).toMatch(/🟢|🟠|🔴/);
    expect(view.blocks[0]).toMatchObject({ type: "header" });
    expect(view.blocks.some((b) => b.type === "image")).toBe(true);
    expect(view.blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("without favourites, shows the default scorecard (the `scorecard` command)", async () => {
    await open("U51", "EvFAV2");
    expect(h.seen).toHaveLength(1);
    expect(h.seen[0]).toMatchObject({ kind: "command", text: "scorecard", user: { id: "U51" } });
    expect(fake.callsOf("views.publish")).toHaveLength(1);
  });
});
