import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTickets, TICKET_HEADER } from "../../src/import/tickets.js";
import { onTicketsResolved } from "../../src/surveys/index.js";
import { testProviders } from "../helpers/databases.js";
import {
  buttons,
  type RecordingMessenger,
  recordingMessenger,
  type SurveyTestApp,
  surveyTestApp,
  textOf,
} from "./helpers.js";

const NOW = "2026-11-16T09:00:00Z";
const hoursAgo = (h: number) => new Date(new Date(NOW).getTime() - h * 3_600_000);

describe.each(await testProviders())("ticket satisfaction surveys on %s", (provider) => {
  let s: SurveyTestApp;
  let teams: RecordingMessenger;
  const ids: Record<string, number> = {};

  async function ticket(externalId: string, email: string | null, resolvedHoursAgo: number | null): Promise<number> {
    const rows = await s.app.db.query<{ id: number }>(
      `INSERT INTO tickets (source, external_id, kind, title, requester_email, opened_at, resolved_at, created_at, updated_at)
       VALUES ('csv', ?, 'incident', ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        externalId,
        `VPN down (${externalId})`,
        email,
        hoursAgo(24 * 40),
        resolvedHoursAgo === null ? null : hoursAgo(resolvedHoursAgo),
        hoursAgo(1),
        hoursAgo(1),
      ],
    );
    return Number(rows[0]?.id);
  }

  beforeAll(async () => {
    teams = recordingMessenger();
    s = await surveyTestApp(provider, {
      start: NOW,
      env: { KPIBOT_TICKET_SURVEYS: "on" },
      messengers: (slack) => ({ slack, teams }),
    });
    await s.app.repos.users.touch({
      platform: "slack",
      platformUserId: "U-ANA",
      email: "ana@acme.example",
      locale: "fr-FR",
    });
    await s.app.repos.users.touch({ platform: "teams", platformUserId: "29:ben", email: "ben@acme.example" });
    await s.app.repos.conversations.save({
      platform: "teams",
      conversationId: "a:ben",
      serviceUrl: "https://smba.example/",
      data: { reference: { user: { id: "29:ben" }, conversation: { id: "a:ben", conversationType: "personal" } } },
    });
    ids.ana1 = await ticket("INC-1", "Ana@Acme.example", 2);
    ids.ana2 = await ticket("INC-2", "ana@acme.example", 1);
    ids.ben = await ticket("INC-3", "ben@acme.example", 3);
    ids.carol = await ticket("INC-4", "carol@acme.example", 1);
    ids.old = await ticket("INC-5", "ben@acme.example", 24 * 30);
    ids.noEmail = await ticket("INC-6", null, 1);
  });
  afterAll(async () => s.close());

  it("DMs each mapped requester once per ticket and once a week, and reports every ticket", async () => {
    const all = [ids.ana1, ids.ana2, ids.ben, ids.carol, ids.old, ids.noEmail, 999_999].map(Number);
    const report = await onTicketsResolved(s.app, all, { slack: s.slack, teams });
    // ana: INC-1 sent, INC-2 within the week → skipped; ben INC-3 sent (Teams); carol and no e-mail unmapped;
    // INC-5 resolved a month ago and the unknown id are ignored.
    expect(report).toEqual({ sent: 2, already: 0, recent: 1, unmapped: 2, ignored: 2, failed: 0 });
    expect(s.slack.posts.map((p) => p.ref.conversationId)).toEqual(["U-ANA"]);
    expect(teams.posts.map((p) => p.ref.conversationId)).toEqual(["a:ben"]);
    const ana = s.slack.posts[0]?.reply;
    if (!ana) throw new Error("no DM");
    // In Ana's language, naming her ticket, every button carrying the ticket id.
    expect(textOf(ana)).toContain("Votre ticket INC-1 « VPN down (INC-1) » est résolu");
    expect(textOf(ana)).toContain("Nominative");
    expect(buttons(ana).every((b) => b.value.endsWith(`:${ids.ana1}`))).toBe(true);
    // Once per ticket: the same ids again send nothing.
    const again = await onTicketsResolved(s.app, [Number(ids.ana1), Number(ids.ben)], { slack: s.slack, teams });
    expect(again).toEqual({ sent: 0, already: 2, recent: 0, unmapped: 0, ignored: 0, failed: 0 });
    expect(s.slack.posts).toHaveLength(1);
  });

  it("the answer is linked to the ticket and only the requester can give it", async () => {
    const five = buttons(s.slack.posts[0]?.reply ?? { blocks: [], fallback: "", locale: "en" }).find((b) =>
      b.label.startsWith("5"),
    );
    const stranger = await s.click("survey.answer", five?.value ?? "", { platform: "slack", id: "U-EVE" });
    expect(textOf(stranger)).toContain("sent to someone else");
    const reply = await s.click("survey.answer", five?.value ?? "", { platform: "slack", id: "U-ANA" });
    expect(textOf(reply)).toContain("**5/5**");
    const rows = await s.app.db.query<Record<string, unknown>>("SELECT user_id, ticket_id, score FROM survey_answers");
    expect(rows.map((r) => [r.user_id, Number(r.ticket_id), Number(r.score)])).toEqual([["slack:U-ANA", ids.ana1, 5]]);
    // It feeds the satisfaction KPI like any csat answer: it is counted (n = 1), and, from one respondent, its
    // value is withheld by the anonymity floor (docs/security.md), named survey or not.
    const r = await s.app.kpi.answer({
      kpi: "satisfaction",
      period: {
        start: new Date("2026-11-01T00:00:00+01:00"),
        end: new Date("2026-12-01T00:00:00+01:00"),
        grain: "month",
        label: "2026-11",
      },
    });
    expect(r.n).toBe(1);
    expect(r.value).toBeNull();
    expect(r.anonymity?.value).toBe("too_few");
  });

  it("a week later the same person is asked again", async () => {
    s.clock.set("2026-11-23T10:00:00Z");
    const later = await ticket("INC-7", "ana@acme.example", -24 * 7 - 0.5);
    const report = await onTicketsResolved(s.app, [later], { slack: s.slack, teams });
    expect(report.sent).toBe(1);
  });

  it("does nothing when KPIBOT_TICKET_SURVEYS is off", async () => {
    const off = await surveyTestApp(provider, { start: NOW });
    try {
      const report = await onTicketsResolved(off.app, [1, 2, 3], { slack: off.slack });
      expect(report).toEqual({ sent: 0, already: 0, recent: 0, unmapped: 0, ignored: 0, failed: 0 });
      expect((await off.app.db.query("SELECT id FROM surveys")).length).toBe(0);
    } finally {
      await off.close();
    }
  });

  it("wires into the ticket importer's onResolved (requester given as an e-mail)", async () => {
    s.clock.set("2026-12-10T10:00:00Z");
    // The canonical header; cells not given are empty.
    const line = (cells: Record<string, string>) => TICKET_HEADER.map((h) => cells[h] ?? "").join(",");
    const csv = [
      TICKET_HEADER.join(","),
      line({
        external_id: "IMP-1",
        kind: "incident",
        title: "Printer",
        requester: "ben@acme.example",
        opened_at: "2026-12-09T08:00:00Z",
        resolved_at: "2026-12-10T09:00:00Z",
      }),
      line({ external_id: "IMP-2", kind: "request", title: "Badge", opened_at: "2026-12-09T08:00:00Z" }),
    ].join("\n");
    const before = teams.posts.length;
    const reports: unknown[] = [];
    await importTickets(s.app, Readable.from([csv]), {
      onResolved: async (resolved) => {
        reports.push(await onTicketsResolved(s.app, resolved, { slack: s.slack, teams }));
      },
    });
    expect(reports).toEqual([{ sent: 1, already: 0, recent: 0, unmapped: 0, ignored: 0, failed: 0 }]);
    expect(teams.posts.slice(before).map((p) => p.ref.conversationId)).toEqual(["a:ben"]);
  });
});
