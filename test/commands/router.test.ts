import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeApp, createApp } from "../../src/app.js";
import { executeInteraction } from "../../src/commands/index.js";
import { type CommandModule, createCommandRouter, leavesNoTrace } from "../../src/commands/router.js";
import { loadConfig } from "../../src/config.js";
import { fixedClock } from "../../src/core/clock.js";
import { createLogger } from "../../src/logger.js";
import { commandModules } from "../../src/modules.js";
import { renderText } from "../../src/reply/render-text.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createTestDatabase } from "../helpers/databases.js";
import { ask, clicked } from "./helpers.js";

/** A module of this test only: one verb in each language and one button family. */
function echoModule(calls: string[]): CommandModule {
  return {
    name: "echo",
    commands: [
      {
        verbs: ["echo", "écho"],
        help: {
          role: "viewer",
          word: { en: "echo", fr: "écho" },
          usage: { en: "echo <words>", fr: "écho <mots>" },
          summary: { en: "says it back", fr: "le répète" },
        },
        handle: async (ctx, args) => {
          calls.push(`command:${args}`);
          return { locale: ctx.locale, fallback: args, blocks: [{ type: "text", text: `echo ${args}` }] };
        },
        leavesNoTrace: async (_app, args) => args.startsWith("secret"),
      },
    ],
    actions: [
      {
        prefix: "echo",
        clicks: "per-click",
        replyTo: "clicker",
        handle: async (ctx, action) => {
          calls.push(`action:${action.actionId}=${action.value}`);
          return { locale: ctx.locale, fallback: "clicked", blocks: [{ type: "text", text: "clicked" }] };
        },
      },
    ],
  };
}

describe("the command router", () => {
  it("routes each module's verbs and buttons; core verbs and other modules' words are refused at build", () => {
    const router = createCommandRouter([...commandModules(), echoModule([])]);
    expect(router.command("digest")?.help.word.en).toBe("digest");
    expect(router.command("résumé")?.help.word.en).toBe("digest");
    expect(router.command("enquête")?.help.word.en).toBe("survey");
    expect(router.command("echo")?.help.word.fr).toBe("écho");
    expect(router.command("fcr")).toBeUndefined();
    expect(router.action("survey.answer")?.clicks).toBe("per-click");
    expect(router.action("echo.x")?.replyTo).toBe("clicker");
    expect(router.action("kpi.breakdown")).toBeUndefined();
    expect(router.action("survey")).toBeUndefined();
    expect(router.commands().map((c) => c.help.word.en)).toEqual(["digest", "alert", "survey", "echo"]);
    // Two modules cannot own one word or one button family, and no module takes a core verb.
    expect(() => createCommandRouter([echoModule([]), echoModule([])])).toThrow(/verb "echo" is already module echo's/);
    const helpThief: CommandModule = {
      ...echoModule([]),
      name: "thief",
      commands: echoModule([]).commands.map((c) => ({ ...c, verbs: ["aide"] })),
      actions: [],
    };
    expect(() => createCommandRouter([helpThief])).toThrow(/"aide" is a core verb/);
    const buttons: CommandModule = { name: "b", commands: [], actions: echoModule([]).actions };
    expect(() => createCommandRouter([echoModule([]), buttons])).toThrow(
      /buttons "echo\.\*" are already module echo's/,
    );
  });

  describe("carried on the app (no process-global registration)", () => {
    let t: TestApp;
    const calls: string[] = [];
    beforeAll(async () => {
      t = await createTestApp("sqlite", { clock: fixedClock(new Date("2026-11-15T10:00:00Z")) });
    });
    afterAll(async () => t.close());

    it("an app built with other modules answers its own verbs only; the default app is untouched", async () => {
      const database = await createTestDatabase("sqlite");
      const config = loadConfig({ DATABASE_URL: database.url, KPIBOT_RATE_LIMIT: "off" }, { dotenv: false });
      const echo = await createApp(config, { logger: createLogger("silent"), modules: [echoModule(calls)] });
      try {
        const said = await ask(echo, "écho bonjour");
        expect(renderText(said.reply)).toBe("echo bonjour");
        const click = await executeClick(echo, "echo.go", "1");
        expect(click).toBe("clicked");
        expect(calls).toEqual(["command:bonjour", "action:echo.go=1"]);
        // This app has no digest module: `digest list` is read as a KPI question, and help lists echo, not digest.
        expect((await ask(echo, "digest list")).kind).toBe("problem");
        const help = renderText((await ask(echo, "help")).reply);
        expect(help).toContain("echo <words>");
        expect(help).not.toContain("digest add");
        expect(await leavesNoTrace(echo, { ...typedCommand("echo secret words") })).toBe(true);
        expect(await leavesNoTrace(echo, { ...typedCommand("echo hello") })).toBe(false);
      } finally {
        await closeApp(echo);
        await database.drop();
      }
      // The default app never saw the echo module.
      expect((await ask(t.app, "echo bonjour")).kind).toBe("problem");
      expect(calls).toHaveLength(2);
    });
  });
});

function typedCommand(text: string) {
  return {
    kind: "command" as const,
    text,
    user: { platform: "slack" as const, id: "U1" },
    conversation: { platform: "slack" as const, conversationId: "C1" },
  };
}

async function executeClick(app: Parameters<typeof ask>[0], actionId: string, value: string): Promise<string> {
  return renderText((await executeInteraction(app, clicked(actionId, value))).reply);
}
