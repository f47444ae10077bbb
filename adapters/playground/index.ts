import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Context } from "hono";
import { handleInteraction } from "../../src/commands/index.js";
import { loopbackOnly } from "../../src/http/peer.js";
import type { RouteModule } from "../../src/http/server.js";
import type { OneTimeToken } from "./admin-link.js";
import {
  adminRequest,
  answer,
  type CardRenderer,
  type InteractionHandler,
  interactionRequest,
  messagesRequest,
  playgroundIdOf,
  present,
} from "./api.js";
import { CHART_PATH, ChartCache } from "./chart-images.js";
import { EXPORT_PATH } from "./exports.js";
import type { PlaygroundOutbox } from "./outbox.js";
import { pageLocale, renderPage, STATIC_DIR } from "./page.js";

export { OneTimeToken } from "./admin-link.js";
export type { CardRenderer, InteractionHandler, InteractionResponse } from "./api.js";
export { playgroundIdOf } from "./api.js";
export { PlaygroundOutbox } from "./outbox.js";
export { type ChartImageRef, renderReplyHtml } from "./render-html.js";

/** Options of the playground: the Teams card renderer once it exists (shows the "Teams" switch). */
export interface PlaygroundOptions {
  renderCard?: CardRenderer;
  /** The core entry point; tests substitute it. Default: handleInteraction. */
  handle?: InteractionHandler;
  /** Where digests, alerts and surveys post into playground conversations (the page polls it). */
  outbox?: PlaygroundOutbox;
  /** The one-time admin link printed at start (`/?admin=<token>`); without it nobody becomes admin here. */
  adminLink?: OneTimeToken;
}

/** URL paths of the playground, in one place for the page, the tests and the docs. */
export const PLAYGROUND_PATHS = {
  page: "/",
  api: "/playground/api/interactions",
  messages: "/playground/api/messages",
  admin: "/playground/api/admin",
  css: "/playground/static/playground.css",
  js: "/playground/static/playground.js",
  cardMarkdown: "/playground/static/card-markdown.js",
  adaptiveCards: "/playground/static/adaptivecards.min.js",
} as const;

