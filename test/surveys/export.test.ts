import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKpibot } from "../helpers/cli.js";
import { testProviders } from "../helpers/databases.js";
import { SECRET, type SurveyTestApp, surveyTestApp } from "./helpers.js";

/** Runs `kpibot <args>` in-process; returns exit code, stdout and stderr. */
function kpibot(env: Record<string, string>, ...args: string[]) {
  return runKpibot(args, { env: { LOG_LEVEL: "silent", ...env } });
}

describe.each(await testProviders())("kpibot survey export on %s", (provider) => {
  let s: SurveyTestApp;
  let env: Record<string, string>;
  const ids = { anonymous: 0, named: 0, small: 0 };

  async function answerAll(survey: number, users: number, minute: number): Promise<void> {
    const qs = await s.app.db.query<{ id: number; type: string }>(
      "SELECT id, type FROM survey_questions WHERE survey_id = ? ORDER BY position",
      [survey],
    );
    for (let u = 1; u <= users; u++) {
      const user = { platform: "slack" as const, id: `U${u}` };
      for (const q of qs) {
        if (q.type === "text") continue;
        await s.click(
          "survey.answer",
          `${survey}:${q.id}:${q.type === "csat" ? (u % 5) + 1 : u % 2}`,
          user,
          new Date(`2026-11-16T10:${String(minute + u).padStart(2, "0")}:17Z`),
        );
      }
    }
  }

  beforeAll(async () => {
    s = await surveyTestApp(provider, { start: "2026-11-16T09:00:00Z" });
    env = { DATABASE_URL: s.database.url, KPIBOT_SECRET: SECRET, KPIBOT_TIMEZONE: "Europe/Paris" };
    await s.say('survey new "Anon" csat "Q1" yesno "Solved?" comment');
    await s.say('survey new "Named" csat "Q1" named');
    await s.say('survey new "Small" csat "Q1"');
    const rows = await s.app.db.query<{ id: number }>("SELECT id FROM surveys ORDER BY id");
    [ids.anonymous, ids.named, ids.small] = rows.map((r) => Number(r.id)) as [number, number, number];
    await answerAll(ids.anonymous, 6, 0);
    await s.say(`survey comment ${ids.anonymous} Great, thanks`, { platform: "slack", id: "U2" });
    await answerAll(ids.named, 2, 20);
    await answerAll(ids.small, 4, 40);
  });
  afterAll(async () => s.close());

  it("anonymous: no identity, pseudonyms, days only", async () => {
    const r = await kpibot(env, "survey", "export", String(ids.anonymous));
    expect(r.code).toBe(0);
    for (let u = 1; u <= 6; u++) expect(r.stdout).not.toContain(`U${u}`);
    expect(r.stdout).not.toMatch(/[0-9a-f]{64}/); // no respondent hash either
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      "survey_id",
      "survey_title",
      "respondent",
      "question_position",
      "question_type",
      "question",
      "service",
      "score",
      "comment",
      "answered",
      "ticket_id",
    ]);
    // 6 people × 2 scored questions + 1 comment.
    expect(rows).toHaveLength(13);
    expect(new Set(rows.map((x) => x.respondent))).toEqual(new Set(["R1", "R2", "R3", "R4", "R5", "R6"]));
    expect(new Set(rows.map((x) => x.answered))).toEqual(new Set(["2026-11-16"]));
    expect(rows.filter((x) => x.comment !== "").map((x) => [x.question_type, x.comment])).toEqual([
      ["text", "Great, thanks"],
    ]);
    // Each pseudonym groups one person's answers: the comment's author also gave two scores.
    const author = rows.find((x) => x.comment !== "")?.respondent;
    expect(rows.filter((x) => x.respondent === author)).toHaveLength(3);
  });

  it("named: users and exact times", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpibot-export-"));
    try {
      const file = join(dir, "named.csv");
      const r = await kpibot(env, "survey", "export", String(ids.named), "--output", file);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("2 answers from 2 respondents");
      const rows = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
      expect(rows.map((x) => [x.respondent, x.score, x.answered])).toEqual([
        ["slack:U1", "2", "2026-11-16T11:21:17+01:00"],
        ["slack:U2", "3", "2026-11-16T11:22:17+01:00"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("anonymous with fewer than 5 respondents: refused; unknown survey: usage error", async () => {
    const small = await kpibot(env, "survey", "export", String(ids.small));
    expect(small.code).toBe(1);
    expect(small.stderr).toContain("has 4 respondent(s): exports start at 5");
    expect(small.stdout).toBe("");
    const unknown = await kpibot(env, "survey", "export", "424242");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("there is no survey #424242");
    expect((await kpibot(env, "survey", "export", "abc")).code).toBe(2);
  });

  it("exports are audited", async () => {
    const entries = await s.app.repos.audit.recent(20);
    expect(entries.filter((e) => e.action === "survey.export").map((e) => e.target)).toContain(
      `survey:${ids.anonymous}`,
    );
  });
});
