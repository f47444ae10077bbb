import { describe, expect, it } from "vitest";
import { renderMatrix } from "../../adapters/matrix/render.js";
import { MATTERMOST_LIMITS, renderPost } from "../../adapters/mattermost/render.js";
import { REPLY_FIXTURES } from "./fixtures.js";
import { htmlVisible } from "./visible.js";

/** What a Mattermost reader sees: backslash escapes, bold/code marks, heading marks and word joiners gone. */
function mattermostVisible(post: ReturnType<typeof renderPost>): string {
  const texts = [post.message];
  for (const a of post.props.attachments ?? []) {
    for (const f of a.fields ?? []) texts.push(f.title, f.value);
    for (const b of a.actions ?? []) texts.push(b.name);
  }
  return texts
    .map((t) => t.replace(/\\([!-/:-@[-`{-~])|\*\*|`|\u2060|^#### /gm, (_m, ch?: string) => ch ?? ""))
    .join("\n");
}

const MATRIX_TAGS = new Set(["h4", "p", "em", "strong", "code", "br", "ul", "ol", "li", "hr"]);

// The same shared Reply fixtures as the Slack, Teams, playground and CLI renderers (renderers.test.ts), through the
// Mattermost post and the Matrix event: one KPI answer, the same figures and words on every surface.
describe.each(REPLY_FIXTURES.map((f) => [f.name, f] as const))("%s, on Mattermost and Matrix", (_name, fixture) => {
  const { reply } = fixture;
  const post = renderPost(reply, {
    button: (a) => ({
      url: "https://kpibot.example.org/mattermost/actions",
      context: { a: a.actionId, v: a.value, s: "sig" },
    }),
  });
  const matrix = renderMatrix(reply, (first, last) => `Reply !kpi ${first}–!kpi ${last}`);
  const outputs = {
    mattermost: mattermostVisible(post),
    matrix: htmlVisible(matrix.html),
    "matrix body": matrix.body.replace(/\u2060/g, ""),
  };

  it("shows the headline number and the key texts", () => {
    for (const [platform, visible] of Object.entries(outputs)) {
      for (const shown of fixture.shows) expect(visible, `${platform} shows ${shown}`).toContain(shown);
    }
  });

  it("shows bold as bold and people's text as typed, never as a mention, a link or markup", () => {
    for (const b of fixture.bold) {
      expect(matrix.html).toContain(`<strong>`);
      expect(post.message).toMatch(/\*\*[^*]/);
      expect(outputs.mattermost).toContain(b);
    }
    // Mattermost: no link syntax, no address, no @ or ~ a mention or a channel link could start with.
    expect(post.message).not.toMatch(/\]\(|:\/\/|\bwww\.|@(?!\u2060)|(?<!\\)~(?!\u2060)/i);
    // Matrix: only the reply's own elements, and nothing a linkifier or @room would catch.
    for (const [, tag] of matrix.html.matchAll(/<\/?([a-z0-9]+)/g)) expect(MATRIX_TAGS.has(tag ?? "")).toBe(true);
    for (const text of [matrix.html, matrix.body]) expect(text).not.toMatch(/:\/\/|\bwww\.|@(?!\u2060)/i);
    for (const typed of fixture.userTexts) {
      for (const [platform, visible] of Object.entries(outputs))
        expect(visible, `${platform} shows ${typed}`).toContain(typed);
    }
  });

  it("stays within Mattermost's post size, and keeps every action reachable", () => {
    expect(Array.from(post.message).length).toBeLessThanOrEqual(MATTERMOST_LIMITS.messageChars);
    const actions = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
    expect(matrix.actions).toEqual(actions);
    const buttons = (post.props.attachments ?? []).flatMap((a) => a.actions ?? []);
    expect(buttons.length).toBe(Math.min(actions.length, MATTERMOST_LIMITS.buttons));
    for (const b of buttons) expect(b.id).toMatch(/^[a-z0-9]+$/i);
  });
});