// The page loads nothing but its own files; chart pictures are data URIs (local) or https URLs (QuickChart).
const CSP = [
  "default-src 'self'",
  "img-src 'self' data: https:",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const STATIC_TYPES = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" } as const;

/** Reads a static asset once; the files are tiny and never change while the server runs. */
function asset(path: string): () => string {
  let body: string | undefined;
  return () => {
    body ??= readFileSync(path, "utf8");
    return body;
  };
}

/** The local web chat: `GET /` (the page), its assets, and `POST /playground/api/interactions`. */
export function playgroundRoutes(opts: PlaygroundOptions = {}): RouteModule {
  const handle = opts.handle ?? handleInteraction;
  const css = asset(join(STATIC_DIR, "playground.css"));
  const js = asset(join(STATIC_DIR, "playground.js"));
  const cardMarkdown = asset(join(STATIC_DIR, "card-markdown.js"));
  const serve = (c: Context, body: string, type: string) =>
    c.body(body, 200, { "content-type": type, "cache-control": "no-cache" });

  return (http, app) => {
    // Nothing authenticates a playground visitor: only this machine may use it (docs/security.md).
    const local = loopbackOnly("the playground");
    http.use(PLAYGROUND_PATHS.page, local);
    http.use("/playground/*", local);
    const charts = new ChartCache(() => app.clock.now().getTime());
    // The CSV exports of replies, kept an hour like the charts (the same bounded cache, apart).
    const files = new ChartCache(() => app.clock.now().getTime());
    http.get(PLAYGROUND_PATHS.page, (c) => {
      const locale = pageLocale(c.req.query("lang"), c.req.header("accept-language"), app.config.KPIBOT_LOCALE);
      c.header("content-security-policy", CSP);
      c.header("x-content-type-options", "nosniff");
      return c.html(renderPage(locale, app.config, { teamsView: opts.renderCard !== undefined }));
    });
    http.get(PLAYGROUND_PATHS.css, (c) => serve(c, css(), STATIC_TYPES.css));
    http.get(PLAYGROUND_PATHS.js, (c) => serve(c, js(), STATIC_TYPES.js));
    http.get(PLAYGROUND_PATHS.cardMarkdown, (c) => serve(c, cardMarkdown(), STATIC_TYPES.js));
    if (opts.renderCard) {
      // Microsoft's own renderer, served from node_modules: the Teams view draws the card exactly as the SDK does.
      const require = createRequire(import.meta.url);
      const adaptiveCards = asset(
        join(require.resolve("adaptivecards/package.json"), "..", "dist/adaptivecards.min.js"),
      );
      http.get(PLAYGROUND_PATHS.adaptiveCards, (c) => serve(c, adaptiveCards(), STATIC_TYPES.js));
    }

    http.get(`${CHART_PATH}/:file`, (c) => {
      const id = /^([0-9a-f-]{36})\.png$/.exec(c.req.param("file"))?.[1];
      const bytes = id ? charts.get(id) : undefined;
      if (!bytes) return c.text("chart expired: ask again", 404);
      return c.body(new Uint8Array(bytes), 200, {
        "content-type": "image/png",
        "cache-control": "private, max-age=3600",
      });
    });

    http.get(`${EXPORT_PATH}/:file`, (c) => {
      const id = /^([0-9a-f-]{36})\.csv$/.exec(c.req.param("file"))?.[1];
      const bytes = id ? files.get(id) : undefined;
      if (!bytes) return c.text("export expired: ask again", 404);
      return c.body(new Uint8Array(bytes), 200, {
        "content-type": "text/csv; charset=utf-8",
        // The page's link names the file (its download attribute).
        "content-disposition": "attachment",
        "cache-control": "private, no-store",
      });
    });

    const outbox = opts.outbox;
    if (outbox) {
      // What digests, alerts and surveys posted into this browser's conversation since the page last asked.
      http.get(PLAYGROUND_PATHS.messages, async (c) => {
        const parsed = messagesRequest.safeParse({ session: c.req.query("session"), after: c.req.query("after") });
        if (!parsed.success) return c.json({ error: "expected ?session=<id>&after=<number>" }, 400);
        const found = outbox.since(playgroundIdOf(app.keys, parsed.data.session), parsed.data.after);
        try {
          const messages = [];
          for (const m of found)
            messages.push({
              seq: m.seq,
              id: m.messageId,
              ...(await present(app, m.reply, opts.renderCard, charts, files)),
            });
          return c.json({ messages, last: found.at(-1)?.seq ?? parsed.data.after });
        } catch (err) {
          app.logger.error({ err }, "playground: could not show a posted message");
          return c.json({ error: "kpibot could not show its messages" }, 500);
        }
      });
    }

    // The one-time admin link: the page posts the token with its session; the first right token makes it admin.
    http.post(PLAYGROUND_PATHS.admin, async (c) => {
      if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
        return c.json({ error: "send application/json" }, 415);
      }
      const parsed = adminRequest.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json({ error: "expected {session, token}" }, 400);
      if (!opts.adminLink?.consume(parsed.data.token)) {
        app.logger.warn("playground: refused an admin link (wrong, or already used)");
        return c.json({ error: "this admin link is wrong or was already used: restart kpibot for a new one" }, 403);
      }
      const id = playgroundIdOf(app.keys, parsed.data.session);
      await app.repos.users.setRole("playground", id, "admin");
      await app.repos.audit.record({
        actor: "playground:admin-link",
        action: "role.grant",
        target: `playground:${id}`,
        details: { role: "admin", via: "one-time admin link" },
      });
      app.logger.info({ user: `playground:${id}` }, "playground: the admin link was used");
      return c.json({ role: "admin" });
    });

    http.post(PLAYGROUND_PATHS.api, async (c) => {
      // JSON only: a cross-site form cannot send this content type without a CORS preflight we never grant.
      if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
        return c.json({ error: "send application/json" }, 415);
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: "the body is not valid JSON" }, 400);
      }
      const parsed = interactionRequest.safeParse(body);
      if (!parsed.success) {
        return c.json({ error: "expected {session, text} or {session, actionId, value}" }, 400);
      }
      try {
        return c.json(await answer(app, parsed.data, handle, opts.renderCard, charts, files));
      } catch (err) {
        // Already counted (stage command or render) where it happened.
        app.logger.error({ err }, "playground: interaction failed");
        return c.json({ error: "kpibot could not answer" }, 500);
      }
    });
  };
}
