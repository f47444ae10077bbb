import { z } from "zod";
import type { App } from "../../src/app.js";
import type { Interaction } from "../../src/core/interaction.js";
import type { ServerKeys } from "../../src/core/keys.js";
import { observeInteraction, recordError } from "../../src/http/metrics.js";
import type { Reply } from "../../src/reply/types.js";
import { cardMarkdownHtml } from "./card-markdown.js";
import { type ChartCache, chartImages } from "./chart-images.js";
import { type ChatViews, chatViews } from "./chat-views.js";
import { withPlaygroundFiles } from "./exports.js";
import { type ChartImageRef, renderReplyHtml } from "./render-html.js";

/** Turns a neutral reply (and its chart pictures) into an Adaptive Card; the Teams renderer provides it. */
export type CardRenderer = (reply: Reply, images: ReadonlyArray<ChartImageRef | undefined>) => unknown;

/** The core call the API makes; tests may substitute it. */
export type InteractionHandler = (app: App, interaction: Interaction) => Promise<Reply>;

const session = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "a session id of 8–64 letters, digits, - or _");
// BCP 47-ish, as navigator.language gives it ("fr-FR", "en"); anything else is dropped rather than trusted.
const locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/)
  .optional()
  .catch(undefined);

/** The JSON the page posts: a typed command or a button click, with the browser's session id and language. */
export const interactionRequest = z.union([
  z.object({ session, locale, text: z.string().max(2000) }),
  z.object({ session, locale, actionId: z.string().min(1).max(100), value: z.string().max(2000) }),
]);

/** What the API answers: the Slack-like HTML, the fallback text and, when a card renderer is wired, the card. */
export interface InteractionResponse {
  html: string;
  fallback: string;
  locale: Reply["locale"];
  ephemeral: boolean;
  card?: unknown;
  /** With the card: the HTML of each of its Markdown texts, which the Teams view draws (card-markdown.ts). */
  cardMarkdown?: Record<string, string>;
  /** The same reply as Mattermost and Element would show kpibot's post (chat-views.ts). */
  views: ChatViews;
}

/** Removes the slash command a user may type out of habit ("/kpi fcr" = "fcr"). */
export function stripSlashCommand(text: string): string {
  return text.replace(/^\s*\/kpi(?=\s|$)/i, "").trim();
}

/**
 * The id kpibot knows a browser session by, as user and as conversation. The session id itself is
 * the browser's secret (whoever has it can act as that user): only a keyed hash of it is ever
 * stored, shown (`whoami`) or logged, and nobody can go back from the hash to the session.
 */
export function playgroundIdOf(keys: ServerKeys, sessionId: string): string {
  return `pg-${keys.mac("playground-session", sessionId).slice(0, 22)}`;
}

/** Builds the neutral interaction of one playground request: one user and one conversation per browser session. */
export function toInteraction(request: z.infer<typeof interactionRequest>, at: Date, keys: ServerKeys): Interaction {
  const id = playgroundIdOf(keys, request.session);
  const base = {
    user: { platform: "playground" as const, id, name: "Playground user" },
    conversation: { platform: "playground" as const, conversationId: id, name: "Playground" },
    at,
    ...(request.locale ? { locale: request.locale } : {}),
  };
  return "text" in request
    ? { ...base, kind: "command", text: stripSlashCommand(request.text) }
    : { ...base, kind: "action", actionId: request.actionId, value: request.value };
}

/** A reply as the page shows it: Slack-like HTML (charts drawn and kept), fallback text, the Teams card if wired. */
export async function present(
  app: App,
  given: Reply,
  renderCard: CardRenderer | undefined,
  charts: ChartCache,
  files?: ChartCache,
): Promise<InteractionResponse> {
  try {
    const reply = files ? await withPlaygroundFiles(app, given, files) : given;
    const images = await chartImages(app, reply, charts);
    const response: InteractionResponse = {
      html: renderReplyHtml(reply, images),
      fallback: reply.fallback,
      locale: reply.locale,
      ephemeral: reply.ephemeral ?? false,
      views: chatViews(reply, images),
    };
    if (renderCard) {
      response.card = renderCard(reply, images);
      response.cardMarkdown = cardMarkdownHtml(response.card);
    }
    return response;
  } catch (err) {
    recordError(app, "playground", "render");
    throw err;
  }
}

/** Answers one playground request through the same core as Slack and Teams, counted in /metrics. */
export async function answer(
  app: App,
  request: z.infer<typeof interactionRequest>,
  handle: InteractionHandler,
  renderCard: CardRenderer | undefined,
  charts: ChartCache,
  files?: ChartCache,
): Promise<InteractionResponse> {
  const interaction = toInteraction(request, app.clock.now(), app.keys);
  const reply = await observeInteraction(app, "playground", () => handle(app, interaction));
  return present(app, reply, renderCard, charts, files);
}

/** The page's poll for messages kpibot posted into its conversation: `?session=…&after=<seq>`. */
export const messagesRequest = z.object({ session, after: z.coerce.number().int().min(0).default(0) });

/** The one-time admin link's request: this browser's session and the token printed in the log. */
export const adminRequest = z.object({ session, token: z.string().min(16).max(200) });
