import { describe, expect, it } from "vitest";
import { renderReplyHtml } from "../../adapters/playground/render-html.js";
import { escapeHtml, markupToHtml } from "../../src/reply/html.js";
import type { ChartSpec, Reply, ReplyBlock } from "../../src/reply/types.js";

const spec: ChartSpec = {
  kind: "trend",
  title: "FCR — last 6 months",
  unit: "percent",
  categories: ["2026-06", "2026-07"],
  series: [{ name: "FCR", values: [70, 72] }],
  locale: "en",
};

function reply(blocks: ReplyBlock[], extra: Partial<Reply> = {}): Reply {
  return { blocks, fallback: "fallback", locale: "en", ...extra };
}

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("markupToHtml (the core's one markup, src/reply/markup.ts)", () => {
  it("renders **bold** and `code`, and shows no literal ** (the survey card bug)", () => {
    const html = markupToHtml("**Satisfaction** survey: `survey results 3`");
    expect(html).toBe("<strong>Satisfaction</strong> survey: <code>survey results 3</code>");
    expect(html).not.toContain("**");
  });

  it("leaves Slack-style single markers as text (they are not the core's markup)", () => {
    expect(markupToHtml("*FCR* is _up_, ~down~, cost_lines_total, 2*3*4")).toBe(
      "*FCR* is _up_, ~down~, cost_lines_total, 2*3*4",
    );
  });

  it("does not format inside code, and escapes it", () => {
    expect(markupToHtml("`**not bold** <b>`")).toBe("<code>**not bold** &lt;b&gt;</code>");
  });

  it("bolds around code, turns newlines into <br>", () => {
    expect(markupToHtml("**`fcr`**\nnext")).toBe("<strong><code>fcr</code></strong><br>next");
  });

  it("never makes a link: reply text has no link syntax, so Slack's <url|label> is shown as typed", () => {
    expect(markupToHtml("<https://example.org/a?b=1&c=2|the docs>")).toBe(
      "&lt;https://example.org/a?b=1&amp;c=2|the docs&gt;",
    );
    expect(markupToHtml("<javascript:alert(1)|x>")).toBe("&lt;javascript:alert(1)|x&gt;");
  });

  it("shows backslash-escaped characters (user text) literally, in code too", () => {
    expect(markupToHtml("\\*\\*not bold\\*\\* \\> no quote")).toBe("**not bold** &gt; no quote");
    expect(markupToHtml("`a\\`b` `C:\\dir`")).toBe("<code>a`b</code> <code>C:\\dir</code>");
  });

  it("escapes raw HTML", () => {
    expect(markupToHtml('<img src=x onerror="alert(1)">')).toBe("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});

describe("renderReplyHtml", () => {
  it("renders every block type", () => {
    const html = renderReplyHtml(
      reply([
        { type: "header", text: "First contact resolution" },
        { type: "text", text: "**72.0 %** last month" },
        {
          type: "fields",
          status: "on_target",
          fields: [
            { label: "Value", value: "72.0 %" },
            { label: "Target", value: "70 %" },
          ],
        },
        { type: "chart", spec, altText: "FCR trend, 70 % then 72 %" },
        {
          type: "actions",
          actions: [{ actionId: "kpi.breakdown", label: "By group", value: "fcr last month by group" }],
        },
        { type: "context", text: "Source: tickets" },
        { type: "divider" },
      ]),
      [{ src: "data:image/png;base64,AAAA", width: 800, height: 400 }],
    );
    expect(html).toBe(
      [
        '<article class="kb-reply" lang="en">',
        '<h3 class="kb-header">First contact resolution</h3>',
        '<div class="kb-text"><strong>72.0 %</strong> last month</div>',
        '<div class="kb-fields kb-status-good" data-status="on_target"><p class="kb-sr">Status: on target</p>',
        '<dl><div class="kb-field"><dt>Value</dt><dd>72.0 %</dd></div><div class="kb-field"><dt>Target</dt><dd>70 %</dd></div></dl></div>',
        '<figure class="kb-chart">',
        '<img src="data:image/png;base64,AAAA" alt="FCR trend, 70 % then 72 %" width="800" height="400"></figure>',
        '<div class="kb-actions" role="group"><button type="button" class="kb-button" data-action-id="kpi.breakdown" data-value="fcr last month by group">By group</button></div>',
        '<div class="kb-context">Source: tickets</div>',
        '<hr class="kb-divider">',
        "</article>",
      ].join(""),
    );
  });

  it("gives each status its colour class", () => {
    const cls = (status: "on_target" | "watch" | "off_target" | "no_target" | "no_data") =>
      renderReplyHtml(reply([{ type: "fields", status, fields: [] }])).match(/kb-fields ([\w-]+)/)?.[1];
    expect(cls("on_target")).toBe("kb-status-good");
    expect(cls("watch")).toBe("kb-status-warn");
    expect(cls("off_target")).toBe("kb-status-bad");
    expect(cls("no_target")).toBe("kb-status-none");
    expect(cls("no_data")).toBe("kb-status-none");
    expect(renderReplyHtml(reply([{ type: "fields", fields: [] }]))).toContain('<div class="kb-fields"><dl>');
  });

  it("says the status in the reply's language for screen readers", () => {
    const html = renderReplyHtml(reply([{ type: "fields", status: "off_target", fields: [] }], { locale: "fr" }));
    expect(html).toContain('lang="fr"');
    expect(html).toMatch(/<p class="kb-sr">Statut : [^<]+<\/p>/);
    expect(html).not.toContain("Status:");
  });

  it("escapes every string of the reply (no markup gets through)", () => {
    const evil = `<script>alert("x")</script>`;
    const html = renderReplyHtml(
      reply([
        { type: "header", text: evil },
        { type: "text", text: evil },
        { type: "fields", fields: [{ label: evil, value: evil }] },
        { type: "chart", spec: { ...spec, title: evil }, altText: `" onerror="alert(1)` },
        { type: "actions", actions: [{ actionId: `a" onclick="x`, label: evil, value: `"><script>` }] },
        { type: "context", text: evil },
      ]),
      [{ src: `x" onerror="alert(1)` }],
    );
    expect(html).not.toContain("<script");
    expect(html).not.toMatch(/"\s+on\w+=/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain('alt="&quot; onerror=&quot;alert(1)"');
    expect(html).toContain('data-action-id="a&quot; onclick=&quot;x"');
  });

  it("shows the alt text when a chart has no picture, and matches pictures to charts in order", () => {
    const html = renderReplyHtml(
      reply([
        { type: "chart", spec, altText: "first chart" },
        { type: "text", text: "between" },
        { type: "chart", spec, altText: "second chart" },
      ]),
      [undefined, { src: "https://charts.example/2.png" }],
    );
    expect(html).toContain(
      '<figure class="kb-chart kb-chart-missing"><figcaption>FCR — last 6 months</figcaption><p>first chart</p></figure>',
    );
    expect(html).toContain('<img src="https://charts.example/2.png" alt="second chart">');
  });

  it("marks ephemeral replies and renders button styles", () => {
    const html = renderReplyHtml(
      reply(
        [{ type: "actions", actions: [{ actionId: "kpi.share", label: "Share", value: "fcr", style: "primary" }] }],
        {
          ephemeral: true,
        },
      ),
    );
    expect(html).toContain(
      '<article class="kb-reply kb-ephemeral" lang="en"><p class="kb-ephemeral-note">Only visible to you</p>',
    );
    expect(html).toContain('class="kb-button kb-button-primary"');
  });
});
