import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSurfaces } from "../../adapters/surfaces.js";
import { executeInteraction } from "../../src/commands/index.js";
import { renderText } from "../../src/reply/render-text.js";
import { onTicketsResolved } from "../../src/surveys/index.js";
import { movableClock } from "../digests/helpers.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { type FakeMattermost, startFakeMattermost } from "../mattermost/fake-mattermost.js";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.js";

const NOW = new Date("2026-11-16T09:00:00Z");

/**
 * Issue 18 item 4: a requester who never talked to kpibot still gets the one-question survey, found by address on
 * the platforms that let a bot look one up — Slack (users.lookupByEmail) and Mattermost (users/email) — through
 * the real adapters against recording fakes of their APIs.
 */
describe.each(await testProviders())("ticket surveys reach requesters by e-mail (%s)", (provider) => {
  let t: TestApp;
  let slack: FakeSlack;
  let mm: FakeMattermost;
  let seq = 0;

  async function resolvedTicket(email: string): Promise<number> {
    seq += 1;
    const rows = await t.app.db.query<{ id: number }>(
      `INSERT INTO tickets (source, external_id, kind, title, requester_email, opened_at, resolved_at, created_at, updated_at)
       VALUES ('webhook', ?, 'incident', 'Printer jam', ?, ?, ?, ?, ?) RETURNING id`,
      [`INC-${seq}`, email, new Date(NOW.getTime() - 5 * 3_600_000), new Date(NOW.getTime() - 3_600_000), NOW, NOW],
    );
    return Number(rows[0]?.id);
  }

  beforeAll(async () => {
    slack = await startFakeSlack();
    mm = await startFakeMattermost();
    t = await createTestApp(provider, {
      clock: movableClock(NOW),
      env: {
        KPIBOT_TICKET_SURVEYS: "on",
        KPIBOT_SECRET: "ticket-requesters-secret-0123456789",
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
        SLACK_API_URL: slack.apiUrl,
        MATTERMOST_URL: mm.url,
        MATTERMOST_BOT_TOKEN: mm.token,
        KPIBOT_ADMINS: "slack:UADMIN",
      },
    });
    Object.assign(t.app.messengers, buildSurfaces(t.app).messengers);
    slack.emails.set("dana@acme.example", "U0DANA");
    mm.users.set("mmerin", { id: "mmerin", username: "erin", email: "erin@acme.example", locale: "fr" });
  });
  afterAll(async () => {
    await t.close();
    await slack.close();
    await mm.close();
  });

  it("finds each requester where they are, DMs them once, and reports who could not be found", async () => {
    const dana = await resolvedTicket("Dana@Acme.example");
    const erin = await resolvedTicket("erin@acme.example");
    const frank = await resolvedTicket("frank@acme.example");
    const report = await onTicketsResolved(t.app, [dana, erin, frank], t.app.messengers);
    expect(report).toMatchObject({ sent: 2, unmapped: 1, failed: 0 });
    // Dana, a Slack member: the survey in a DM (posted to her user id, Slack's DM channel answers).
    const danaPost = slack.callsOf("chat.postMessage").find((c) => c.args.channel === "U0DANA");
    expect(danaPost).toBeDefined();
    expect(JSON.stringify(danaPost?.args.blocks)).toMatch(/INC-\d/);
    // Erin, on Mattermost only: a direct channel with the bot, and the card posted there.
    expect(mm.calls.some((c) => c.path === "/api/v4/channels/direct")).toBe(true);
    expect(mm.posts.map((p) => p.channel_id)).toEqual(["dm_botuser_mmerin"]);
    // Looked up, not recorded: nobody who never talked to kpibot gets a chat_users row.
    expect(await t.app.repos.users.findByEmail("dana@acme.example")).toEqual([]);
    // The admin's survey list says it too.
    const list = await executeInteraction(t.app, {
      kind: "command",
      text: "survey list",
      user: { platform: "slack", id: "UADMIN" },
      conversation: { platform: "slack", conversationId: "C1" },
    });
    expect(renderText(list.reply)).toContain("Ticket surveys, last 30 days: 2 sent · 1 not sent (no requester e-mail");
  });

  it("remembers an address looked up (Slack's rate tier) and who is nowhere", async () => {
    const before = slack.callsOf("users.lookupByEmail").length;
    // A week later (the once-a-week rule), another of Dana's tickets and another of Frank's.
    (t.app.clock as ReturnType<typeof movableClock>).set(new Date(NOW.getTime() + 8 * 24 * 3_600_000));
    const report = await onTicketsResolved(
      t.app,
      [await resolvedTicketAt("dana@acme.example", 8), await resolvedTicketAt("frank@acme.example", 8)],
      t.app.messengers,
    );
    expect(report).toMatchObject({ sent: 1, unmapped: 1 });
    expect(slack.callsOf("users.lookupByEmail").length).toBe(before);
  });

  async function resolvedTicketAt(email: string, days: number): Promise<number> {
    seq += 1;
    const at = new Date(NOW.getTime() + days * 24 * 3_600_000);
    const rows = await t.app.db.query<{ id: number }>(
      `INSERT INTO tickets (source, external_id, kind, title, requester_email, opened_at, resolved_at, created_at, updated_at)
       VALUES ('webhook', ?, 'incident', 'Printer jam', ?, ?, ?, ?, ?) RETURNING id`,
      [`INC-${seq}`, email, new Date(at.getTime() - 5 * 3_600_000), new Date(at.getTime() - 3_600_000), at, at],
    );
    return Number(rows[0]?.id);
  }
});
