import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeInteraction } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Interaction } from "../../src/core/interaction.js";
import { renderText } from "../../src/reply/render-text.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

/**
 * Who sees what applies to whoever reads the answer: a question asked where everyone reads the answer (a Slack
 * mention's thread, a Teams channel, a Matrix room, a shared answer) is held to the least role, whoever asked.
 */
describe.each(await testProviders())("answers everyone in the conversation reads (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_ADMINS: "slack:UADMIN", KPIBOT_SEED_DEMO: "false" },
    });
  });
  afterAll(async () => t.close());

  const ask = (text: string, user: string, seenBy?: "asker" | "conversation") => {
    const interaction: Interaction = {
      kind: "command",
      text,
      user: { platform: "slack", id: user },
      conversation: { platform: "slack", conversationId: "C1" },
      ...(seenBy ? { seenBy } : {}),
    };
    return executeInteraction(t.app, interaction);
  };

  it("per-person figures asked in public by an admin: refused with how to ask privately; answered privately", async () => {
    const inPublic = await ask("fcr last month by assignee", "UADMIN", "conversation");
    expect(inPublic.kind).toBe("denied");
    expect(renderText(inPublic.reply)).toContain("shown privately only");
    expect(inPublic.reply.ephemeral).toBe(true);
    const shared = await ask("fcr last month by assignee share", "UADMIN");
    expect(shared.kind).toBe("denied");
    expect((await ask("fcr last month by assignee", "UADMIN", "asker")).kind).toBe("kpi");
    expect((await ask("fcr last month by assignee", "UADMIN")).kind).toBe("kpi");
    // A viewer is refused for their role, wherever they ask (the message names the role, not the audience).
    const viewer = await ask("fcr last month by assignee", "U2", "conversation");
    expect(viewer.kind).toBe("denied");
    expect(renderText(viewer.reply)).not.toContain("shown privately only");
  });

  it("a scorecard in public leaves the costs out, and says why; in private an admin sees them", async () => {
    const inPublic = renderText((await ask("scorecard last month", "UADMIN", "conversation")).reply);
    expect(inPublic).toContain("everyone here would read them");
    const inPrivate = renderText((await ask("scorecard last month", "UADMIN", "asker")).reply);
    expect(inPrivate).not.toContain("Cost KPIs are left out");
  });

  it("the French wording", async () => {
    const fr = await ask("fcr mois dernier par assigné", "UADMIN", "conversation");
    expect(renderText(fr.reply)).toContain("ne sont montrés qu'en privé");
  });
});
