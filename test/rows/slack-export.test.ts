/**
 * Issue 16 item 4: on Slack, "Export" sends all the rows as a CSV file upload — into the asker's direct messages
 * with kpibot for a private answer (a file in the channel would show everyone what only they should see), into the
 * channel for a shared one. Through the real Slack adapter and core, against the fake Slack API. Both databases.
 */
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleInteraction } from "../../src/commands/index.js";
import { testProviders } from "../helpers/databases.js";
import { insertTickets } from "../kpi/fixtures.js";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.js";
import { CONTENT, type Harness, startHarness } from "../slack/harness.js";
import { commandBody } from "../slack/requests.js";

/** The file part of the multipart body the SDK uploads. */
function csvOf(body: Buffer | undefined): string {
  const text = body?.toString("utf8") ?? "";
  const start = text.indexOf("\r\n\r\n");
  const end = text.lastIndexOf("\r\n--");
  return start < 0 ? text : text.slice(start + 4, end < 0 ? undefined : end);
}

describe.each(await testProviders())("Slack: the export as a file upload (%s)", (provider) => {
  let fake: FakeSlack;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness(provider, {
      fake,
      handle: handleInteraction,
      env: { KPIBOT_TIMEZONE: "Europe/Paris", KPIBOT_SEED_DEMO: "false" },
    });
    // The harness's clock is 15 Nov 2026: October is over.
    await insertTickets(h.test.app.db, [
      { id: "T1", opened: "2026-10-02T08:00:00Z", resolved: "2026-10-02T09:00:00Z", fcr: true },
      { id: "T2", opened: "2026-10-03T08:00:00Z", resolved: "2026-10-03T09:00:00Z", fcr: false },
      { id: "T3", opened: "2026-10-04T08:00:00Z", resolved: "2026-10-04T09:00:00Z", fcr: false },
    ]);
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("a private export goes to the asker's DM with kpibot, and the answer says so", async () => {
    await h.post(commandBody("fcr 2026-10 export", `${fake.responseBase}/e1`), CONTENT.form);
    await h.slack.idle();
    expect(fake.callsOf("conversations.open")[0]?.args.users).toBe("U42");
    const completed = fake.callsOf("files.completeUploadExternal")[0]?.args;
    expect(completed?.channel_id).toBe("D42");
    expect(((completed?.files ?? []) as { title?: string }[])[0]?.title).toBe(
      "First contact resolution — October 2026: export",
    );
    const rows = parse(csvOf(fake.uploads[0]?.bytes), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.ticket_id, r.counts_against])).toEqual([
      ["T2", "true"],
      ["T3", "true"],
      ["T1", "false"],
    ]);
    const sent = fake.responses[0]?.body;
    expect(sent?.response_type).toBe("ephemeral");
    expect(JSON.stringify(sent?.blocks)).toContain(
      "📎 First contact resolution — October 2026: export (3 rows, CSV): sent as a file in your direct messages with kpibot",
    );
  });

  it("a shared export goes to the channel, and no DM is opened", async () => {
    await h.post(commandBody("fcr 2026-10 export share", `${fake.responseBase}/e2`), CONTENT.form);
    await h.slack.idle();
    expect(fake.callsOf("conversations.open")).toEqual([]);
    expect(fake.callsOf("files.completeUploadExternal")[0]?.args.channel_id).toBe("C123");
    expect(fake.responses[0]?.body.response_type).toBe("in_channel");
    expect(JSON.stringify(fake.responses[0]?.body.blocks)).toContain("sent as a file in this conversation");
  });

  it("an upload Slack refuses costs nothing else: the answer says how to get the file", async () => {
    fake.failNext("files.getUploadURLExternal", "not_allowed_token_type");
    await h.post(commandBody("fcr 2026-10 export", `${fake.responseBase}/e3`), CONTENT.form);
    await h.slack.idle();
    // No KPIBOT_SECRET here: no download link either; the answer says what an admin must set.
    expect(JSON.stringify(fake.responses[0]?.body.blocks)).toContain("KPIBOT_PUBLIC_URL, KPIBOT_SECRET");
  });
});
