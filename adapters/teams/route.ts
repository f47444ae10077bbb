import type { Activity } from "botbuilder";
import type { Hono } from "hono";
import { fromLoopback } from "../../src/http/peer.js";
import type { Logger } from "../../src/logger.js";
import { activitySchema } from "./activity.js";
import type { KpibotCloudAdapter, TurnLogic } from "./bot-adapter.js";

/** Where the Azure Bot's messaging endpoint points. */
export const TEAMS_MESSAGES_PATH = "/api/messages";

/**
 * In emulator mode nothing authenticates the caller, and replies go to the activity's serviceUrl:
 * accept only loopback and private-network connectors so an open kpibot cannot be made to send
 * KPI answers to an arbitrary host.
 */
export function isLocalServiceUrl(serviceUrl: string): boolean {
  let host: string;
  try {
    host = new URL(serviceUrl).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return false;
  }
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(host)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (!v4) return false;
  const a = Number(v4[1]);
  const b = Number(v4[2]);
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** What the route needs. */
export interface TeamsRouteDeps {
  adapter: KpibotCloudAdapter;
  logic: TurnLogic;
  logger: Logger;
  emulator: boolean;
  /** Entra ID tenants answered (lower case); empty: every tenant. */
  tenants: readonly string[];
  /**
   * A turn started (metrics): `done(seconds)` once its HTTP answer is ready, which Teams waits for (its limit is
   * 15 s); the replies were sent within the turn.
   */
  turnStarted?: () => (seconds: number) => void;
}

/** The tenant an activity comes from (the conversation's, or Teams' channelData). */
export function tenantOf(activity: Activity): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = activity.conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof id === "string" ? id.toLowerCase() : undefined;
}

/** Mounts `POST /api/messages`: validate, authenticate (401 when it fails), run the turn, answer. */
export function mountTeamsRoute(http: Hono, deps: TeamsRouteDeps): void {
  http.post(TEAMS_MESSAGES_PATH, async (c) => {
    // Emulator mode authenticates nobody: only this machine may talk to it (KPIBOT_TEAMS_EMULATOR).
    if (deps.emulator && !fromLoopback(c)) {
      deps.logger.warn("teams: emulator mode refused a request from another machine");
      return c.json({ error: "emulator mode only answers requests from this machine" }, 403);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "the body must be a Bot Framework activity (JSON)" }, 400);
    }
    const parsed = activitySchema.safeParse(body);
    if (!parsed.success) {
      return c.json({ error: "not a Bot Framework activity", issues: parsed.error.issues.map((i) => i.message) }, 400);
    }
    const activity = parsed.data as unknown as Activity;
    let auth: Awaited<ReturnType<KpibotCloudAdapter["authenticate"]>>;
    try {
      auth = await deps.adapter.authenticate(activity, c.req.header("authorization") ?? "");
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      const reason = err instanceof Error ? err.message : String(err);
      // A 5xx here means the Bot Framework signing keys could not be fetched: still no valid identity.
      if (typeof status === "number" && status >= 500) deps.logger.error({ reason }, "teams: cannot verify tokens");
      else deps.logger.warn({ reason, channel: activity.channelId }, "teams: rejected an unauthenticated request");
      return c.json({ error: "unauthorized" }, 401);
    }
    // expectReplies returns every answer in this HTTP response: only to a caller the Bot Framework vouched for.
    if (deps.emulator && activity.deliveryMode === "expectReplies") {
      deps.logger.warn("teams: refused deliveryMode expectReplies on an unauthenticated request");
      return c.json({ error: "expectReplies needs an authenticated request (set MICROSOFT_APP_ID)" }, 403);
    }
    const tenant = tenantOf(activity);
    if (deps.tenants.length > 0 && !(tenant && deps.tenants.includes(tenant))) {
      deps.logger.warn(
        { tenant: tenant ?? null },
        "teams: refused an activity from a tenant not in KPIBOT_TEAMS_TENANTS",
      );
      return c.json({ error: "this tenant is not allowed" }, 403);
    }
    if (deps.emulator && !isLocalServiceUrl(activity.serviceUrl)) {
      deps.logger.warn(
        { serviceUrl: activity.serviceUrl },
        "teams: emulator mode only answers connectors on this machine or a private network; set MICROSOFT_APP_ID to talk to Teams",
      );
      return c.json({ error: "emulator mode: serviceUrl must be local" }, 403);
    }
    const started = performance.now();
    const turnDone = deps.turnStarted?.();
    try {
      const invoke = await deps.adapter.run(auth, activity, deps.logic);
      turnDone?.((performance.now() - started) / 1000);
      if (invoke) return c.json((invoke.body ?? {}) as object, invoke.status as 200);
      return c.body(null, 200);
    } catch (err) {
      turnDone?.((performance.now() - started) / 1000);
      deps.logger.error({ err, activity: activity.id, type: activity.type }, "teams: turn failed");
      return c.json({ error: "internal error" }, 500);
    }
  });
}
