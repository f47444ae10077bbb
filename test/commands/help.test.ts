import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_USAGE_HINT, verbHelpOf, verbHelps } from "../../src/commands/help-catalog.js";
import { parseCommand } from "../../src/commands/parser.js";
import { fixedClock } from "../../src/core/clock.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { ask } from "./helpers.js";

/** `help` knows every command: per role, in the user's language, and `help <verb>` for each. */
describe("help for every command", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_ADMINS: "slack:UADMIN", KPIBOT_SEED_DEMO: "false" },
    });
  });
  afterAll(async () => t.close());

  const ADMIN_VERBS = ["target", "role", "digest", "alert", "survey"];

  it("the catalog holds the core's verbs and the modules' (digests, alerts, surveys)", () => {
    const ids = verbHelps(t.app.router).map((v) => v.id);
    for (const id of ["kpi", "scorecard", "list", "explain", "help", "whoami", "policy", ...ADMIN_VERBS]) {
      expect(ids).toContain(id);
    }
  });

  it("a viewer's help lists what a viewer may use and names what admins can also do", async () => {
    const help = await ask(t.app, "help", { user: "UVIEW" });
    const text = help.reply.fallback;
    expect(
      help.reply.blocks.some((b) => b.type === "fields" && b.fields.some((f) => f.label.startsWith("scorecard"))),
    ).toBe(true);
    const labels = help.reply.blocks.flatMap((b) => (b.type === "fields" ? b.fields.map((f) => f.label) : []));
    for (const verb of ADMIN_VERBS) expect(labels.some((l) => l.startsWith(verb))).toBe(false);
    expect(text).toMatch(/Admins can also use `target`, `role`, `digest`, `alert`, `survey`/);
  });

  it("an admin's help lists every verb, in French with the French verbs", async () => {
    const aide = await ask(t.app, "aide", { user: "UADMIN" });
    const labels = aide.reply.blocks.flatMap((b) => (b.type === "fields" ? b.fields.map((f) => f.label) : []));
    for (const verb of ["tableau de bord", "objectif", "role", "résumé", "alerte", "enquête", "politique"]) {
      expect(labels.some((l) => l.startsWith(verb))).toBe(true);
    }
    expect(aide.reply.locale).toBe("fr");
    expect(aide.reply.fallback).not.toContain("Les admins peuvent aussi");
  });

  it.each([
    ["help target", "Help — target", "Admins only."],
    ["help role", "Help — role", "Admins only."],
    ["help policy", "Help — policy", "Everyone may use it."],
    ["help scorecard", "Help — scorecard", "Everyone"],
    ["help whoami", "Help — whoami", "Everyone"],
    ["help digest", "Help — digest", "Admins only."],
    ["help alert", "Help — alert", "Admins only."],
    ["help survey", "Help — survey", "Admins only."],
    ["aide objectif", "Aide — objectif", "Admins seulement."],
    ["aide résumé", "Aide — résumé", "Admins seulement."],
    ["aide alerte", "Aide — alerte", "Admins seulement."],
    ["aide enquête", "Aide — enquête", "Admins seulement."],
    ["aide tableau de bord", "Aide — tableau de bord", "Tout le monde"],
    ["aide qui suis-je", "Aide — qui suis-je", "Tout le monde"],
  ])("%s answers that command's help, for a viewer as for an admin", async (text, title, who) => {
    for (const user of ["UVIEW", "UADMIN"]) {
      const outcome = await ask(t.app, text, { user });
      expect(outcome.kind).toBe("reply");
      expect(outcome.reply.fallback).toContain(title);
      expect(outcome.reply.fallback).toContain(who);
    }
  });

  it("help for a word that is neither a KPI nor a command still suggests a KPI", async () => {
    const outcome = await ask(t.app, "help fcx", { user: "UVIEW" });
    expect(outcome.kind).toBe("problem");
    expect(outcome.reply.fallback).toContain("fcr");
  });

  it("the Slack manifests' usage hint and the Teams command list come from the same language", () => {
    for (const file of ["manifest/slack.json", "manifest/slack.socket-mode.json"]) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as {
        features: { slash_commands: { command: string; usage_hint: string }[] };
      };
      expect(manifest.features.slash_commands.find((c) => c.command === "/kpi")?.usage_hint).toBe(SLACK_USAGE_HINT);
    }
    for (const example of SLACK_USAGE_HINT.split(" · ")) expect(parseCommand(example).ok).toBe(true);
    const teams = JSON.parse(readFileSync("manifest/teams/manifest.json", "utf8")) as {
      bots: { commandLists: { commands: { title: string }[] }[] }[];
    };
    const titles = teams.bots.flatMap((b) => b.commandLists.flatMap((l) => l.commands.map((c) => c.title)));
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) {
      // Every listed command is understood, and a bare command word has its own help.
      expect(parseCommand(title).ok).toBe(true);
      if (!title.includes(" ")) expect(verbHelpOf(t.app.router, title)).toBeDefined();
    }
  });
});
