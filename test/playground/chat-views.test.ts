import { describe, expect, it } from "vitest";
import { elementView, mattermostView } from "../../adapters/playground/chat-views.js";
import { REPLY_FIXTURES } from "../reply/fixtures.js";
import { htmlVisible } from "../reply/visible.js";

describe("the playground's Mattermost and Element views", () => {
  it.each(REPLY_FIXTURES.map((f) => [f.name, f] as const))(
    "%s: the texts as typed, no link, no mention, buttons that work",
    (_n, fixture) => {
      const images = [{ src: "data:image/png;base64,AAAA" }];
      const mm = mattermostView(fixture.reply, images);
      const el = elementView(fixture.reply, images);
      // A CommonMark renderer with link detection draws the Mattermost Markdown: a failed escape would be an <a> here.
      for (const html of [mm, el]) {
        expect(html).not.toMatch(/<a\s|<script|\son[a-z]+=|javascript:/i);
        const visible = htmlVisible(html);
        for (const shown of fixture.shows) expect(visible).toContain(shown);
        for (const typed of fixture.userTexts) expect(visible).toContain(typed);
      }
      const actions = fixture.reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
      // Mattermost's buttons go back through the page's button handler; Element lists them numbered.
      expect([...mm.matchAll(/data-action-id="([^"]*)"/g)].map((m) => m[1])).toEqual(
        actions.slice(0, 10).map((a) => a.actionId.replace(/&/g, "&amp;")),
      );
      expect(el.match(/<li>/g)?.length ?? 0).toBeGreaterThanOrEqual(Math.min(actions.length, 1) * actions.length);
    },
  );
});
