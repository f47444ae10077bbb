/**
 * Issue 16 items 4 and 7: `fcr last month tickets` (French too), the "Tickets" button and the "Export" button —
 * the tickets behind a number, linked to the ITSM tool by links kpibot builds, exported as CSV through a signed
 * download link, with the who-sees-what rule on assignees. SQLite and PostgreSQL.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMatrix } from "../../adapters/matrix/render.js";
import { renderPost } from "../../adapters/mattermost/render.js";
import { renderReplyHtml } from "../../adapters/playground/render-html.js";
import { renderReply as renderSlack } from "../../adapters/slack/render/blocks.js";
import { renderAdaptiveCard } from "../../adapters/teams/render/card.js";
import { executeInteraction, type Outcome } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import { exportRoutes } from "../../src/http/exports.js";
import { createHttp } from "../../src/http/server.js";
import { renderText } from "../../src/reply/render-text.js";
import type { Reply, ReplyFile } from "../../src/reply/types.js";
import { readExportLink } from "../../src/rows/export-link.js";
import { ask, clicked } from "../commands/helpers.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { insertTickets } from "../kpi/fixtures.js";

const SECRET = "export-secret-0123456789abcdef";
const TICKET_URL = "https://glpi.example.org/front/ticket.form.php?id={id}";
// An id a data source could send: it must never become a link of its own, nor break kpibot's.
const HOSTILE = "INC) [x](javascript:alert(1)) <https://evil.example|y> *z*";
const plain = (s: string) => s.replace(/\s+/g, " ");
const textOf = (o: Outcome) => plain(renderText(o.reply));

describe.each(await testProviders())("the tickets behind a number, in the chat (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      // Thursday 3 Dec 2026, 15:20 in Paris: "last month" is November, over.
      clock: fixedClock(new Date("2026-12-03T14:20:00Z")),
      env: {
        KPIBOT_TIMEZONE: "Europe/Paris",
        KPIBOT_TICKET_URL: TICKET_URL,
        KPIBOT_SECRET: SECRET,
        KPIBOT_PUBLIC_URL: "https://kpibot.example.org",
        KPIBOT_ADMINS: "slack:UADMIN",
        KPIBOT_SEED_DEMO: "false",
      },
    });
    await insertTickets(t.app.db, [
      { id: "A1", opened: "2026-11-02T08:00:00Z", resolved: "2026-11-02T09:00:00Z", fcr: true, group: "N1" },
      { id: "A2", opened: "2026-11-03T08:00:00Z", resolved: "2026-11-03T09:00:00Z", fcr: false, group: "N1" },
      { id: HOSTILE, opened: "2026-11-04T08:00:00Z", resolved: "2026-11-04T09:00:00Z", fcr: false, group: "N2" },
      { id: "A4", opened: "2026-11-05T08:00:00Z", resolved: "2026-11-05T09:00:00Z", fcr: true, group: "N2" },
      { id: "A5", opened: "2026-12-01T08:00:00Z", resolved: "2026-12-01T09:00:00Z", fcr: false, group: "N1" },
    ]);
    await t.app.db.execute("UPDATE tickets SET assignee = 'Alice Martin', title = ? WHERE external_id = 'A2'", [
      '=HYPERLINK("https://evil.example","click")',
    ]);
    await t.app.repos.users.setRole("slack", "UMGR", "manager");
  });
  afterAll(async () => t?.close());

  const listOf = (r: Reply) => r.blocks.find((b) => b.type === "list");
  const fileOf = (r: Reply): ReplyFile => {
    const block = r.blocks.find((b) => b.type === "file");
    if (block?.type !== "file") throw new Error("no file block");
    return block.file;
  };

  it("`fcr last month tickets`: how many make the number, the 2 against it first, each linked to GLPI", async () => {
    const o = await ask(t.app, "fcr last month tickets", { user: "UMGR" });
    expect(o.kind).toBe("reply");
    const text = textOf(o);
    expect(text).toContain("First contact resolution — November 2026: the tickets");
    expect(text).toContain(
      "4 tickets resolved in November 2026 make this number; 2 count against it (not resolved at first contact).",
    );
    expect(text).toContain("The first 4, those against it first:");
    const list = listOf(o.reply);
    if (list?.type !== "list") throw new Error("no list");
    expect(list.items.map((i) => i.link?.label)).toEqual(["A2", HOSTILE, "A1", "A4"]);
    expect(list.items[0]?.link?.url).toBe("https://glpi.example.org/front/ticket.form.php?id=A2");
    // The hostile id is percent-encoded into the template: nothing in it ends or starts a link.
    expect(list.items[1]?.link?.url).toBe(
      "https://glpi.example.org/front/ticket.form.php?id=INC%29%20%5Bx%5D%28javascript%3Aalert%281%29%29%20%3Chttps%3A%2F%2Fevil.example%7Cy%3E%20%2Az%2A",
    );
    // A manager sees the assignee; the title is shown as typed, never as a formula or markup.
    expect(list.items[0]?.text).toContain("⛔ · resolved 3 Nov 2026, 10:00 · N1 · 👤 Alice Martin");
    const actions = o.reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
    expect(actions).toEqual([
      { actionId: "kpi.export", label: "Export (CSV)", value: "fcr 2026-11 export", style: "primary" },
    ]);
  });

  it("in French, `fcr mois dernier tickets`; a viewer sees no assignee, and is told why", async () => {
    const o = await ask(t.app, "fcr mois dernier tickets", { user: "UVIEW" });
    const text = textOf(o);
    expect(o.reply.locale).toBe("fr");
    expect(text).toContain("Résolution au premier contact — novembre 2026 : les tickets");
    expect(text).toContain(
      "4 tickets résolus en novembre 2026 font ce chiffre ; 2 comptent contre lui (non résolus au premier contact).",
    );
    expect(text).not.toContain("Alice");
    expect(text).toContain("Les personnes assignées ne sont montrées qu'aux rôles");
    // Filtering on one assignee is per-person: refused to a viewer, as for the number itself.
    expect((await ask(t.app, "fcr last month for assignee=Alice tickets", { user: "UVIEW" })).kind).toBe("denied");
  });

  it("the Tickets button of an answer runs the list of the same span and filters", async () => {
    const answer = await ask(t.app, "fcr last month for group=N1", { user: "UMGR" });
    const button = answer.reply.blocks
      .flatMap((b) => (b.type === "actions" ? b.actions : []))
      .find((a) => a.actionId === "kpi.rows");
    expect(button?.value).toBe("fcr 2026-11 for group=N1 tickets");
    const o = await executeInteraction(t.app, clicked("kpi.rows", button?.value ?? "", { user: "UMGR" }));
    expect(textOf(o)).toContain("2 tickets resolved in November 2026 make this number; 1 count against it");
    expect(listOf(o.reply)).toMatchObject({ items: [{ link: { label: "A2" } }, { link: { label: "A1" } }] });
  });

  it("a KPI not made of tickets has no rows: it says which KPIs do", async () => {
    const o = await ask(t.app, "budget last month tickets", { user: "UADMIN" });
    expect(textOf(o)).toContain("Budget consumption is not made of tickets");
    expect(textOf(o)).toContain("`fcr`");
  });

  it("Export: a signed link to every row as CSV, spreadsheet-safe, assignee only for who may see it", async () => {
    const http = createHttp(t.app, [exportRoutes({ secret: SECRET })]);
    const get = (url: string) => http.request(url.replace("https://kpibot.example.org", ""));
    const manager = await executeInteraction(t.app, clicked("kpi.export", "fcr 2026-11 export", { user: "UMGR" }));
    const file = fileOf(manager.reply);
    expect(file).toMatchObject({ name: "fcr-2026-11.csv", rows: 4 });
    expect(file.url).toMatch(/^https:\/\/kpibot\.example\.org\/exports\/[A-Za-z0-9_-]+\.csv\?exp=\d+&sig=/);
    // The link tells nothing of what it exports: its token is encrypted (nor deflated plain text, nor JSON).
    const sealed = Buffer.from(/\/exports\/([^.]+)\.csv/.exec(file.url ?? "")?.[1] ?? "", "base64url");
    expect(sealed.length).toBeGreaterThan(28);
    for (const word of ["fcr", "ticket-rows", "assignee", "Europe"]) expect(sealed.includes(word)).toBe(false);
    const res = await get(file.url ?? "");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="fcr-2026-11.csv"');
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    // The same tickets as the number: independent of the list above, every one resolved in November.
    const independent = await t.app.db.query<{ external_id: string }>(
      "SELECT external_id FROM tickets WHERE resolved_at >= ? AND resolved_at < ? ORDER BY external_id",
      [new Date("2026-10-31T23:00:00Z"), new Date("2026-11-30T23:00:00Z")],
    );
    expect(rows.map((r) => r.ticket_id).sort()).toEqual(independent.map((r) => r.external_id).sort());
    const a2 = rows.find((r) => r.ticket_id === "A2");
    expect(a2).toMatchObject({
      counts_against: "true",
      assignee: "Alice Martin",
      resolved_at: "2026-11-03T10:00:00+01:00",
      url: "https://glpi.example.org/front/ticket.form.php?id=A2",
    });
    // A title that a spreadsheet would run as a formula is written as text.
    expect(a2?.title).toBe('\'=HYPERLINK("https://evil.example","click")');
    // A viewer's export has no assignee column at all.
    const viewer = await executeInteraction(t.app, clicked("kpi.export", "fcr 2026-11 export", { user: "UVIEW" }));
    const theirs = await (await get(fileOf(viewer.reply).url ?? "")).text();
    expect(theirs.split("\n")[0]).not.toContain("assignee");
    expect(theirs).not.toContain("Alice");
    // A link changed by hand is refused; the signature covers the expiry too.
    const url = new URL(file.url ?? "");
    const forged = `${url.pathname}?exp=${Number(url.searchParams.get("exp")) + 3600}&sig=${url.searchParams.get("sig")}`;
    expect((await http.request(forged)).status).toBe(403);
    expect((await http.request(`${url.pathname}?exp=${url.searchParams.get("exp")}&sig=AAAA`)).status).toBe(403);
    // The link works for 24 hours, then says it has expired.
    const token = /\/exports\/([^.]+)\.csv/.exec(url.pathname)?.[1] ?? "";
    const at = (hours: number) => new Date(new Date("2026-12-03T14:20:00Z").getTime() + hours * 3600_000);
    const exp = url.searchParams.get("exp") ?? undefined;
    const sig = url.searchParams.get("sig") ?? undefined;
    expect(readExportLink(SECRET, token, exp, sig, at(23.9))).toMatchObject({ ok: true, spec: { kpi: "fcr" } });
    expect(readExportLink(SECRET, token, exp, sig, at(24.1))).toEqual({ ok: false, status: 410 });
    // Another secret (another deployment) cannot read it.
    expect(readExportLink("another-secret-0123456789abcd", token, exp, sig, at(1))).toEqual({ ok: false, status: 403 });
  });

  it("renders the list on every surface with kpibot's links only, the ids as text", async () => {
    const o = await ask(t.app, "fcr last month tickets", { user: "UMGR" });
    const slack = JSON.stringify(renderSlack(o.reply).blocks);
    expect(slack).toContain("<https://glpi.example.org/front/ticket.form.php?id=A2|A2>");
    // The hostile id is the label of kpibot's link, its < > & escaped: no other link can start.
    expect(slack).toContain("|INC) [x](javascript:alert(1)) &lt;https://evil.example|y&gt; *z*>");
    expect(slack.match(/<https?:/g)).toHaveLength(4);
    const card = JSON.stringify(renderAdaptiveCard(o.reply).card);
    expect(card).toContain("[A2](https://glpi.example.org/front/ticket.form.php?id=A2)");
    expect(card).not.toContain("](javascript");
    const post = renderPost(o.reply).message;
    expect(post).toContain("[A2](https://glpi.example.org/front/ticket.form.php?id=A2)");
    expect(post.match(/\]\(/g)).toHaveLength(4);
    const matrix = renderMatrix(o.reply, () => "").html;
    expect(matrix.match(/<a href=/g)).toHaveLength(4);
    expect(matrix).not.toContain('href="javascript');
    const html = renderReplyHtml(o.reply);
    expect(html.match(/<a href=/g)).toHaveLength(4);
    expect(html).toContain("INC) [x](javascript:alert(1)) &lt;https://evil.example|y&gt; *z*</a>");
  });
});
