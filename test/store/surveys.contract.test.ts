import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AnswerInput, Repositories, SurveyDefinition } from "../../src/store/repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const at = (iso: string) => new Date(iso);

const definition = (over: Partial<SurveyDefinition> = {}): SurveyDefinition => ({
  title: "Pulse",
  audience: "users",
  anonymous: false,
  resultsVisibility: "live",
  opensAt: at("2026-11-02T08:00:00Z"),
  closesAt: null,
  recurrence: null,
  reminderAt: null,
  locale: "fr",
  createdBy: "slack:U1",
  conversationRefId: null,
  questions: [
    { type: "csat", prompt: "How was it?" },
    { type: "yes_no", prompt: "Do you know the VPN?", service: "VPN" },
    { type: "text", prompt: "Anything else?" },
  ],
  ...over,
});

// Surveys, answers, deliveries and ticket surveys: one contract on both databases.
describe.each(await testProviders())("survey repositories on %s", (provider) => {
  let t: TestApp;
  let repos: Repositories;
  beforeAll(async () => {
    t = await createTestApp(provider);
    repos = t.app.repos;
  });
  afterAll(async () => t.close());

  const create = async (over: Partial<SurveyDefinition> = {}, now = at("2026-11-02T08:00:00.500Z")) => {
    const s = await repos.surveys.create(definition(over), now);
    if (!s) throw new Error("not created");
    return s;
  };
  const answer = (over: Partial<AnswerInput> & Pick<AnswerInput, "surveyId" | "questionId" | "respondentKey">) =>
    repos.surveyAnswers.upsert(
      {
        userId: null,
        score: null,
        text: null,
        ticketId: null,
        answeredAt: at("2026-11-03T10:00:00Z"),
        clickOrder: 1,
        ...over,
      },
      at("2026-11-03T10:00:00Z"),
    );

  it("surveys: created open with its questions in order, read back whole; unknown ids read as null", async () => {
    const s = await create({ closesAt: at("2026-11-09T08:00:00Z"), reminderAt: at("2026-11-06T08:00:00Z") });
    expect(s).toEqual({
      id: s.id,
      title: "Pulse",
      kind: "standard",
      audience: "users",
      anonymous: false,
      status: "open",
      resultsVisibility: "live",
      opensAt: at("2026-11-02T08:00:00Z"),
      closesAt: at("2026-11-09T08:00:00Z"),
      closedAt: null,
      recurrence: null,
      reminderAt: at("2026-11-06T08:00:00Z"),
      remindedAt: null,
      parentId: null,
      locale: "fr",
      createdBy: "slack:U1",
      conversationRefId: null,
      createdAt: at("2026-11-02T08:00:00.500Z"),
      questions: [
        { id: expect.any(Number), position: 1, type: "csat", prompt: "How was it?" },
        { id: expect.any(Number), position: 2, type: "yes_no", prompt: "Do you know the VPN?", service: "VPN" },
        { id: expect.any(Number), position: 3, type: "text", prompt: "Anything else?" },
      ],
    });
    expect(await repos.surveys.get(s.id)).toEqual(s);
    expect(await repos.surveys.get(999_999)).toBeNull();
    expect(await repos.surveys.isAnonymous(s.id)).toBe(false);
    expect(await repos.surveys.isAnonymous((await create({ anonymous: true })).id)).toBe(true);
    expect(await repos.surveys.isAnonymous(999_999)).toBe(false);
    // An id not found is not remembered as "not anonymous": the next survey created may take it.
    const next = Number((await t.app.db.query<{ m: unknown }>("SELECT MAX(id) AS m FROM surveys"))[0]?.m) + 1;
    expect(await repos.surveys.isAnonymous(next)).toBe(false);
    expect((await create({ anonymous: true })).id).toBe(next);
    expect(await repos.surveys.isAnonymous(next)).toBe(true);
  });

  it("surveys: a recurrence is created once per parent (the second creation returns null, with no questions left)", async () => {
    const parent = await create({ recurrence: "weekly" });
    const child = await create({ parentId: parent.id });
    expect(child.parentId).toBe(parent.id);
    expect(
      await repos.surveys.create(definition({ parentId: parent.id, title: "Twin" }), at("2026-11-09T08:00:00Z")),
    ).toBeNull();
    const [orphans] = await t.app.db.query<{ n: unknown }>(
      "SELECT COUNT(*) AS n FROM survey_questions q LEFT JOIN surveys s ON s.id = q.survey_id WHERE s.id IS NULL",
    );
    expect(Number(orphans?.n)).toBe(0);
  });

  it("surveys: close, reopen and the one reminder are compare-and-set; stopping a series clears its recurrence", async () => {
    const s = await create({ recurrence: "monthly" });
    expect(await repos.surveys.reopen(s.id, null)).toBe(false);
    expect(await repos.surveys.close(s.id, at("2026-11-04T00:00:00Z"))).toBe(true);
    expect(await repos.surveys.close(s.id, at("2026-11-05T00:00:00Z"))).toBe(false);
    expect(await repos.surveys.get(s.id)).toMatchObject({ status: "closed", closedAt: at("2026-11-04T00:00:00Z") });
    expect(await repos.surveys.claimReminder(s.id, at("2026-11-04T01:00:00Z"))).toBe(false);
    expect(await repos.surveys.reopen(s.id, at("2026-11-20T00:00:00Z"))).toBe(true);
    expect(await repos.surveys.get(s.id)).toMatchObject({
      status: "open",
      closedAt: null,
      closesAt: at("2026-11-20T00:00:00Z"),
    });
    const claims = await Promise.all(
      [1, 2, 3].map(() => repos.surveys.claimReminder(s.id, at("2026-11-05T00:00:00Z"))),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await repos.surveys.get(s.id))?.remindedAt).toEqual(at("2026-11-05T00:00:00Z"));
    await repos.surveys.stopRecurrence(s.id);
    expect((await repos.surveys.get(s.id))?.recurrence).toBeNull();
  });

  it("surveys: the clicks reading one survey at once share reads, and none gets a state older than its own call", async () => {
    const s = await create();
    const other = await create({ title: "Other" });
    const queries = vi.spyOn(t.app.db, "query");
    try {
      const reads = await Promise.all([
        ...Array.from({ length: 30 }, () => repos.surveys.get(s.id)),
        repos.surveys.get(other.id),
        repos.surveys.get(999_999),
      ]);
      expect(reads.slice(0, 30).every((r) => r?.id === s.id && r.questions.length === 3)).toBe(true);
      expect(reads[30]?.title).toBe("Other");
      expect(reads[31]).toBeNull();
      const surveyReads = queries.mock.calls.filter(([sql]) => /FROM surveys WHERE id = \?/.test(String(sql))).length;
      // Two reads for the 30 calls on the first survey (the first call's, and the next one, shared by the 29 that
      // came while it ran), one each for the others.
      expect(surveyReads).toBe(4);
    } finally {
      queries.mockRestore();
    }
    // A call made while a read runs waits for a read that starts after it: a close committed in between is seen.
    const running = repos.surveys.get(s.id);
    expect(await repos.surveys.close(s.id, at("2026-11-04T00:00:00Z"))).toBe(true);
    const after = repos.surveys.get(s.id);
    expect((await after)?.status).toBe("closed");
    expect((await running)?.id).toBe(s.id);
  });

  it("surveys: the due lists pick what is due, newest first, with their questions", async () => {
    const now = at("2027-03-01T12:00:00Z");
    const early = at("2027-03-01T11:00:00Z");
    const late = at("2027-03-01T13:00:00Z");
    const closing1 = await create({ title: "close-1", closesAt: early });
    const closing2 = await create({ title: "close-2", closesAt: now });
    await create({ title: "not yet", closesAt: late, reminderAt: late });
    const remind = await create({ title: "remind", reminderAt: early });
    const reminded = await create({ title: "reminded", reminderAt: early });
    await repos.surveys.claimReminder(reminded.id, early);
    const repeat = await create({ title: "repeat", recurrence: "weekly", opensAt: early });
    const repeated = await create({ title: "repeated", recurrence: "weekly", opensAt: early });
    await create({ title: "child", parentId: repeated.id, opensAt: now });
    const ticket = await create({ title: "ticket", kind: "ticket", recurrence: "weekly", opensAt: early });
    const closed = await create({ title: "closed", closesAt: early });
    await repos.surveys.close(closed.id, early);

    const titles = (list: { title: string }[]) => list.map((s) => s.title).filter((x) => x !== "Pulse");
    expect(titles(await repos.surveys.dueToClose(now))).toEqual(["close-2", "close-1"]);
    expect((await repos.surveys.dueToClose(now))[0]?.questions).toHaveLength(3);
    expect(titles(await repos.surveys.dueForReminder(now))).toEqual(["remind"]);
    expect(titles(await repos.surveys.dueToRepeat(now))).toEqual(["repeat"]);
    expect(titles(await repos.surveys.openTicketSurveys())).toEqual(["ticket"]);
    expect((await repos.surveys.latestStandard(3)).map((s) => s.id)).toEqual(
      [...(await repos.surveys.latestStandard(100))].slice(0, 3).map((s) => s.id),
    );
    expect((await repos.surveys.latestStandard(100)).map((s) => s.id)).not.toContain(ticket.id);
    expect([closing1.id, closing2.id, remind.id, repeat.id].every((id) => id > 0)).toBe(true);
  });

  it("answers: one per person and question; a later click replaces it, an older one is stale; counts by respondent key", async () => {
    const s = await create();
    const [q1, q2, q3] = s.questions.map((q) => q.id) as [number, number, number];
    expect(await repos.surveyAnswers.stored(q1, "k1")).toBeNull();
    expect(await repos.surveyAnswers.hasAnswered(s.id, "k1")).toBe(false);
    expect(await answer({ surveyId: s.id, questionId: q1, respondentKey: "k1", score: 4, clickOrder: 10 })).toBe(
      "stored",
    );
    expect(await answer({ surveyId: s.id, questionId: q1, respondentKey: "k1", score: 2, clickOrder: 5 })).toBe(
      "stale",
    );
    expect(await answer({ surveyId: s.id, questionId: q1, respondentKey: "k1", score: 5, clickOrder: 10 })).toBe(
      "stored",
    );
    expect(await repos.surveyAnswers.stored(q1, "k1")).toEqual({
      score: 5,
      text: null,
      answeredAt: at("2026-11-03T10:00:00Z"),
    });
    expect(await repos.surveyAnswers.hasAnswered(s.id, "k1")).toBe(true);
    await answer({ surveyId: s.id, questionId: q2, respondentKey: "k1", score: 1 });
    await answer({ surveyId: s.id, questionId: q1, respondentKey: "k2", score: 5 });
    await answer({ surveyId: s.id, questionId: q3, respondentKey: "k2", text: "Merci « bien »" });
    expect(await repos.surveyAnswers.stored(q3, "k2")).toMatchObject({ score: null, text: "Merci « bien »" });
    expect(await repos.surveys.respondentCounts([s.id, 999_999])).toEqual(new Map([[s.id, 2]]));
    expect(await repos.surveys.respondentCounts([])).toEqual(new Map());
  });

  it("answers: score counts, respondents per survey and question (a named user once), group respondents", async () => {
    const s = await create();
    const [q1, q2, q3] = s.questions.map((q) => q.id) as [number, number, number];
    // One named user answering two tickets' surveys under two keys counts once.
    await answer({ surveyId: s.id, questionId: q1, respondentKey: "t1", userId: "slack:U9", score: 5 });
    await answer({ surveyId: s.id, questionId: q1, respondentKey: "t2", userId: "slack:U9", score: 5 });
    await answer({ surveyId: s.id, questionId: q1, respondentKey: "a", score: 3 });
    await answer({ surveyId: s.id, questionId: q2, respondentKey: "a", score: 1 });
    await answer({ surveyId: s.id, questionId: q3, respondentKey: "b", text: "ok" });
    const counts = await repos.surveyAnswers.scoreCounts(s.id);
    expect(counts.sort((x, y) => x.questionId - y.questionId || (x.score ?? -1) - (y.score ?? -1))).toEqual([
      { questionId: q1, score: 3, n: 1 },
      { questionId: q1, score: 5, n: 2 },
      { questionId: q2, score: 1, n: 1 },
      { questionId: q3, score: null, n: 1 },
    ]);
    expect(await repos.surveyAnswers.respondents(s.id)).toEqual({
      total: 3,
      perQuestion: new Map([
        [q1, 2],
        [q2, 1],
        [q3, 1],
      ]),
    });
    const groups = await repos.surveyAnswers.groupRespondents(
      s.id,
      new Map([
        ["satisfaction", [q1, q2]],
        ["comments", [q3]],
      ]),
    );
    // Text answers carry no score: a group of text questions has no respondents.
    expect(groups).toEqual(
      new Map([
        ["satisfaction", 2],
        ["comments", 0],
      ]),
    );
    expect(await repos.surveyAnswers.groupRespondents(s.id, new Map())).toEqual(new Map());
    await expect(repos.surveyAnswers.groupRespondents(s.id, new Map([["x' OR 1=1 --", [q1]]]))).rejects.toThrow();
    expect(await repos.surveyAnswers.respondents(999_999)).toEqual({ total: 0, perQuestion: new Map() });
  });

  it("answers: export rows by respondent key then question position, nulls kept", async () => {
    const s = await create();
    const [q1, , q3] = s.questions.map((q) => q.id) as [number, number, number];
    await answer({ surveyId: s.id, questionId: q3, respondentKey: "b", text: "hello" });
    await answer({
      surveyId: s.id,
      questionId: q1,
      respondentKey: "b",
      score: 4,
      userId: "teams:29:x",
      ticketId: null,
    });
    await answer({ surveyId: s.id, questionId: q1, respondentKey: "a", score: 2 });
    const rows = await repos.surveyAnswers.exportRows(s.id);
    expect(rows.map((r) => [r.respondentKey, r.position])).toEqual([
      ["a", 1],
      ["b", 1],
      ["b", 3],
    ]);
    expect(rows[1]).toEqual({
      respondentKey: "b",
      userId: "teams:29:x",
      score: 4,
      text: null,
      answeredAt: at("2026-11-03T10:00:00Z"),
      ticketId: null,
      position: 1,
      type: "csat",
      prompt: "How was it?",
      service: null,
    });
    expect(rows[2]).toMatchObject({ score: null, text: "hello", type: "text" });
  });

  it("deliveries: channel posts repeat; a direct message is claimed once per person, again only after a failure", async () => {
    const s = await create();
    const ref = await repos.conversations.save({ platform: "slack", conversationId: "C-SURV" });
    await repos.surveyDeliveries.recordPost({
      surveyId: s.id,
      conversationRefId: ref,
      platform: "slack",
      messageId: "1.1",
      sentAt: at("2026-11-02T09:00:00Z"),
    });
    await repos.surveyDeliveries.recordPost({
      surveyId: s.id,
      conversationRefId: ref,
      platform: "slack",
      messageId: "1.2",
      sentAt: at("2026-11-02T09:01:00Z"),
    });
    const now = at("2026-11-02T10:00:00Z");
    expect(await repos.surveyDeliveries.claimDirect(s.id, "slack", "U1", now)).toBe(true);
    expect(await repos.surveyDeliveries.claimDirect(s.id, "slack", "U1", now)).toBe(false);
    expect(await repos.surveyDeliveries.claimDirect(s.id, "teams", "U1", now)).toBe(true);
    await repos.surveyDeliveries.markDirect(s.id, "teams", "U1", "failed", { error: "no chat" });
    expect(await repos.surveyDeliveries.claimDirect(s.id, "teams", "U1", now)).toBe(true);
    await repos.surveyDeliveries.markDirect(s.id, "slack", "U1", "sent", { refId: ref, messageId: "9.9" });
    expect(await repos.surveyDeliveries.claimDirect(s.id, "slack", "U1", now)).toBe(false);
    expect(await repos.surveyDeliveries.list(s.id)).toEqual([
      { kind: "channel", platform: "slack", userId: null, conversationRefId: ref, messageId: "1.1", status: "sent" },
      { kind: "channel", platform: "slack", userId: null, conversationRefId: ref, messageId: "1.2", status: "sent" },
      { kind: "direct", platform: "slack", userId: "U1", conversationRefId: ref, messageId: "9.9", status: "sent" },
      { kind: "direct", platform: "teams", userId: "U1", conversationRefId: null, messageId: null, status: "sending" },
    ]);
    // Only direct messages that went out count as recipients.
    expect(await repos.surveyDeliveries.recipientCount(s.id)).toBe(1);
    expect(await repos.surveyDeliveries.list(999_999)).toEqual([]);
  });

  it("ticket surveys: tickets read by id, one survey per ticket, who it was sent to and when", async () => {
    const s = await create({ kind: "ticket" });
    await t.app.db.execute(
      `INSERT INTO tickets (external_id, kind, title, requester, requester_email, opened_at, resolved_at, support_level, reopen_count, automated)
       VALUES (?, 'incident', ?, ?, ?, ?, ?, 1, 0, ?), (?, 'incident', NULL, NULL, NULL, ?, NULL, 1, 0, ?)`,
      [
        "INC-1",
        "Printer",
        "ana@example.org",
        null,
        at("2026-11-01T08:00:00Z"),
        at("2026-11-01T09:00:00Z"),
        false,
        "INC-2",
        at("2026-11-01T08:00:00Z"),
        false,
      ],
    );
    const ids = (await t.app.db.query<{ id: unknown }>("SELECT id FROM tickets ORDER BY id")).map((r) => Number(r.id));
    const tickets = await repos.ticketSurveys.tickets([...ids, 999_999]);
    expect(tickets.sort((a, b) => a.id - b.id)).toEqual([
      {
        id: ids[0],
        externalId: "INC-1",
        title: "Printer",
        requester: "ana@example.org",
        requesterEmail: null,
        resolvedAt: at("2026-11-01T09:00:00Z"),
      },
      { id: ids[1], externalId: "INC-2", title: null, requester: null, requesterEmail: null, resolvedAt: null },
    ]);
    const [first] = ids as [number];
    const now = at("2026-11-02T08:00:00Z");
    expect(await repos.ticketSurveys.claim(first, s.id, "ana@example.org", now)).toBe(true);
    expect(await repos.ticketSurveys.claim(first, s.id, "ana@example.org", now)).toBe(false);
    expect(await repos.ticketSurveys.sentTo(first, s.id, "slack", "UANA")).toBe(false);
    expect(await repos.ticketSurveys.sentSince("ana@example.org", at("2026-11-01T00:00:00Z"))).toBe(false);
    await repos.ticketSurveys.setStatus(first, "sent", { platform: "slack", userId: "UANA" });
    expect(await repos.ticketSurveys.sentTo(first, s.id, "slack", "UANA")).toBe(true);
    expect(await repos.ticketSurveys.sentTo(first, s.id, "teams", "UANA")).toBe(false);
    expect(await repos.ticketSurveys.sentSince("ana@example.org", at("2026-11-01T00:00:00Z"))).toBe(true);
    expect(await repos.ticketSurveys.sentSince("ana@example.org", now)).toBe(false);
    await repos.ticketSurveys.setStatus(first, "failed");
    expect(await repos.ticketSurveys.sentTo(first, s.id, "slack", "UANA")).toBe(false);
  });

  it("imports: the latest survey by title, a closed imported survey, its questions added and read back", async () => {
    expect(await repos.surveyImports.latestByTitle("Imported")).toBeNull();
    const id = await repos.surveyImports.createImported({
      title: "Imported",
      audience: "service_desk",
      anonymous: true,
      opensAt: at("2026-10-01T00:00:00Z"),
      closesAt: at("2026-10-31T00:00:00Z"),
    });
    const again = await repos.surveyImports.createImported({
      title: "Imported",
      audience: "users",
      anonymous: false,
      opensAt: at("2026-10-01T00:00:00Z"),
      closesAt: at("2026-10-31T00:00:00Z"),
    });
    expect(await repos.surveyImports.latestByTitle("Imported")).toEqual({ id: again, anonymous: false });
    expect(await repos.surveys.get(id)).toMatchObject({
      status: "closed",
      audience: "service_desk",
      anonymous: true,
      closedAt: at("2026-10-31T00:00:00Z"),
      createdBy: "import",
    });
    expect(await repos.surveyImports.questionsOf(id)).toEqual([]);
    const q = await repos.surveyImports.addQuestion({
      surveyId: id,
      position: 2,
      type: "nps",
      prompt: "Recommend?",
      service: null,
    });
    await repos.surveyImports.addQuestion({
      surveyId: id,
      position: 1,
      type: "yes_no",
      prompt: "Know it?",
      service: "Mail",
    });
    expect((await repos.surveyImports.questionsOf(id)).sort((a, b) => a.position - b.position)).toEqual([
      { id: expect.any(Number), position: 1, type: "yes_no", prompt: "Know it?" },
      { id: q, position: 2, type: "nps", prompt: "Recommend?" },
    ]);
    expect((await repos.surveys.get(id))?.questions.map((x) => x.service ?? null)).toEqual(["Mail", null]);
  });

  it("surveys: an id given again after the surveys were emptied (seed --reset, another process) is read anew", async () => {
    const other = await createTestApp(provider);
    try {
      const r = other.app.repos;
      const named = await r.surveys.create(definition({ anonymous: false }), at("2026-11-02T08:00:00Z"));
      if (!named) throw new Error("not created");
      expect(await r.surveys.isAnonymous(named.id)).toBe(false);
      expect((await r.surveys.get(named.id))?.questions).toHaveLength(3);
      // What `kpibot seed --reset` does to the tables, behind this process's back.
      if (provider === "postgresql") await other.app.db.execute("TRUNCATE surveys RESTART IDENTITY CASCADE");
      else {
        await other.app.db.execute("DELETE FROM survey_questions");
        await other.app.db.execute("DELETE FROM surveys");
        await other.app.db.execute("DELETE FROM sqlite_sequence WHERE name IN ('surveys', 'survey_questions')");
      }
      const again = await r.surveys.create(
        definition({
          anonymous: true,
          // As many questions as the first one had: the count alone cannot tell them apart.
          questions: [
            { type: "nps", prompt: "Recommend us?" },
            { type: "csat", prompt: "The desk?" },
            { type: "text", prompt: "Why?" },
          ],
        }),
        at("2026-11-03T08:00:00Z"),
      );
      expect(again?.id).toBe(named.id);
      expect(await r.surveys.isAnonymous(named.id)).toBe(true);
      expect((await r.surveys.get(named.id))?.questions.map((q) => q.prompt)).toEqual([
        "Recommend us?",
        "The desk?",
        "Why?",
      ]);
    } finally {
      await other.close();
    }
  });
});
