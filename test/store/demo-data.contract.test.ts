import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Column } from "../../src/store/bulk-columns.js";
import type { Repositories } from "../../src/store/repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const SURVEY: Column[] = [
  { name: "title", type: "text" },
  { name: "audience", type: "text" },
  { name: "anonymous", type: "bool" },
  { name: "status", type: "text" },
  { name: "opens_at", type: "instant" },
  { name: "created_by", type: "text" },
];
const QUESTION: Column[] = [
  { name: "survey_id", type: "int" },
  { name: "position", type: "int" },
  { name: "type", type: "text" },
  { name: "prompt", type: "text" },
];
const OPENS = Date.UTC(2026, 9, 1);
const TABLES = ["survey_answers", "survey_questions", "surveys"];

// The demo seed's store: one contract on both databases.
describe.each(await testProviders())("demo data repository on %s", (provider) => {
  let t: TestApp;
  let repos: Repositories;
  beforeAll(async () => {
    t = await createTestApp(provider);
    repos = t.app.repos;
  });
  afterAll(async () => t.close());

  const surveys = (titles: string[], author = "demo") =>
    repos.demo.inTransaction((tx) =>
      tx.writeRows(
        "surveys",
        SURVEY,
        titles.map((title) => [title, "users", false, "closed", OPENS, author]),
      ),
    );

  it("writes in one transaction, reads survey and question ids back; nonEmpty names the tables with rows", async () => {
    expect(await repos.demo.nonEmpty(TABLES)).toEqual([]);
    expect(await surveys(["A", "B"])).toBe(2);
    await surveys(["C"], "someone else");
    const ids = await repos.demo.inTransaction((tx) => tx.surveyIdsBy("demo"));
    expect([...ids.keys()].sort()).toEqual(["A", "B"]);
    const a = ids.get("A") ?? 0;
    const b = ids.get("B") ?? 0;
    const written = await repos.demo.inTransaction((tx) =>
      tx.writeRows("survey_questions", QUESTION, [
        [b, 2, "nps", "Recommend?"],
        [a, 1, "csat", "How was it?"],
        [b, 1, "csat", "How was it?"],
      ]),
    );
    expect(written).toBe(3);
    const questions = await repos.demo.inTransaction((tx) => tx.questionIds());
    expect(questions.get(a)).toHaveLength(1);
    expect(questions.get(b)).toHaveLength(2);
    expect(new Set([...(questions.get(a) ?? []), ...(questions.get(b) ?? [])]).size).toBe(3);
    expect(await repos.demo.nonEmpty(TABLES)).toEqual(["survey_questions", "surveys"]);
  });

  it("a failing transaction writes nothing", async () => {
    const before = (await repos.demo.inTransaction((tx) => tx.surveyIdsBy("rollback"))).size;
    const failed = await repos.demo
      .inTransaction(async (tx) => {
        await tx.writeRows("surveys", SURVEY, [["R", "users", false, "closed", OPENS, "rollback"]]);
        throw new Error("stop");
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((await repos.demo.inTransaction((tx) => tx.surveyIdsBy("rollback"))).size).toBe(before);
  });

  it("reset empties the tables, rows that reference them too, and restarts their ids", async () => {
    const ref = await repos.conversations.save({ platform: "slack", conversationId: "C-DEMO" });
    const [survey] = (await repos.demo.inTransaction((tx) => tx.surveyIdsBy("demo"))).values();
    await t.app.db.execute(
      "INSERT INTO survey_deliveries (survey_id, conversation_ref_id, kind, platform, status, sent_at) VALUES (?, ?, 'channel', 'slack', 'sent', ?)",
      [survey ?? 0, ref, new Date()],
    );
    await repos.demo.reset(TABLES);
    expect(await repos.demo.nonEmpty(TABLES)).toEqual([]);
    const [deliveries] = await t.app.db.query<{ n: unknown }>("SELECT COUNT(*) AS n FROM survey_deliveries");
    expect(Number(deliveries?.n)).toBe(0);
    await surveys(["After reset"]);
    expect([...(await repos.demo.inTransaction((tx) => tx.surveyIdsBy("demo"))).values()]).toEqual([1]);
    // The conversation is not a demo table: it stays.
    expect(await repos.conversations.get(ref)).not.toBeNull();
  });

  it("refuses table names that are not plain identifiers; analyze runs on both databases", async () => {
    await expect(repos.demo.nonEmpty(['surveys" WHERE 1=1 --'])).rejects.toThrow("not a table name");
    await expect(repos.demo.reset(["surveys; DROP TABLE tickets"])).rejects.toThrow("not a table name");
    await expect(repos.demo.analyze(TABLES)).resolves.toBeUndefined();
  });
});
